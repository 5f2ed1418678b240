using System.Buffers;
using System.IO.Compression;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// Opens inputs (decompressing <c>.gz</c> transparently) and picks a reader from the content: the first reader in
/// <see cref="FormatRegistry"/> order whose sniff matches. Content wins over file extensions. A pipe or device is
/// opened once and its head replayed to the reader (<see cref="StreamInputs"/>), so detection never eats records.
/// </summary>
public static class FormatDetector
{
    /// <summary>
    /// The head grows past <see cref="FormatHead.MaxBytes"/> up to here while it holds no line end: the first line of a
    /// JSONL file (an AgentTrace row with megabytes of spans before its <c>llm_steps</c>) must be whole to be sniffed.
    /// As far as the default record limit: a longer line is a bad record anyway. Only a file whose first line is that
    /// long pays for it (its first line is read twice).
    /// </summary>
    public const int MaxFirstLineBytes = (int)ReadLimits.DefaultMaxRecordBytes;

    // A gzip stream that ends before its end marker reads as a shorter file unless the runtime checks (it does not by
    // default): the records after the cut would be lost without a word. Tool.csproj sets the switch at startup too,
    // in case another part of the process decompressed something first.
    static FormatDetector() => AppContext.SetSwitch("System.IO.Compression.UseStrictValidation", true);

    /// <summary>The (decompressed) content of an input from its first byte.</summary>
    public static Stream Open(string path) => Decompress(OpenRaw(path), path);

    /// <summary>
    /// The input's bytes as stored: the file, or for a pipe or device the one read of it there is, from its first byte
    /// (what detection read included). Everything that reads an input by its path calls this.
    /// </summary>
    public static Stream OpenRaw(string path)
    {
        if (StreamInputs.Find(Path.GetFullPath(path)) is { } stream) return stream.Take();
        // A file no longer than the buffer is read in one or two large reads (WholeFile reads into an array of its
        // length): a buffer would only add a copy, and 64 KB allocated per file in a folder of thousands of small sessions.
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        try
        {
            return new FileStream(handle, FileAccess.Read, RandomAccess.GetLength(handle) <= StreamBuffer ? 0 : StreamBuffer);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private const int StreamBuffer = 1 << 16;

    /// <summary>
    /// Wraps a stream positioned at the file's start in a gzip or zstd decoder when the file is compressed (by its magic
    /// bytes). A seekable stream's first bytes are read from it and the position put back; only a stream that cannot
    /// seek (a pipe's replay, or a hashing stream over one) has them read by path, which opens the file (or asks the pipe) once more.
    /// </summary>
    public static Stream Decompress(Stream raw, string path) => (raw.CanSeek ? CompressionOf(raw) : CompressionOf(path)) switch
    {
        Compression.Gzip => new GZipStream(raw, CompressionMode.Decompress),
        Compression.Zstd => ZstdInput.Decompress(raw),
        _ => raw,
    };

    public enum Compression { None, Gzip, Zstd }

    private static ReadOnlySpan<byte> GzipMagic => [0x1f, 0x8b];

    /// <summary>The compression of an input by its magic bytes, with one open of the file (or a peek at the pipe).</summary>
    public static Compression CompressionOf(string path)
    {
        if (StreamInputs.Find(Path.GetFullPath(path)) is { } input) return CompressionOf(input.Peek(ZstdInput.Magic.Length));
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        return CompressionOf(stream);
    }

    /// <summary>The compression of a seekable stream by its first bytes, read from where it stands; the position is put back.</summary>
    public static Compression CompressionOf(Stream seekable)
    {
        var start = seekable.Position;
        Span<byte> head = stackalloc byte[ZstdInput.Magic.Length];
        var n = seekable.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        seekable.Position = start;
        return CompressionOf(head[..n]);
    }

    /// <summary>The compression of an input whose first bytes (at least four, or all there are) are <paramref name="head"/>.</summary>
    internal static Compression CompressionOf(ReadOnlySpan<byte> head) =>
        head.StartsWith(GzipMagic) ? Compression.Gzip : head.StartsWith(ZstdInput.Magic) ? Compression.Zstd : Compression.None;

    public static ITraceReader Detect(string path)
    {
        using (var small = ReadSmallHead(path))
        {
            if (small is { IsComplete: true }) return ClaimByKeys(small) ?? DetectIn(small, path); // the whole file: the head a full read would give
            if (small is not null && SessionReaderOf(small) is { } session) return session;
        }
        return DetectByFullHead(path);
    }

    /// <summary>
    /// The reader of a whole file held in memory, told as <see cref="Detect"/> tells a file on disk of those bytes when
    /// it is shorter than <see cref="SmallHeadBytes"/> (its small head is the whole file). For the read path's warm-up
    /// (ReadWarmUp), which runs detection on built-in samples.
    /// </summary>
    internal static ITraceReader DetectWhole(string fileName, ReadOnlyMemory<byte> bytes)
    {
        using var head = new FormatHead(fileName, bytes, complete: true);
        return ClaimByKeys(head) ?? DetectIn(head, fileName);
    }

    /// <summary>
    /// Detection on the full head (up to <see cref="FormatHead.MaxBytes"/>, or a longer first line): what
    /// <see cref="Detect"/> did for every file before the small head, and still does when the small head does not decide.
    /// </summary>
    internal static ITraceReader DetectByFullHead(string path)
    {
        // Rented and given back: a folder of thousands of small sessions read each one's head into an array of its own.
        using var head = ReadHead(path, rent: true);
        return DetectIn(head, path);
    }

    /// <summary>
    /// The first <see cref="SmallHeadBytes"/> of a session file are enough to tell its format: a Claude Code, Codex or
    /// Pi session says what it is on its first lines. Sniffing the full head cost a tenth of reading a Claude Code folder:
    /// 256 KB of each file read and up to 20 of its lines parsed into documents, where the parse itself reads 16 KB.
    /// </summary>
    internal const int SmallHeadBytes = 16 * 1024;

    /// <summary>
    /// The reader of a file told by its small head (cut, at least one whole line): the first reader in registry order
    /// that claims it, when that reader's claim rests on whole first lines (<see cref="ITraceReader.SniffsFirstLines"/>). Null,
    /// so that the full head decides, when no reader claims the small head, a sniff fails on it, or another reader
    /// claims it first: document formats (a .traj, an ATIF or opencode file) look at more than the first lines.
    /// </summary>
    private static ITraceReader? SessionReaderOf(FormatHead small)
    {
        if (small.FirstNonSpace != (byte)'{' || small.Bytes.Span.IndexOf((byte)'\n') < 0 || !small.Keys.HasAtLeast(1)) return null;
        if (ClaimByKeys(small) is { } claimed) return claimed.SniffsFirstLines ? claimed : null;
        foreach (var reader in FormatRegistry.Readers)
        {
            bool claims;
            try
            {
                claims = reader.Sniff(small);
            }
            catch (Exception)
            {
                return null; // the full head gives the reason, should no reader claim it there
            }
            if (claims) return reader.SniffsFirstLines ? reader : null;
        }
        return null;
    }

    /// <summary>
    /// The first reader in registry order that claims the head, told from its lines' keys (<see cref="ITraceReader.SniffByKeys"/>):
    /// the reader the walk with <see cref="ITraceReader.Sniff"/> finds, without a document per line. Null when a reader
    /// ahead of any claim cannot tell from the keys, or none claims: then the walk with <see cref="ITraceReader.Sniff"/> decides.
    /// </summary>
    internal static ITraceReader? ClaimByKeys(FormatHead head)
    {
        foreach (var reader in FormatRegistry.Readers)
        {
            bool? claims;
            try
            {
                claims = reader.SniffByKeys(head);
            }
            catch (Exception)
            {
                return null; // the walk with Sniff gives the reason, should no reader claim the head
            }
            if (claims is not { } known) return null;
            if (known) return reader;
        }
        return null;
    }

    /// <summary>
    /// The first <see cref="SmallHeadBytes"/> of a plain file, or the whole file when it is no longer (then the head is
    /// byte for byte what <see cref="ReadHead(string, bool)"/> gives). Null for a pipe or device, or a compressed file:
    /// the full head decides those, as before.
    /// </summary>
    internal static FormatHead? ReadSmallHead(string path)
    {
        var full = Path.GetFullPath(path);
        if (StreamInputs.Find(full) is not null) return null;
        // Read by the handle, not through a FileStream: the file's length is not asked (a read of the head's size that
        // ends short is the whole file, and a file that ends exactly there is not taken for whole), and a folder of ten
        // thousand small sessions paid the stream's objects and one more fstat per file.
        var buffer = ArrayPool<byte>.Shared.Rent(SmallHeadBytes);
        try
        {
            var total = ReadSmallHeadShared(path, buffer) ?? ReadSmallHeadByHandle(path, buffer);
            if (CompressionOf(buffer.AsSpan(0, total)) != Compression.None)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return null;
            }
            var name = Path.GetFileName(path);
            if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) name = name[..^3];
            return new FormatHead(name, buffer.AsMemory(0, total), complete: total < SmallHeadBytes) { FullPath = full, Rented = buffer };
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>
    /// The small head read through <see cref="SharedReadFile"/> (the lock .NET takes, without its <c>fstat</c> and unlock):
    /// the bytes <see cref="ReadSmallHeadByHandle"/> reads; null when that must read them instead.
    /// </summary>
    private static int? ReadSmallHeadShared(string path, byte[] buffer)
    {
        if (!SharedReadFile.TryOpen(path, out var shared)) return null;
        using var file = new PositionalFile(shared);
        var total = file.Fill(buffer.AsSpan(0, SmallHeadBytes));
        return file.Failed ? null : total;
    }

    private static int ReadSmallHeadByHandle(string path, byte[] buffer)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return new PositionalFile(handle).Fill(buffer.AsSpan(0, SmallHeadBytes));
    }

    /// <summary>The first reader in registry order that claims the head, or the error naming the file.</summary>
    private static ITraceReader DetectIn(FormatHead head, string path)
    {
        var failed = new List<string>();
        foreach (var reader in FormatRegistry.Readers)
        {
            if (Sniffs(reader, head, failed)) return reader;
        }
        if (GeminiCliReader.ForkLayout(head) is { } fork) failed.Insert(0, fork);
        var why = failed.Count == 0 ? "" : $" ({string.Join("; ", failed)})";
        if (head.IsComplete && head.FirstNonSpace == 0)
            why = " (it is empty: no format can be told from nothing; with a forced format it reads as no records)";
        throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.UnknownFormat,
            $"the file matches no known trace format (known: {string.Join(", ", FormatRegistry.Names)}){why}; " +
            "force one with 'format:' on the input or --format", path));
    }

    /// <summary>
    /// A sniff that throws has not recognised its format: it counts as no match, so one odd file cannot stop a run,
    /// and the reason is kept for the error that names the file should no reader match it.
    /// </summary>
    private static bool Sniffs(ITraceReader reader, FormatHead head, List<string> failed)
    {
        try
        {
            return reader.Sniff(head);
        }
        catch (Exception e) // any exception: a footer's absurd length can make even an allocation fail
        {
            failed.Add($"the {reader.Format} check failed on it: {e.GetType().Name}: {e.Message}");
            return false;
        }
    }

    public static FormatHead ReadHead(string path) => ReadHead(path, rent: false);

    /// <param name="rent">Read into an array from <see cref="ArrayPool{T}.Shared"/>, which the head gives back when disposed.</param>
    internal static FormatHead ReadHead(string path, bool rent)
    {
        var full = Path.GetFullPath(path);
        var input = StreamInputs.Find(full);
        // Unbuffered: the head is read in one or two large reads, and a buffered stream allocated 64 KB more per file.
        using var stream = input is null
            ? Decompress(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0), path)
            : Decompress(input.Recording(), path);
        // A plain file shorter than the head is read into an array of its length and one byte more (that byte tells a
        // file that ends there from one that grew since): a folder of thousands of small sessions allocated the whole
        // head, 256 KB on the large object heap, per file.
        var left = stream.CanSeek ? stream.Length - stream.Position : -1;
        // A rented array may be longer than asked: the head's length (size) is what is filled, never the array's.
        var size = left >= 0 && left < FormatHead.MaxBytes ? (int)left + 1 : FormatHead.MaxBytes;
        // Only small heads are rented: they are the many (a folder of small sessions), and a large one (measured on Pi's
        // 1 MB sessions) kept in the pool raised the peak more than its allocation cost.
        rent &= size <= RentedHeadBytes;
        var buffer = Allocate(size, rent);
        try
        {
            var total = Fill(stream, buffer, 0, size);
            if (total == size && size < FormatHead.MaxBytes)
            {
                Resize(ref buffer, total, size = FormatHead.MaxBytes, rent); // it grew: read the head as for any other file
                total = Fill(stream, buffer, total, size);
            }
            while (total == size && size < MaxFirstLineBytes && StartsJsonLine(buffer.AsSpan(0, size)) && buffer.AsSpan(0, size).IndexOf((byte)'\n') < 0)
            {
                Resize(ref buffer, total, size = Math.Min(size * 2, MaxFirstLineBytes), rent);
                total = Fill(stream, buffer, total, size);
            }
            var complete = total < size || stream.ReadByte() < 0;
            var name = Path.GetFileName(path);
            if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) name = name[..^3];
            // A pipe has no file to seek in: readers that look at a footer (Parquet) get no path and do not match.
            return new FormatHead(name, buffer.AsMemory(0, total), complete) { FullPath = input is null ? full : null, Rented = rent ? buffer : null };
        }
        catch
        {
            if (rent) ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private const int RentedHeadBytes = 64 * 1024;

    private static byte[] Allocate(int size, bool rent) => rent ? ArrayPool<byte>.Shared.Rent(size) : new byte[size];

    /// <summary>A larger buffer holding the first <paramref name="used"/> bytes; a rented one goes back to the pool.</summary>
    private static void Resize(ref byte[] buffer, int used, int size, bool rent)
    {
        if (buffer.Length >= size) return;
        var larger = Allocate(size, rent);
        buffer.AsSpan(0, used).CopyTo(larger);
        if (rent) ArrayPool<byte>.Shared.Return(buffer);
        buffer = larger;
    }

    private static int Fill(Stream stream, byte[] buffer, int total, int size)
    {
        int read;
        while (total < size && (read = stream.Read(buffer, total, size - total)) > 0) total += read;
        return total;
    }

    /// <summary>Whether the bytes start a JSON object (after a BOM and white space): a first line worth reading whole.</summary>
    private static bool StartsJsonLine(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var first = bytes.IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && bytes[first] == (byte)'{';
    }

    public static bool IsGzip(string path) => HasMagic(path, GzipMagic);

    /// <summary>Whether the input's first bytes are <paramref name="magic"/>; for a pipe, without taking them from its reader.</summary>
    public static bool HasMagic(string path, ReadOnlySpan<byte> magic)
    {
        if (StreamInputs.Find(Path.GetFullPath(path)) is { } input) return input.Peek(magic.Length).SequenceEqual(magic);
        // The magic bytes decide, so a .gz that is not compressed (or a compressed file without .gz) still reads.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16);
        Span<byte> head = stackalloc byte[magic.Length];
        var n = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return n == head.Length && head.SequenceEqual(magic);
    }
}
