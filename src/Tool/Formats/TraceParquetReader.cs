using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// The tool's own <c>parquet</c> output (the <c>trace</c> shape, docs/parquet.md) read back as input, so recipes can be
/// chained through Parquet as through the <c>trace</c> JSONL. Each row is rebuilt as its JSONL line
/// (<see cref="ParquetRowAssembler"/>: the JSON-text columns <c>arguments</c> and <c>metadata</c> are copied as they are,
/// and the <c>extra</c> columns of the trace, its messages and its actions are spread into them, winning over a typed
/// column of the same name) and parsed by <see cref="TraceJsonlReader"/>, so both read the same trace from the same
/// values and the JSONL written back is byte for byte the one the file was written from. Streams one row group at a time.
/// </summary>
public sealed class TraceParquetReader : ITraceReader
{
    private static readonly TraceJsonlReader Lines = new();

    public string Format => "trace-parquet";

    // The magic, then the first table's columns (the writer always writes all of them), read from the footer.
    public bool? SniffByKeys(FormatHead head) => head.StartsWith("PAR1") ? null : false;

    public bool Sniff(FormatHead head)
    {
        if (!head.StartsWith("PAR1") || ParquetSniff.TopLevelNames(head) is not { } names) return false;
        return names.Contains("id") && names.Contains("format") && names.Contains("messages") && names.Contains("actions") && names.Contains("usage");
    }

    /// <summary>One file is one work unit; each row is a record whose <see cref="RawRecord.Line"/> is its 1-based row number.</summary>
    public IEnumerable<RawRecord> Split(Stream content, InputFile file) =>
        ParquetRowAssembler.Records(file, RowShape);

    /// <summary>The column that carries, as a JSON object, what the typed columns of its object do not (docs/parquet.md).</summary>
    internal const string ExtraColumn = "extra";

    private static readonly ParquetRowAssembler.Shape RowShape = new(JsonText, ExtraColumn);

    private static string? JsonText(Parquet.Schema.Field field, bool topLevel) =>
        field is Parquet.Schema.DataField { ClrType: var t } && (t == typeof(ReadOnlyMemory<char>) || t == typeof(ReadOnlyMemory<byte>))
            && (topLevel ? field.Name == "metadata" : field.Name == "arguments")
            ? field.Name
            : null;

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options) => Lines.Parse(record, options);

    public bool OneRecordPerFile => true;
}
