using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// Splits a stream into lines, streaming, with their 1-based line numbers. Empty and whitespace-only lines are
/// skipped (input-formats §1.3); a BOM at the start is dropped; <c>\r\n</c> endings are trimmed. A line longer than
/// <see cref="ReadLimits.MaxRecordBytes"/> is never held whole: the buffer stops growing, the rest of the line is
/// read and dropped, and the line comes out as a bad record (<see cref="RawRecord.Problem"/>) naming its line.
/// </summary>
public static class JsonLines
{
    /// <summary>Bytes read per chunk; a line longer than this gets a chunk of its own.</summary>
    public const int ChunkBytes = 4 << 20;

    public static IEnumerable<RawRecord> Split(Stream content, InputFile file) => Split(content, file, ChunkBytes);

    internal static IEnumerable<RawRecord> Split(Stream content, InputFile file, int chunkBytes)
    {
        var max = Math.Min(file.Options.Limits.MaxRecordBytes, Array.MaxLength - 1); // one array holds one record
        var chunk = LineChunk.Rent((int)Math.Min(chunkBytes, max + 1));
        var buffer = chunk.Array;
        int start = 0, end = 0;
        var lineNumber = file.FirstLine;
        var first = file.FirstLine == 1; // a BOM can only stand at the start of the file
        var eof = false;
        var skipping = false; // inside a line already known to be too long
        try
        {
            while (true)
            {
                var newline = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
                if (newline >= 0)
                {
                    var record = skipping
                        ? TooLong(file, lineNumber, max)
                        : MakeRecord(chunk, start, newline, file, lineNumber, ref first, terminated: true, max);
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
                        var last = MakeRecord(chunk, start, end - start, file, lineNumber, ref first, terminated: false, max);
                        if (last is not null) yield return last;
                    }
                    yield break;
                }
                if (skipping || end - start > max)
                {
                    if (file.IsStream) throw TooLongInStream(file, lineNumber, max);
                    // Too long: drop what is buffered (no record points into it) and keep reading until the line ends.
                    skipping = true;
                    first = false;
                    start = end = 0;
                }
                else if (end == buffer.Length || (start > 0 && buffer.Length - end < chunkBytes / 4))
                {
                    // The rest of the chunk is too small to be worth a read: the unfinished line moves to a fresh chunk
                    // (twice as big when the line alone fills this one, up to one byte over the limit, enough to tell
                    // that a line is too long). Records already cut keep pointing into the old chunk, never rewritten.
                    var pending = end - start;
                    var size = pending * 2L > chunkBytes ? Math.Min((long)buffer.Length * 2, max + 1) : Math.Min(chunkBytes, max + 1);
                    var fresh = LineChunk.Rent((int)Math.Max(size, pending + 1));
                    Buffer.BlockCopy(buffer, start, fresh.Array, 0, pending);
                    chunk.Release();
                    chunk = fresh;
                    buffer = fresh.Array;
                    start = 0;
                    end = pending;
                }
                var read = content.Read(buffer, end, buffer.Length - end);
                if (read == 0) eof = true;
                end += read;
            }
        }
        finally
        {
            chunk.Release(); // the splitter's own reference; the records keep theirs
        }
    }

    /// <summary>The bad record that stands for a line longer than the limit.</summary>
    public static RawRecord TooLong(InputFile file, long line, long max) => new(file, line, ReadOnlyMemory<byte>.Empty)
    {
        Problem = $"the record is longer than the {ReadLimits.Size(max)} limit (max_record_bytes, --max-record-bytes); it was not read",
    };

    /// <summary>
    /// A record over the limit in a pipe or device cannot be skipped: its end may never come (<c>/dev/zero</c>), and
    /// reading on to find it is what the limit exists to prevent. So reading stops there, an error at its line, even
    /// when bad records are skipped. A regular file's long line is read through to its end and skipped.
    /// </summary>
    public static TraceCurateException TooLongInStream(InputFile file, long line, long max) =>
        new(Diagnostic.Error(DiagnosticCodes.BadRecord,
            $"the record is longer than the {ReadLimits.Size(max)} limit (max_record_bytes, --max-record-bytes), and in a pipe or " +
            "device the rest of it cannot be skipped (it may never end); reading stops here. Raise the limit, or save the input to a file",
            file.Path, line));

    private static RawRecord? MakeRecord(LineChunk chunk, int start, int length, InputFile file, long line, ref bool first, bool terminated, long max)
    {
        var span = chunk.Array.AsSpan(start, length);
        if (first)
        {
            first = false;
            if (span.StartsWith("\uFEFF"u8))
            {
                span = span[3..];
                start += 3;
            }
        }
        if (!span.IsEmpty && span[^1] == (byte)'\r') span = span[..^1];
        if (span.Trim(" \t\r"u8).IsEmpty) return null;
        if (span.Length > max) return TooLong(file, line, max);
        chunk.AddReference();
        return new RawRecord(file, line, chunk.Array.AsMemory(start, span.Length)) { Unterminated = !terminated, Chunk = chunk };
    }
}
