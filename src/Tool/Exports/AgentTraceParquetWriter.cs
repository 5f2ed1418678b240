using System.Text.Json;
using TraceCurate.Diagnostics;
using Parquet.Schema;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: agenttrace-parquet</c>: kept AgentTrace runs in the dataset's own Parquet view (input-formats §2): the
/// top-level scalars as columns, and <c>spans</c>, <c>llm_steps</c> and <c>metadata</c> as the JSON text they had in
/// the input, in <c>spans_json</c>, <c>llm_steps_json</c> and <c>metadata_json</c>. What was read is written, not the
/// canonical trace: the filtered subset of a dataset goes back out in the dataset's own schema (and reads back as
/// <c>agenttrace-parquet</c>). Runs read from other formats have no such row and are refused. Options as for
/// <c>parquet</c> (codec, row_group_rows, page_version), written through Parquet.Net's column API.
/// </summary>
internal sealed class AgentTraceParquetWriter : ITraceWriter
{
    public const string FormatName = "agenttrace-parquet";

    private static readonly string[] Names =
        ["trace_id", "timestamp_utc", "prompt", "model", "total_duration_ms", "spans_json", "llm_steps_json", "metadata_json"];

    private const int DurationColumn = 4;

    private readonly ParquetLeaf<ReadOnlyMemory<char>>?[] _text = new ParquetLeaf<ReadOnlyMemory<char>>?[Names.Length];
    private readonly ParquetLeaf<double> _duration = new(new DataField<double>(Names[DurationColumn], true));
    private readonly IParquetLeaf[] _leaves = new IParquetLeaf[Names.Length];
    private readonly ParquetSchema _schema;
    private readonly object?[] _row = new object?[Names.Length];
    private readonly OutputTarget _target;
    private readonly ParquetWriteSettings _settings;
    private ParquetOutput? _output;
    private TraceSource? _last;

    public AgentTraceParquetWriter(OutputTarget target, ExportOptions options)
    {
        _target = target;
        _settings = ParquetWriteSettings.Parse(target, options, FormatName);
        for (var i = 0; i < Names.Length; i++)
            _leaves[i] = i == DurationColumn ? _duration : (_text[i] = new ParquetLeaf<ReadOnlyMemory<char>>(new DataField<string>(Names[i], true)));
        _schema = new ParquetSchema(_leaves.Select(l => (Field)l.Field));
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
        Row(trace, source.Raw.Span);
        long bytes = 8;
        for (var i = 0; i < Names.Length; i++)
        {
            if (i == DurationColumn) _duration.Add((double?)_row[i], 0);
            else
            {
                var text = (string?)_row[i];
                _text[i]!.Add(text?.AsMemory(), 0);
                bytes += text?.Length ?? 0;
            }
        }
        Output.RowAdded(bytes);
        Records++;
    }

    /// <summary>The row's columns from the record's JSON: scalars decoded, nested values kept as their own bytes.</summary>
    private void Row(Trace trace, ReadOnlySpan<byte> json)
    {
        var row = _row;
        Array.Clear(row);
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
                row[column] = column switch
                {
                    _ when reader.TokenType == JsonTokenType.Null => null,
                    DurationColumn when reader.TokenType == JsonTokenType.Number => reader.GetDouble(),
                    DurationColumn => throw Refused(trace, $"field '{Name(column)}' is {reader.TokenType}, which the AgentTrace Parquet view has no column type for"),
                    >= FirstJsonColumn => Slice(ref reader, json),
                    _ when reader.TokenType == JsonTokenType.String => reader.GetString(),
                    _ => throw Refused(trace, $"field '{Name(column)}' is {reader.TokenType}, which the AgentTrace Parquet view has no column type for"),
                };
            }
        }
        catch (JsonException e)
        {
            throw Refused(trace, $"its record is not valid JSON ({e.Message})"); // the reader parsed it, so this is a bug if seen
        }
    }

    private const int FirstJsonColumn = 5;

    private static int Column(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < Names.Length; i++)
            if (reader.ValueTextEquals(Name(i))) return i;
        return -1; // a key outside the AgentTrace row (input-formats §2): not written
    }

    private static string Name(int column)
    {
        var name = Names[column];
        return column >= FirstJsonColumn ? name[..^"_json".Length] : name;
    }

    /// <summary>The value the reader stands on, as the text it had in the record, byte for byte.</summary>
    private static string Slice(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var start = (int)reader.TokenStartIndex;
        reader.Skip();
        return System.Text.Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
    }

    // Completing writes the footer; an output that kept nothing is a valid file with no rows.
    public void Complete() => Output.Complete();

    public void Dispose() => _output?.Dispose();

    private ParquetOutput Output => _output ??= new ParquetOutput(_target.OpenFile(), _schema, _leaves, _settings);

    private TraceCurateException Refused(Trace trace, string why) =>
        new(Diagnostic.Error(DiagnosticCodes.OutputFailed,
            $"output '{_target.RelativePath}' (format: {FormatName}) cannot write trace {trace.Id}: {why}", trace.Source.Path, trace.Source.Line));
}
