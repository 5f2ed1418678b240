using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// The AgentTrace Parquet view (input-formats §2): one run per row, with <c>spans_json</c>, <c>llm_steps_json</c> and
/// <c>metadata_json</c> string columns beside the scalar ones (or <c>spans</c>/<c>llm_steps</c> as nested columns).
/// Each row is rebuilt as its JSONL row (<see cref="ParquetRowAssembler"/>: a string column <c>X_json</c> becomes field
/// <c>X</c>, its text copied as it is) and mapped by <see cref="AgentTraceReader"/>, so steps, spans and the analysis are
/// those of the JSONL by construction. Split streams one row group at a time.
/// </summary>
public sealed class AgentTraceParquetReader : ITraceReader
{
    private const string JsonSuffix = "_json";
    private static readonly AgentTraceReader Rows = new();

    public string Format => "agenttrace-parquet";

    // §9 rule 1: the magic first, then the schema has trace_id and spans (or spans_json), read from the footer.
    public bool? SniffByKeys(FormatHead head) => head.StartsWith("PAR1") ? null : false;

    public bool Sniff(FormatHead head)
    {
        if (!head.StartsWith("PAR1") || ParquetSniff.TopLevelNames(head) is not { } names) return false;
        return names.Contains("trace_id") && (names.Contains("spans") || names.Contains("spans_json"));
    }

    /// <summary>
    /// One file is one work unit (a shard never cuts a Parquet file into byte ranges), but each row is its own record,
    /// with <see cref="RawRecord.Line"/> the 1-based row number for diagnostics. The footer and row groups are read by
    /// seeking in the file itself; <paramref name="content"/> is left to the runner, which hashes it.
    /// </summary>
    public IEnumerable<RawRecord> Split(Stream content, InputFile file) =>
        ParquetRowAssembler.Records(file, RowShape);

    private static readonly ParquetRowAssembler.Shape RowShape = new(JsonText);

    /// <summary>A top-level string column <c>X_json</c> holds JSON and becomes field <c>X</c>.</summary>
    private static string? JsonText(Parquet.Schema.Field field, bool topLevel) =>
        topLevel && field is Parquet.Schema.DataField { ClrType: var t } && (t == typeof(ReadOnlyMemory<char>) || t == typeof(ReadOnlyMemory<byte>))
            && field.Name.EndsWith(JsonSuffix, StringComparison.Ordinal) && field.Name.Length > JsonSuffix.Length
            ? field.Name[..^JsonSuffix.Length]
            : null;

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options) => Rows.Parse(record, options);

    public bool OneRecordPerFile => true;
}
