using System.Buffers;

namespace TraceCurate.Formats;

/// <summary>
/// Splits a stream into lines of any length, streaming, with their 1-based line numbers. Empty and whitespace-only
/// lines are skipped (input-formats §1.3); a BOM at the start is dropped; <c>\r\n</c> endings are trimmed.
/// </summary>
public static class JsonLines
{
    public static IEnumerable<RawRecord> Split(Stream content, InputFile file)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int start = 0, end = 0;
            var lineNumber = file.FirstLine;
            var first = file.FirstLine == 1; // a BOM can only stand at the start of the file
            var eof = false;
            while (true)
            {
                var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var record = MakeRecord(buffer, start, newline, file, lineNumber, ref first, terminated: true);
                    if (record is not null) yield return record;
                    start += newline + 1;
                    lineNumber++;
                    continue;
                }
                if (eof)
                {
                    if (end > start)
                    {
                        var last = MakeRecord(buffer, start, end - start, file, lineNumber, ref first, terminated: false);
                        if (last is not null) yield return last;
                    }
                    yield break;
                }
                // Compact, grow if one line fills the buffer, then read more.
                if (start > 0)
                {
                    Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    start = 0;
                }
                if (end == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
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

    private static RawRecord? MakeRecord(byte[] buffer, int start, int length, InputFile file, long line, ref bool first, bool terminated)
    {
        var span = buffer.AsSpan(start, length);
        if (first)
        {
            first = false;
            if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        }
        if (!span.IsEmpty && span[^1] == (byte)'\r') span = span[..^1];
        if (span.Trim(" \t\r"u8).IsEmpty) return null;
        return new RawRecord(file, line, span.ToArray()) { Unterminated = !terminated };
    }
}
