using System.Buffers;

namespace TraceCurate.Formats;

/// <summary>
/// Splits a stream into lines, streaming, with their 1-based line numbers. Empty and whitespace-only lines are
/// skipped (input-formats §1.3); a BOM at the start is dropped; <c>\r\n</c> endings are trimmed. A line longer than
/// <see cref="ReadLimits.MaxRecordBytes"/> is never held whole: the buffer stops growing, the rest of the line is
/// read and dropped, and the line comes out as a bad record (<see cref="RawRecord.Problem"/>) naming its line.
/// </summary>
public static class JsonLines
{
    public static IEnumerable<RawRecord> Split(Stream content, InputFile file)
    {
        var max = Math.Min(file.Options.Limits.MaxRecordBytes, Array.MaxLength - 1); // one array holds one record
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(1 << 20, max + 1));
        try
        {
            int start = 0, end = 0;
            var lineNumber = file.FirstLine;
            var first = file.FirstLine == 1; // a BOM can only stand at the start of the file
            var eof = false;
            var skipping = false; // inside a line already known to be too long
            while (true)
            {
                var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var record = skipping
                        ? TooLong(file, lineNumber, max)
                        : MakeRecord(buffer, start, newline, file, lineNumber, ref first, terminated: true, max);
                    skipping = false;
                    if (record is not null) yield return record;
                    start += newline + 1;
                    lineNumber++;
                    continue;
                }
                if (eof)
                {
                    if (skipping) yield return TooLong(file, lineNumber, max);
                    else if (end > start)
                    {
                        var last = MakeRecord(buffer, start, end - start, file, lineNumber, ref first, terminated: false, max);
                        if (last is not null) yield return last;
                    }
                    yield break;
                }
                if (skipping || end - start > max)
                {
                    // Too long: drop what is buffered and keep reading until the line ends.
                    skipping = true;
                    first = false;
                    start = end = 0;
                }
                else if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.Length)
                {
                    // Grow only up to one byte over the limit: enough to tell that a line is too long.
                    var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, max + 1));
                    Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
                var read = content.Read(buffer, end, buffer.Length - end);
                if (read == 0) eof = true;
                end += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The bad record that stands for a line longer than the limit.</summary>
    public static RawRecord TooLong(InputFile file, long line, long max) => new(file, line, ReadOnlyMemory<byte>.Empty)
    {
        Problem = $"the record is longer than the {ReadLimits.Size(max)} limit (max_record_bytes, --max-record-bytes); it was not read",
    };

    private static RawRecord? MakeRecord(byte[] buffer, int start, int length, InputFile file, long line, ref bool first, bool terminated, long max)
    {
        var span = buffer.AsSpan(start, length);
        if (first)
        {
            first = false;
            if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        }
        if (!span.IsEmpty && span[^1] == (byte)'\r') span = span[..^1];
        if (span.Trim(" \t\r"u8).IsEmpty) return null;
        if (span.Length > max) return TooLong(file, line, max);
        return new RawRecord(file, line, span.ToArray()) { Unterminated = !terminated };
    }
}
