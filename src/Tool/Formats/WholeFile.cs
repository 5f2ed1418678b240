using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>For formats where one file is one session (Pi, Claude Code, Codex, SWE-agent): the whole file is one record.</summary>
public static class WholeFile
{
    public static IEnumerable<RawRecord> Split(Stream content, InputFile file)
    {
        var max = MaxBytes(file);
        // A stream that cannot tell its length (a compressed file's content) still comes from a file of known size, which
        // sizes the array (growing from 64 KB copied a session about twice); its content may grow past it, as before.
        var expected = file.IsStream ? -1 : file.Length;
        var source = new StreamSource(content);
        // A session file over the record limit is a bad record, not an allocation of its whole size (docs/safety.md).
        if (ReadAll(ref source, Remaining(content), max, expected, out var chunk, pooled: true) is not { } bytes)
        {
            if (file.IsStream) throw JsonLines.TooLongInStream(file, 1, max);
            yield return TooLong(file, max);
            yield break;
        }
        yield return Record(file, bytes, chunk);
    }

    /// <summary>
    /// The one record <see cref="Split"/> gives for a plain file, read through the file's handle at known offsets: the
    /// record <c>Split(FormatDetector.Open(path), file)</c> gives, byte for byte. A folder of ten thousand small Codex
    /// sessions paid per file for a <see cref="FileStream"/> over the handle (the position asked with <c>lseek</c>), a
    /// read-ahead hint, the length asked twice with <c>fstat</c>, and a separate read of the first four bytes for the
    /// compression check: five calls into the kernel more than open, lock, the reads and close, which is all this
    /// makes. The length is the folder walk's (<see cref="InputFile.Length"/>); a file that changed since is read to its
    /// end all the same. Null, for the stream path to read, when the file is compressed (named so, or its first bytes,
    /// checked after the read, are gzip's or zstd's), read once already (a pipe or device: <see cref="StreamInputs"/>),
    /// or longer than the record limit (a compressed file's limit is on its content).
    /// </summary>
    /// <param name="threads">The threads the read may use: a file of at least <see cref="SessionParts.LargeBytes"/> bytes is
    /// read in parts on them (<see cref="ReadInParts"/>).</param>
    internal static RawRecord? ReadPlain(InputFile file, int threads = 1)
    {
        if (!ReadAsStored(file)) return null;
        var max = MaxBytes(file);
        // Opened with the lock FormatDetector.OpenRaw takes, without .NET's fstat and unlock (SharedReadFile); a file that
        // one cannot open or read is opened the .NET way, whose errors are the stream path's.
        if (SharedReadFile.TryOpen(file.Path, out var shared))
        {
            var fast = new FileSource(new PositionalFile(shared));
            ReadOnlyMemory<byte>? read;
            LineChunk? readChunk;
            bool failedInParts;
            try
            {
                read = ReadInParts(new PositionalFile(shared), file.Length, threads, out readChunk, out failedInParts);
                if (read is null && !failedInParts) read = ReadAll(ref fast, file.Length, max, file.Length, out readChunk, pooled: true);
            }
            finally
            {
                fast.Dispose();
            }
            if (!fast.Failed && !failedInParts) return Plain(file, read, readChunk);
            readChunk?.Release(); // what was read before the failure is never used
        }
        // Opened as FormatDetector.OpenRaw opens it (same sharing, same errors), without its read-ahead hint: the file is
        // read whole at once.
        using var handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var source = new FileSource(new PositionalFile(handle));
        LineChunk? chunk;
        var bytes = ReadInParts(new PositionalFile(handle), file.Length, threads, out chunk, out _)
                    ?? ReadAll(ref source, file.Length, max, file.Length, out chunk, pooled: true);
        return Plain(file, bytes, chunk);
    }

    /// <summary>
    /// A large plain file read whole in one part per thread, each at its own offset into the one array: a single long
    /// session was read on one core, and the kernel's copy of 87 MB into fresh memory took about a seventh of reading
    /// it. Null, with nothing left to release, when the file is read in one pass: fewer than two threads, a smaller file,
    /// or a file whose length is no longer the walk's (it changed since: the one-pass read takes it as it is now), and
    /// when a read failed (<paramref name="failed"/>, as <see cref="PositionalFile.Failed"/>).
    /// </summary>
    private static ReadOnlyMemory<byte>? ReadInParts(PositionalFile file, long length, int threads, out LineChunk? chunk, out bool failed)
    {
        chunk = null;
        failed = false;
        if (threads < 2 || length < SessionParts.LargeBytes || length >= Array.MaxLength) return null;
        var rented = LineChunk.RentFile(length);
        var buffer = rented?.Array ?? GC.AllocateUninitializedArray<byte>((int)length);
        var part = (length + threads - 1) / threads;
        var whole = true;
        var anyFailed = false;
        var thrown = OnThreads.Run(threads, threads, k =>
        {
            var start = k * part;
            var count = (int)Math.Min(part, length - start);
            if (count <= 0) return;
            var at = file.At(start);
            if (at.Fill(buffer.AsSpan((int)start, count)) != count) whole = false; // the file is shorter now
            if (at.Failed) anyFailed = true;
        });
        if (Array.Find(thrown, e => e is not null) is { } error)
        {
            // A read through a .NET handle throws: the error the one-pass read would have thrown.
            rented?.Release();
            error.Throw();
        }
        Span<byte> more = stackalloc byte[1];
        var end = file.At(length);
        if (!anyFailed && whole && end.Read(more) == 0 && !end.Failed)
        {
            chunk = rented;
            return buffer.AsMemory(0, (int)length);
        }
        rented?.Release();
        failed = anyFailed || end.Failed;
        return null;
    }

    /// <summary><see cref="ReadPlain"/>'s record from the bytes read, or null for the stream path (over the limit, compressed).</summary>
    private static RawRecord? Plain(InputFile file, ReadOnlyMemory<byte>? read, LineChunk? chunk)
    {
        // Over the limit: the stream path decides, as a compressed file's content is what counts.
        if (read is not { } bytes) return null;
        if (FormatDetector.CompressionOf(bytes.Span) != FormatDetector.Compression.None)
        {
            chunk?.Release();
            return null;
        }
        return Record(file, bytes, chunk);
    }

    /// <summary>
    /// Whether <see cref="ReadPlain"/> reads <paramref name="file"/> into one array of its own size: a plain file within
    /// the record limit, not read once already as a stream (a compressed one's array is its content's size, which its
    /// name does not tell; a longer one is a bad record). The magic bytes may still send it to the stream path after the read.
    /// </summary>
    internal static bool ReadAsStored(InputFile file) =>
        !file.IsStream && file.Length <= MaxBytes(file) && !NamedCompressed(file.Path) && StreamInputs.Find(Path.GetFullPath(file.Path)) is null;

    /// <summary>
    /// A name that says the file is compressed: the stream path takes it at once, so a folder of <c>.gz</c> sessions is
    /// not read whole twice (the magic bytes still decide for any other name, after the read).
    /// </summary>
    private static bool NamedCompressed(string path) => !ReferenceEquals(ZstdInput.WithoutCompressionSuffix(path), path);

    /// <summary>
    /// A session file over the record limit, as one bad record at its first line. A session file is one record, read
    /// whole (its traces are built from all its lines), so the limit is on the file: a Codex rollout or a Claude Code
    /// session of a long day's work passes 256 MiB, and "the record is longer than the limit" did not say which limit
    /// would read it. This gives the file's size and the setting that reads it, or says that none can: .NET holds at
    /// most 2 GiB in one array. A compressed file whose content outgrew the limit gets the line reader's message.
    /// </summary>
    internal static RawRecord TooLong(InputFile file, long max)
    {
        if (file.Length <= max) return JsonLines.TooLong(file, 1, max);
        var size = ReadLimits.Approximate(file.Length);
        var roundedUp = (file.Length + (1L << 20) - 1) >> 20 << 20;
        var problem = file.Length >= Array.MaxLength
            ? $"the session file is {size}; a session file is read whole, as one record, and one of 2 GiB or more cannot be (no array holds it), so it was not read"
            : $"the session file is {size}, longer than the {ReadLimits.Size(max)} record limit; a session file is read whole, as one record, " +
              $"so it was not read: raise the limit to read it (--max-record-bytes {roundedUp}, or max_record_bytes: {roundedUp} in the recipe; " +
              "reading it holds about twice its size in memory)";
        return new RawRecord(file, 1, ReadOnlyMemory<byte>.Empty) { Problem = problem };
    }

    private static long MaxBytes(InputFile file) => Math.Min(file.Options.Limits.MaxRecordBytes, Array.MaxLength - 1);

    private static RawRecord Record(InputFile file, ReadOnlyMemory<byte> bytes, LineChunk? chunk)
    {
        if (bytes.Span.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        return new RawRecord(file, 1, bytes) { Chunk = chunk };
    }

    /// <summary>
    /// The rest of <paramref name="content"/> in one array, or null when it holds more than <paramref name="max"/> bytes
    /// (then at most one byte over the limit was read into memory). Used by every whole-file read (the splitter above, and
    /// the Claude Code sub-agent files' look-up of their session file), so that all read a file the same way.
    /// </summary>
    internal static ReadOnlyMemory<byte>? ReadAll(Stream content, long max)
    {
        var source = new StreamSource(content);
        return ReadAll(ref source, Remaining(content), max, -1, out _, pooled: false);
    }

    /// <summary>The bytes left in <paramref name="content"/> when it can tell, or -1.</summary>
    private static long Remaining(Stream content) => content.CanSeek ? content.Length - content.Position : -1;

    /// <summary>
    /// The rest of <paramref name="source"/> (of <paramref name="known"/> bytes when known, or -1) in one array, or null
    /// when it holds more than <paramref name="max"/> (a known length over it is not read at all). Read into a
    /// pooled array, handed out as <paramref name="chunk"/>, when <paramref name="pooled"/> and the length is over the
    /// large-object threshold; the chunk goes back to the pool when the runner or inspect releases its record
    /// (<see cref="RawRecord"/>.Release): fresh large arrays made the collector run full collections. The chunk's one
    /// reference is the record's; an exception leaves the array to the collector.
    /// </summary>
    private static ReadOnlyMemory<byte>? ReadAll<TSource>(ref TSource source, long known, long max, long expected, out LineChunk? chunk, bool pooled)
        where TSource : struct, IByteSource
    {
        chunk = null;
        if (known > max) return null;
        // A plain file is read straight into one array of its size: growing a MemoryStream copied a session about twice
        // over and took as long as parsing its JSON (profiled on a folder of Claude Code sessions). A file that grew
        // since its length was read is read on with the growing buffer, so nothing after the length is lost.
        var size = known >= 0 ? known : expected;
        if (pooled && size > 0) chunk = LineChunk.RentFile(size);
        // Not zeroed: every byte handed out is read from the source first (zeroing a folder's worth of session files was
        // about 1.5% of reading it).
        var buffer = chunk?.Array ?? GC.AllocateUninitializedArray<byte>(size >= 0 ? (int)Math.Min(size, max + 1) : 1 << 16);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                // The buffer is full: one byte more tells a file that goes on (it grew, or its length was unknown) from one
                // that ends here.
                var next = source.ReadByte();
                if (next < 0) break;
                Grow(ref buffer, length + 1L, max);
                chunk?.Release(); // the grown copy is a plain array
                chunk = null;
                buffer[length++] = (byte)next;
            }
            else
            {
                var read = source.Read(buffer, length, buffer.Length - length);
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

    /// <summary>Where <see cref="ReadAll{TSource}"/> reads from: a struct, so that each source's loop is compiled for it.</summary>
    private interface IByteSource
    {
        int Read(byte[] buffer, int offset, int count);

        int ReadByte();
    }

    private readonly struct StreamSource(Stream stream) : IByteSource
    {
        public int Read(byte[] buffer, int offset, int count) => stream.Read(buffer, offset, count);

        public int ReadByte() => stream.ReadByte();
    }

    /// <summary>A <see cref="PositionalFile"/> as <see cref="ReadAll{TSource}"/> reads it; a failed shared read ends it.</summary>
    private struct FileSource(PositionalFile file) : IByteSource
    {
        private PositionalFile _file = file;

        public readonly bool Failed => _file.Failed;

        public int Read(byte[] buffer, int offset, int count) => _file.Read(buffer.AsSpan(offset, count));

        public int ReadByte()
        {
            Span<byte> one = stackalloc byte[1];
            return _file.Read(one) == 0 ? -1 : one[0];
        }

        public void Dispose() => _file.Dispose();
    }
}
