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
    /// A row group also closes at about this many bytes of values (string lengths in chars plus 8 bytes per other
    /// value). The open row group's strings are live until it is written (twice this in UTF-16), and writing it holds
    /// one column chunk's encoded and compressed copies, so this bound, not the row count, is what keeps peak memory
    /// flat in input size. 8 MB: with 24 MB, the live heap grew with the output until the bound (the speed benchmark's
    /// (c) needed a 96, 168, 216 MB heap for 100, 200, 336 MB of input; 8 MB needs 56, 56, 64), while smaller row
    /// groups each store their own whole-value statistics, which Parquet.Net cannot truncate (about 2% more bytes in
    /// the trace shape at 8 MB, 5% at 4 MB; docs/parquet.md, bench/README.md "Issue 22").
    /// </summary>
    public const long DefaultRowGroupBytes = 8L * 1024 * 1024;

    /// <summary>
    /// Parquet.Net's pooled page streams (a RecyclableMemoryStreamManager shared by the process) keep free blocks up to
    /// the small bound in all, and free large buffers up to the large bound in each of their pools, one pool per
    /// buffer size (1 MB steps to 128 MB): its default 64 MB per size kept every size a run used, so the pools grew
    /// with the number of row groups. None are kept (0 would mean no bound); the small blocks (128 KB) that one
    /// column chunk of a row group at the byte bound needs are.
    /// </summary>
    private const int SmallPoolFreeBytes = (int)DefaultRowGroupBytes, LargePoolFreeBytes = 1;

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
                MaximumSmallPoolFreeBytes = SmallPoolFreeBytes,
                MaximumLargePoolFreeBytes = LargePoolFreeBytes,
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
