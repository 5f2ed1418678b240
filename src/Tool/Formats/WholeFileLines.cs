namespace TraceCurate.Formats;

/// <summary>
/// The lines of a whole-file JSONL session (Codex; one record = the whole file), with 1-based line numbers, so a
/// reader can parse line by line and name the line of a bad one. Empty and whitespace-only lines are skipped and
/// <c>\r\n</c> endings trimmed, as <see cref="JsonLines"/> does for row formats (input-formats §1.3).
/// </summary>
public static class WholeFileLines
{
    public readonly record struct Line(long Number, ReadOnlyMemory<byte> Bytes, bool Terminated);

    public static IEnumerable<Line> Enumerate(ReadOnlyMemory<byte> content)
    {
        var rest = content;
        if (rest.Span.StartsWith("\uFEFF"u8)) rest = rest[3..];
        long number = 0;
        while (!rest.IsEmpty)
        {
            number++;
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (!line.IsEmpty && line.Span[^1] == (byte)'\r') line = line[..^1];
            if (line.Span.Trim(" \t\r"u8).IsEmpty) continue;
            yield return new Line(number, line, end >= 0);
        }
    }
}
