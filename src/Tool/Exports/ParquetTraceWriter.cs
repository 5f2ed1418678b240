using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: parquet</c>: one Parquet file in the <c>trace</c> shape (<see cref="TraceParquetColumns"/>), written with
/// Parquet.Net. Options: <c>codec</c> (snappy, gzip, zstd, none), <c>row_group_rows</c>, <c>page_version</c> (1). The
/// bytes depend only on the traces, the options and the tool version (docs/parquet.md).
/// </summary>
internal sealed class ParquetTraceWriter : ITraceWriter
{
    private readonly TraceParquetColumns _columns = new();
    private readonly OutputTarget _target;
    private readonly ParquetWriteSettings _settings;
    private ParquetOutput? _output;

    public ParquetTraceWriter(OutputTarget target, ExportOptions options)
    {
        _target = target;
        _settings = ParquetWriteSettings.Parse(target, options, "parquet");
    }

    public long Records { get; private set; }

    public void Write(Trace trace)
    {
        Output.RowAdded(_columns.Add(trace));
        Records++;
    }

    // Completing writes the footer; an output that kept nothing is a valid file with zero rows.
    public void Complete() => Output.Complete();

    public void Dispose() => _output?.Dispose();

    private ParquetOutput Output => _output ??= Open(_target.OpenFile(), _columns, _settings);

    /// <summary>A trace-shape file on <paramref name="stream"/>, with dictionaries for the low-cardinality columns.</summary>
    internal static ParquetOutput Open(Stream stream, TraceParquetColumns columns, ParquetWriteSettings settings)
    {
        foreach (var field in columns.DictionaryColumns) settings.Options.ColumnEncodingHints[field.Path.ToString()] = Parquet.EncodingHint.Dictionary;
        return new ParquetOutput(stream, columns.Schema, columns.Leaves, settings);
    }
}
