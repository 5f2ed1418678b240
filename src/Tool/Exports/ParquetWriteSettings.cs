using System.Globalization;
using System.IO.Compression;
using Parquet;
using TraceCurate.Diagnostics;

namespace TraceCurate.Exports;

/// <summary>
/// The Parquet options of an output entry (<c>codec</c>, <c>row_group_rows</c>, <c>page_version</c>) as Parquet.Net
/// options plus the row group bounds. Every codec is managed code (Snappier, ZstdSharp, the runtime's zlib), so no
/// native library is needed anywhere.
/// </summary>
internal sealed class ParquetWriteSettings
{
    public const int DefaultRowGroupRows = 100_000;

    /// <summary>
    /// A row group also closes at about this many bytes of values (string lengths plus 8 bytes per other value).
    /// Parquet.Net encodes and compresses each column chunk as one page in memory, and the row group's strings are held
    /// until it is written, so this bound, not the row count, is what keeps peak memory flat (docs/parquet.md).
    /// </summary>
    public const long DefaultRowGroupBytes = 24L * 1024 * 1024;

    public required ParquetOptions Options { get; init; }
    public int RowGroupRows { get; init; } = DefaultRowGroupRows;
    public long RowGroupBytes { get; init; } = DefaultRowGroupBytes;

    public static ParquetWriteSettings Parse(OutputTarget target, ExportOptions options, string format)
    {
        var codec = (options.Get("codec") ?? "snappy").ToLowerInvariant() switch
        {
            "snappy" => CompressionMethod.Snappy,
            "gzip" => CompressionMethod.Gzip,
            "zstd" => CompressionMethod.Zstd,
            "none" or "uncompressed" => CompressionMethod.None,
            var other => throw Bad(target, format, options, $"codec '{other}' is not one of snappy, gzip, zstd, none"),
        };
        var rows = Number(target, format, options, "row_group_rows", DefaultRowGroupRows, 1, int.MaxValue);
        var page = Number(target, format, options, "page_version", 1, 1, 2);
        if (page == 2)
            throw Bad(target, format, options, "page_version 2 is not available: Parquet.Net 6.1 writes data page V1 only (every reader reads V1)");
        return new ParquetWriteSettings
        {
            Options = new ParquetOptions
            {
                CompressionMethod = codec,
                // Optimal is zstd level 3 and zlib's default level: the speed/size balance pyarrow and DuckDB choose too.
                CompressionLevel = CompressionLevel.Optimal,
                // Parquet.Net pools its page buffers; unbounded by default, which would keep the largest row group's
                // buffers alive for the whole run.
                MaximumSmallPoolFreeBytes = 16 * 1024 * 1024,
                MaximumLargePoolFreeBytes = 64 * 1024 * 1024,
            },
            RowGroupRows = (int)rows,
        };
    }

    private static long Number(OutputTarget target, string format, ExportOptions options, string key, long fallback, long min, long max)
    {
        if (options.Get(key) is not { } text) return fallback;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw Bad(target, format, options, $"{key} '{text}' is not a whole number from {min} to {max}");
        return value;
    }

    // At the output's entry in the recipe, when it came from one.
    private static TraceCurateException Bad(OutputTarget target, string format, ExportOptions options, string message) =>
        new(options.Error(DiagnosticCodes.OutputFailed, $"output '{target.RelativePath}' (format: {format}): {message}"));
}
