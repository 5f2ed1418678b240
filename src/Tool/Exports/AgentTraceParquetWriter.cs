using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Parquet;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: agenttrace-parquet</c>: kept AgentTrace runs in the dataset's own Parquet view (input-formats §2): the
/// top-level scalars as columns, and <c>spans</c>, <c>llm_steps</c> and <c>metadata</c> as the JSON text they had in
/// the input, in <c>spans_json</c>, <c>llm_steps_json</c> and <c>metadata_json</c>. What was read is written, not the
/// canonical trace: the filtered subset of a dataset goes back out in the dataset's own schema (and reads back as
/// <c>agenttrace-parquet</c>). Runs read from other formats have no such row and are refused. Options as for
/// <c>parquet</c> (codec, row_group_rows, page_version).
/// </summary>
internal sealed class AgentTraceParquetWriter : ITraceWriter
{
    public const string FormatName = "agenttrace-parquet";

    public static readonly ParquetSchema Schema = new([
        ParquetField.String("trace_id"),
        ParquetField.String("timestamp_utc"),
        ParquetField.String("prompt"),
        ParquetField.String("model"),
        ParquetField.Double("total_duration_ms"),
        ParquetField.String("spans_json"),
        ParquetField.String("llm_steps_json"),
        ParquetField.String("metadata_json"),
    ]);

    private readonly OutputTarget _target;
    private readonly ParquetWriteOptions _options;
    private ParquetFileWriter? _writer;
    private TraceSource? _last;

    public AgentTraceParquetWriter(OutputTarget target, ExportOptions options)
    {
        _target = target;
        _options = ParquetTraceWriter.ParseOptions(target, options, FormatName);
    }

    public long Records { get; private set; }

    /// <summary>Traces of a record whose row was written already (<c>record_already_written</c>).</summary>
    public IReadOnlyDictionary<string, long> Skipped => _skipped;

    private readonly SortedDictionary<string, long> _skipped = new(StringComparer.Ordinal);

    public void Write(Trace trace)
    {
        var source = trace.Source;
        if (trace.Format != "agenttrace" || source.Raw.IsEmpty)
            throw Refused(trace, $"it was read as {trace.Format}, which has no AgentTrace row; write format: parquet (the trace shape) instead");
        if (_last is not null && ReferenceEquals(_last, source))
        {
            // One row per record, whatever it split into: the others are accounted for, not lost.
            _skipped[OriginalWriter.SharedRecord] = _skipped.GetValueOrDefault(OriginalWriter.SharedRecord) + 1;
            return;
        }
        _last = source;
        Writer.WriteRow(Row(trace, source.Raw.Span));
        Records++;
    }

    /// <summary>The row's columns from the record's JSON: scalars decoded, nested values kept as their own bytes.</summary>
    private object?[] Row(Trace trace, ReadOnlySpan<byte> json)
    {
        var row = new object?[Schema.Fields.Count];
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = Formats.Json.Rebuilt.MaxDepth }); // as deep as a record may be
        try
        {
            reader.Read();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = Column(ref reader);
                reader.Read();
                if (column < 0)
                {
                    reader.Skip();
                    continue;
                }
                row[column] = Schema.Fields[column].Kind switch
                {
                    _ when reader.TokenType == JsonTokenType.Null => null,
                    ParquetFieldKind.Double when reader.TokenType == JsonTokenType.Number => reader.GetDouble(),
                    ParquetFieldKind.String when column >= FirstJsonColumn => Slice(ref reader, json),
                    ParquetFieldKind.String when reader.TokenType == JsonTokenType.String => reader.GetString(),
                    _ => throw Refused(trace, $"field '{Name(column)}' is {reader.TokenType}, which the AgentTrace Parquet view has no column type for"),
                };
            }
        }
        catch (JsonException e)
        {
            throw Refused(trace, $"its record is not valid JSON ({e.Message})"); // the reader parsed it, so this is a bug if seen
        }
        return row;
    }

    private const int FirstJsonColumn = 5;

    private static int Column(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < Schema.Fields.Count; i++)
            if (reader.ValueTextEquals(Name(i))) return i;
        return -1; // a key outside the AgentTrace row (input-formats §2): not written
    }

    private static string Name(int column)
    {
        var name = Schema.Fields[column].Name;
        return column >= FirstJsonColumn ? name[..^"_json".Length] : name;
    }

    /// <summary>The value the reader stands on, as the bytes it had in the record (already UTF-8 JSON text).</summary>
    private static byte[] Slice(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return json[start..(int)reader.BytesConsumed].ToArray();
    }

    // Disposing the library writer writes the footer; an output that kept nothing is a valid file with no rows.
    public void Complete() => Writer.Dispose();

    public void Dispose() => _writer?.Dispose();

    private ParquetFileWriter Writer => _writer ??= new ParquetFileWriter(_target.OpenFile(), Schema, _options);

    private TraceCurateException Refused(Trace trace, string why) =>
        new(Diagnostic.Error(DiagnosticCodes.OutputFailed,
            $"output '{_target.RelativePath}' (format: {FormatName}) cannot write trace {trace.Id}: {why}", trace.Source.Path, trace.Source.Line));
}
