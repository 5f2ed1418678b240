using System.Buffers;
using System.Globalization;
using TraceCurate.Diagnostics;
using TraceCurate.Parquet;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: parquet</c>: one Parquet file in the <c>trace</c> shape (<see cref="TraceParquetSchema"/>). Options:
/// <c>codec</c> (snappy, gzip, zstd, none), <c>row_group_rows</c>, <c>page_version</c> (1 or 2). The bytes depend
/// only on the traces, the options and the tool version (docs/parquet.md).
/// </summary>
internal sealed class ParquetTraceWriter : ITraceWriter
{
    private readonly OutputTarget _target;
    private readonly ParquetWriteOptions _options;
    private readonly ArrayBufferWriter<byte> _json = new();
    private ParquetFileWriter? _writer;

    public ParquetTraceWriter(OutputTarget target, ExportOptions options)
    {
        _target = target;
        _options = ParseOptions(target, options);
    }

    public long Records { get; private set; }

    public void Write(Trace trace)
    {
        Writer.WriteRow(TraceParquetSchema.Row(trace, _json));
        Records++;
    }

    // Disposing the library writer is what writes the footer; an output that kept nothing is a valid empty file.
    public void Complete()
    {
        Writer.Dispose();
    }

    public void Dispose() => _writer?.Dispose();

    private ParquetFileWriter Writer => _writer ??= new ParquetFileWriter(_target.OpenFile(), TraceParquetSchema.Schema, _options);

    internal static ParquetWriteOptions ParseOptions(OutputTarget target, ExportOptions options, string format = "parquet")
    {
        var codec = (options.Get("codec") ?? "snappy").ToLowerInvariant() switch
        {
            "snappy" => ParquetCodec.Snappy,
            "gzip" => ParquetCodec.Gzip,
            "zstd" => ParquetCodec.Zstd,
            "none" or "uncompressed" => ParquetCodec.Uncompressed,
            var other => throw Bad(target, format, options, $"codec '{other}' is not one of snappy, gzip, zstd, none"),
        };
        var defaults = new ParquetWriteOptions();
        var rows = Number(target, format, options, "row_group_rows", defaults.RowGroupRows, 1, int.MaxValue);
        var page = Number(target, format, options, "page_version", 1, 1, 2);
        return new ParquetWriteOptions
        {
            Codec = codec,
            RowGroupRows = (int)rows,
            PageVersion = (int)page,
            CreatedBy = $"trace-curate version {ToolVersion.Current}",
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
