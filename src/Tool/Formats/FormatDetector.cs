using System.IO.Compression;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// Opens inputs (decompressing <c>.gz</c> transparently) and picks a reader from the content: the first reader in
/// <see cref="FormatRegistry"/> order whose sniff matches. Content wins over file extensions.
/// </summary>
public static class FormatDetector
{
    public static Stream Open(string path)
    {
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Decompress(stream, path);
    }

    /// <summary>Wraps a stream positioned at the file's start in a gzip decoder when the file is gzip (by its magic bytes).</summary>
    public static Stream Decompress(Stream raw, string path) =>
        IsGzip(path) ? new GZipStream(raw, CompressionMode.Decompress) : ZstdInput.IsZstd(path) ? ZstdInput.Decompress(raw) : raw;

    public static ITraceReader Detect(string path)
    {
        var head = ReadHead(path);
        foreach (var reader in FormatRegistry.Readers)
        {
            if (reader.Sniff(head)) return reader;
        }
        throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.UnknownFormat,
            $"the file matches no known trace format (known: {string.Join(", ", FormatRegistry.Names)}); " +
            "force one with 'format:' on the input or --format", path));
    }

    public static FormatHead ReadHead(string path)
    {
        using var stream = Open(path);
        var buffer = new byte[FormatHead.MaxBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0) total += read;
        var complete = total < buffer.Length || stream.ReadByte() < 0;
        var name = Path.GetFileName(path);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) name = name[..^3];
        return new FormatHead(name, buffer.AsMemory(0, total), complete) { FullPath = Path.GetFullPath(path) };
    }

    public static bool IsGzip(string path)
    {
        // The magic bytes decide, so a .gz that is not compressed (or a compressed file without .gz) still reads.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16);
        Span<byte> magic = stackalloc byte[2];
        var n = stream.ReadAtLeast(magic, 2, throwOnEndOfStream: false);
        return n == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }
}
