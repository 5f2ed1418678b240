using System.Buffers;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// The <c>trace</c> shape as Parquet columns (docs/parquet.md, "The trace shape"): the columns of the trace JSONL's
/// first table (docs/trace-schema.md), in the same order and with the same names, so a query written against one works
/// on the other. Messages and actions are <c>list&lt;struct&gt;</c>; JSON values (arguments, metadata) are JSON strings
/// because their shape varies from trace to trace. The trace, each message and each action also have an <c>extra</c>
/// JSON string holding what their typed columns do not (<see cref="TraceParquetExtras"/>), so the file reads back as the
/// JSONL it was written from, byte for byte. <see cref="Add"/> shreds one trace straight into the leaf buffers
/// (definition and repetition levels computed here from the schema's own maxima), one instance per output.
/// </summary>
internal sealed class TraceParquetColumns
{
    private readonly ParquetLeaf<ReadOnlyMemory<char>> _id = Text("id", false), _format = Text("format", false),
        _agent = Text("agent"), _model = Text("model"), _task = Text("task"), _metadata = Text("metadata"),
        _extra = Text("extra"), _messageExtra = Text("extra"), _actionExtra = Text("extra");
    private readonly ParquetLeaf<DateTime> _startedAt =
        new(new DateTimeDataField("started_at", DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true));
    private readonly ParquetLeaf<double> _duration = Number<double>("duration_ms");

    private readonly ListField _messages, _toolCalls, _actions;
    private readonly StructField _message, _toolCall, _action, _telemetry, _usage;
    private readonly ParquetLeaf<ReadOnlyMemory<char>> _role = Text("role", false), _text = Text("text"), _thinking = Text("thinking"),
        _callId = Text("id"), _callName = Text("name", false), _callArguments = Text("arguments");
    private readonly ParquetLeaf<int> _index = Number<int>("index", false), _exitCode = Number<int>("exit_code");
    private readonly ParquetLeaf<ReadOnlyMemory<char>> _actionId = Text("id"), _actionName = Text("name", false),
        _actionArguments = Text("arguments"), _input = Text("input"), _output = Text("output");
    private readonly ParquetLeaf<bool> _failed = Number<bool>("failed", false);
    private readonly ParquetLeaf<double> _actionDuration = Number<double>("duration_ms"), _userCpu = Number<double>("user_cpu"),
        _systemCpu = Number<double>("system_cpu"), _cost = Number<double>("cost_usd");
    private readonly ParquetLeaf<long> _peakRss = Number<long>("peak_rss_bytes"), _readBytes = Number<long>("read_bytes"),
        _writeBytes = Number<long>("write_bytes"), _inputTokens = Number<long>("input_tokens"), _outputTokens = Number<long>("output_tokens"),
        _cacheRead = Number<long>("cache_read_tokens"), _cacheWrite = Number<long>("cache_write_tokens");

    private readonly ArrayBufferWriter<byte> _json = new();
    private readonly TraceParquetExtras _extras = new();

    public TraceParquetColumns()
    {
        _toolCall = new StructField("element", _callId.Field, _callName.Field, _callArguments.Field);
        _toolCalls = new ListField("tool_calls", _toolCall);
        _message = new StructField("element", _role.Field, _text.Field, _thinking.Field, _toolCalls, _messageExtra.Field);
        _messages = new ListField("messages", _message);
        _telemetry = new StructField("telemetry", _userCpu.Field, _systemCpu.Field, _peakRss.Field, _readBytes.Field, _writeBytes.Field);
        _action = new StructField("element", _index.Field, _actionId.Field, _actionName.Field, _actionArguments.Field, _input.Field,
            _output.Field, _failed.Field, _exitCode.Field, _actionDuration.Field, _telemetry, _actionExtra.Field);
        _actions = new ListField("actions", _action);
        _usage = new StructField("usage", _inputTokens.Field, _outputTokens.Field, _cacheRead.Field, _cacheWrite.Field, _cost.Field);
        // Constructing the schema is what sets every field's maximum levels, which Add reads.
        Schema = new ParquetSchema(_id.Field, _format.Field, _agent.Field, _model.Field, _task.Field, _startedAt.Field, _duration.Field,
            _messages, _actions, _usage, _metadata.Field, _extra.Field);
        Leaves =
        [
            _id, _format, _agent, _model, _task, _startedAt, _duration,
            _role, _text, _thinking, _callId, _callName, _callArguments, _messageExtra,
            _index, _actionId, _actionName, _actionArguments, _input, _output, _failed, _exitCode, _actionDuration,
            _userCpu, _systemCpu, _peakRss, _readBytes, _writeBytes, _actionExtra,
            _inputTokens, _outputTokens, _cacheRead, _cacheWrite, _cost,
            _metadata, _extra,
        ];
    }

    public ParquetSchema Schema { get; }

    /// <summary>The leaves in schema order, the order Parquet.Net requires them written in.</summary>
    public IReadOnlyList<IParquetLeaf> Leaves { get; }

    /// <summary>Low-cardinality columns worth a dictionary (Parquet.Net writes every other column PLAIN).</summary>
    public IEnumerable<DataField> DictionaryColumns => [_format.Field, _agent.Field, _model.Field, _role.Field, _callName.Field, _actionName.Field];

    /// <summary>Shreds one trace into the leaves; returns about how many bytes of values it added.</summary>
    public long Add(Trace t)
    {
        long bytes = 0;
        _id.Add(Chars(t.Id, ref bytes), 0);
        _format.Add(Chars(t.Format, ref bytes), 0);
        _agent.Add(Chars(t.Agent, ref bytes), 0);
        _model.Add(Chars(t.Model, ref bytes), 0);
        _task.Add(Chars(t.Task, ref bytes), 0);
        _startedAt.Add(t.StartedAt?.UtcDateTime, 0);
        _duration.Add(Ms(t.Duration), 0);
        AddMessages(t.Messages, ref bytes);
        AddActions(t.Actions, ref bytes);
        var u = t.Usage;
        _inputTokens.Add(u.InputTokens, 0);
        _outputTokens.Add(u.OutputTokens, 0);
        _cacheRead.Add(u.CacheReadTokens, 0);
        _cacheWrite.Add(u.CacheWriteTokens, 0);
        _cost.Add(u.CostUsd is { } cost ? (double)cost : null, 0);
        _metadata.Add(Chars(Json(t.Metadata), ref bytes), 0);
        _extra.Add(Chars(_extras.Of(t), ref bytes), 0);
        return bytes + 8 * 16;
    }

    private void AddMessages(IReadOnlyList<Message> messages, ref long bytes)
    {
        if (messages.Count == 0)
        {
            // An empty list: defined down to the list, not to its repeated group.
            var empty = _messages.MaxDefinitionLevel - 1;
            foreach (var leaf in new IParquetLeaf[] { _role, _text, _thinking, _callId, _callName, _callArguments, _messageExtra }) Missing(leaf, empty, 0);
            return;
        }
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            var r = i == 0 ? 0 : _messages.MaxRepetitionLevel;
            _role.Add(TraceJsonWriter.Snake(m.Role.ToString()).AsMemory(), r);
            _text.Add(Chars(m.Text, ref bytes), r);
            _thinking.Add(Chars(m.Thinking, ref bytes), r);
            _messageExtra.Add(Chars(_extras.Of(m), ref bytes), r);
            if (m.ToolCalls.Count == 0)
            {
                var empty = _toolCalls.MaxDefinitionLevel - 1;
                _callId.Missing(empty, r);
                _callName.Missing(empty, r);
                _callArguments.Missing(empty, r);
                continue;
            }
            for (var j = 0; j < m.ToolCalls.Count; j++)
            {
                var c = m.ToolCalls[j];
                var cr = j == 0 ? r : _toolCalls.MaxRepetitionLevel;
                _callId.Add(Chars(c.Id, ref bytes), cr);
                _callName.Add(Chars(c.Name, ref bytes)!.Value, cr);
                _callArguments.Add(Chars(Json(c.Arguments), ref bytes), cr);
            }
        }
    }

    private void AddActions(IReadOnlyList<Traces.Action> actions, ref long bytes)
    {
        if (actions.Count == 0)
        {
            var empty = _actions.MaxDefinitionLevel - 1;
            foreach (var leaf in new IParquetLeaf[] { _index, _actionId, _actionName, _actionArguments, _input, _output, _failed, _exitCode,
                         _actionDuration, _userCpu, _systemCpu, _peakRss, _readBytes, _writeBytes, _actionExtra })
                Missing(leaf, empty, 0);
            return;
        }
        for (var i = 0; i < actions.Count; i++)
        {
            var a = actions[i];
            var r = i == 0 ? 0 : _actions.MaxRepetitionLevel;
            _index.Add(a.Index, r);
            _actionId.Add(Chars(a.Id, ref bytes), r);
            _actionName.Add(Chars(a.Name, ref bytes)!.Value, r);
            _actionArguments.Add(Chars(Json(a.Arguments), ref bytes), r);
            _input.Add(Chars(a.Input, ref bytes), r);
            _output.Add(Chars(a.Output, ref bytes), r);
            _failed.Add(a.Failed, r);
            _exitCode.Add(a.ExitCode, r);
            _actionDuration.Add(Ms(a.Duration), r);
            _actionExtra.Add(Chars(_extras.Of(a), ref bytes), r);
            if (a.Telemetry is { } tel)
            {
                _userCpu.Add(tel.UserCpu, r);
                _systemCpu.Add(tel.SystemCpu, r);
                _peakRss.Add(tel.PeakRssBytes, r);
                _readBytes.Add(tel.ReadBytes, r);
                _writeBytes.Add(tel.WriteBytes, r);
            }
            else
            {
                var none = _telemetry.MaxDefinitionLevel - 1; // the element is there, its telemetry struct is null
                _userCpu.Missing(none, r);
                _systemCpu.Missing(none, r);
                _peakRss.Missing(none, r);
                _readBytes.Missing(none, r);
                _writeBytes.Missing(none, r);
            }
            bytes += 64;
        }
    }

    private static void Missing(IParquetLeaf leaf, int definition, int repetition)
    {
        switch (leaf)
        {
            case ParquetLeaf<ReadOnlyMemory<char>> s: s.Missing(definition, repetition); break;
            case ParquetLeaf<int> i: i.Missing(definition, repetition); break;
            case ParquetLeaf<long> l: l.Missing(definition, repetition); break;
            case ParquetLeaf<double> d: d.Missing(definition, repetition); break;
            case ParquetLeaf<bool> b: b.Missing(definition, repetition); break;
        }
    }

    private static ReadOnlyMemory<char>? Chars(string? s, ref long bytes)
    {
        if (s is null) return null;
        bytes += s.Length;
        return s.AsMemory();
    }

    // Same rounding as the JSONL (trace-schema.md: duration_ms rounded to 4 decimals).
    private static double? Ms(TimeSpan? d) => d is { } v ? Math.Round(v.TotalMilliseconds, 4) : null;

    /// <summary>A JSON value as the compact text the JSONL writer would write for it (same encoder), or null.</summary>
    private string? Json(JsonElement? value)
    {
        if (value is not { } v) return null;
        _json.ResetWrittenCount();
        using (var w = new Utf8JsonWriter(_json, TraceJsonWriter.Options)) v.WriteTo(w);
        return System.Text.Encoding.UTF8.GetString(_json.WrittenSpan);
    }

    private static ParquetLeaf<ReadOnlyMemory<char>> Text(string name, bool nullable = true) => new(new DataField<string>(name, nullable));

    private static ParquetLeaf<T> Number<T>(string name, bool nullable = true) where T : struct => new(new DataField<T>(name, nullable));
}
