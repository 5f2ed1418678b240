using System.Buffers;
using TraceCurate.Parquet;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// The AgentTrace Parquet view (input-formats §2): one run per row, with <c>spans_json</c>, <c>llm_steps_json</c> and
/// <c>metadata_json</c> string columns beside the scalar ones (or <c>spans</c>/<c>llm_steps</c> as nested columns).
/// Each row is rebuilt as its JSONL row (<see cref="ParquetRowJson"/>) and mapped by <see cref="AgentTraceReader"/>,
/// so steps, spans and the analysis are those of the JSONL by construction. Split streams one row group at a time.
/// </summary>
public sealed class AgentTraceParquetReader : ITraceReader
{
    private static readonly AgentTraceReader Rows = new();

    public string Format => "agenttrace-parquet";

    // §9 rule 1: the magic first, then the schema has trace_id and spans (or spans_json), read from the footer.
    public bool Sniff(FormatHead head)
    {
        if (!head.StartsWith("PAR1") || head.FullPath is not { } path) return false;
        try
        {
            using var reader = ParquetFileReader.Open(path);
            var schema = reader.Schema;
            return schema.IndexOf("trace_id") >= 0 && (schema.IndexOf("spans") >= 0 || schema.IndexOf("spans_json") >= 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>
    /// One file is one work unit (a shard never cuts a Parquet file into byte ranges), but each row is its own record,
    /// with <see cref="RawRecord.Line"/> the 1-based row number for diagnostics. The footer and row groups are read by
    /// seeking in the file itself; <paramref name="content"/> is left to the runner, which hashes it.
    /// </summary>
    public IEnumerable<RawRecord> Split(Stream content, InputFile file)
    {
        using var reader = ParquetFileReader.Open(file.Path);
        var buffer = new ArrayBufferWriter<byte>();
        long row = 0;
        foreach (var record in reader.ReadRows())
            yield return new RawRecord(file, ++row, ParquetRowJson.Write(record, buffer));
    }

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options) => Rows.Parse(record, options);

    public bool OneRecordPerFile => true;
}
