namespace TraceCurate.Formats;

/// <summary>For formats where one file is one session (Pi, Claude Code, Codex, SWE-agent): the whole file is one record.</summary>
public static class WholeFile
{
    public static IEnumerable<RawRecord> Split(Stream content, InputFile file)
    {
        var max = Math.Min(file.Options.Limits.MaxRecordBytes, Array.MaxLength - 1);
        // A stream that cannot tell its length (a compressed file's content) still comes from a file of known size, which
        // sizes the array (growing from 64 KB copied a session about twice); its content may grow past it, as before.
        var expected = file.IsStream ? -1 : file.Length;
        // A session file over the record limit is a bad record, not an allocation of its whole size (docs/safety.md).
        if (ReadAll(content, max, expected, out var chunk) is not { } bytes)
        {
            if (file.IsStream) throw JsonLines.TooLongInStream(file, 1, max);
            yield return JsonLines.TooLong(file, 1, max);
            yield break;
        }
        if (bytes.Span.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        yield return new RawRecord(file, 1, bytes) { Chunk = chunk };
    }

    /// <summary>
    /// The rest of <paramref name="content"/> in one array, or null when it holds more than <paramref name="max"/> bytes
    /// (then at most one byte over the limit was read into memory). Used by every whole-file read (the splitter above, and
    /// the Claude Code sub-agent files' look-up of their session file), so that all read a file the same way.
    /// </summary>
    internal static ReadOnlyMemory<byte>? ReadAll(Stream content, long max) => ReadAll(content, max, -1, out _, pooled: false);

    /// <summary>
    /// As <see cref="ReadAll(Stream, long)"/>; a content of known length over the large-object threshold is read into a
    /// pooled array, handed out as <paramref name="chunk"/>, which goes back to the pool when the runner or inspect
    /// releases its record (<see cref="RawRecord"/>.Release): fresh large arrays made the collector run full collections.
    /// The chunk's one reference is the record's; an exception leaves the array to the collector.
    /// </summary>
    private static ReadOnlyMemory<byte>? ReadAll(Stream content, long max, long expected, out LineChunk? chunk, bool pooled = true)
    {
        chunk = null;
        // A plain file is read straight into one array of its size: growing a MemoryStream copied a session about twice
        // over and took as long as parsing its JSON (profiled on a folder of Claude Code sessions). A file that grew
        // since its length was read is read on with the growing buffer, so nothing after the length is lost.
        var known = content.CanSeek ? content.Length - content.Position : -1;
        if (known > max) return null;
        var size = known >= 0 ? known : expected;
        if (pooled && size > 0) chunk = LineChunk.RentFile(size);
        // Not zeroed: every byte handed out is read from the stream first (zeroing a folder's worth of session files was
        // about 1.5% of reading it).
        var buffer = chunk?.Array ?? GC.AllocateUninitializedArray<byte>(size >= 0 ? (int)Math.Min(size, max + 1) : 1 << 16);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                // The buffer is full: one byte more tells a file that goes on (it grew, or its length was unknown) from one
                // that ends here.
                var next = content.ReadByte();
                if (next < 0) break;
                Grow(ref buffer, length + 1L, max);
                chunk?.Release(); // the grown copy is a plain array
                chunk = null;
                buffer[length++] = (byte)next;
            }
            else
            {
                var read = content.Read(buffer, length, buffer.Length - length);
                if (read == 0) break;
                length += read;
            }
            if (length > max)
            {
                chunk?.Release();
                chunk = null;
                return null;
            }
        }
        return buffer.AsMemory(0, length);
    }

    /// <summary>Doubles the buffer, never past one byte over the limit (enough to tell that a file is too long).</summary>
    private static void Grow(ref byte[] buffer, long atLeast, long max)
    {
        var size = (int)Math.Min(Math.Max(atLeast, (long)buffer.Length * 2), max + 1);
        Array.Resize(ref buffer, size);
    }
}
