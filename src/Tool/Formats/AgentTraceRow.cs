using System.Text;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;
using static TraceCurate.Formats.Utf8Fields;

namespace TraceCurate.Formats;

/// <summary>
/// One AgentTrace JSONL row (input-formats §2), read in a single streaming pass over the record's bytes with
/// <see cref="JsonScanner"/>: the fields the model needs are read, large texts are kept as slices decoded on first use,
/// everything else is skipped (but its syntax still checked). A record the scanner refuses is a bad record with the
/// error and position <see cref="Utf8JsonReader"/> gives.
/// Duplicate keys: the last one wins, as in <see cref="JsonDocument"/> and Python's json module.
/// </summary>
internal sealed class AgentTraceRow
{
    public string? TraceId;
    public DateTimeOffset? Timestamp;
    public string? Prompt;
    public string? Model;
    public double? TotalDurationMs;
    public Deferred<JsonElement?> Metadata;
    public List<SpanData> Spans = [];
    public List<StepData> Steps = [];

    public static AgentTraceRow Parse(ReadOnlyMemory<byte> owner)
    {
        try
        {
            return ParseRow(owner);
        }
        catch (JsonScanner.Rejected)
        {
            throw SyntaxError(owner.Span);
        }
    }

    /// <summary>
    /// The bad record for a record the scanner refused, exactly as <see cref="Json.Parse"/> reports it:
    /// <see cref="Utf8JsonReader"/> reads the record to its first syntax error. Type errors before that point were
    /// already thrown by the parse itself, in the same order as any reader meets them.
    /// </summary>
    private static BadRecordException SyntaxError(ReadOnlySpan<byte> record)
    {
        var reader = new Utf8JsonReader(record, Options);
        try
        {
            if (!reader.Read()) return new BadRecordException("invalid JSON: the record is empty");
            while (reader.Read()) { }
        }
        catch (JsonException e)
        {
            return Json.InvalidJson(e);
        }
        // Utf8JsonReader accepts what the scanner refused: a scanner bug, never a reason to lose the record silently.
        throw new InvalidOperationException("the JSON scanner refused a record that System.Text.Json reads");
    }

    private static AgentTraceRow ParseRow(ReadOnlyMemory<byte> owner)
    {
        var reader = new JsonScanner(owner.Span);
        if (!Read(ref reader)) throw new BadRecordException("invalid JSON: the record is empty");
        if (reader.TokenType != JsonTokenType.StartObject)
            throw new BadRecordException($"a record must be a JSON object, not {Kind(reader.TokenType)}");
        var row = new AgentTraceRow();
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = RowNames.Match(ref reader);
            Read(ref reader);
            switch (key)
            {
                case "trace_id": row.TraceId = String(ref reader, key); break;
                case "timestamp_utc": row.Timestamp = Utf8Fields.Timestamp(ref reader, key); break;
                case "prompt": row.Prompt = String(ref reader, key); break;
                case "model": row.Model = String(ref reader, key); break;
                case "total_duration_ms": row.TotalDurationMs = Number(ref reader, key); break;
                case "metadata": row.Metadata = LazyElement(ref reader, owner); break;
                case "spans": row.Spans = Items(ref reader, owner, key, SpanData.Read); break;
                case "llm_steps": row.Steps = Items(ref reader, owner, key, StepData.Read); break;
                default: Skip(ref reader); break;
            }
        }
        End(ref reader);
        return row;
    }

    /// <summary>The property names one kind of object reads, matched on the raw bytes (no string per property).</summary>
    private sealed class NameSet(params string[] names)
    {
        private readonly byte[][] _utf8 = names.Select(Encoding.UTF8.GetBytes).ToArray();

        /// <summary>The property name the reader stands on, if it is one of these; null for any other.</summary>
        public string? Match(ref JsonScanner reader)
        {
            if (reader.ValueIsEscaped)
            {
                var text = reader.GetString();
                return Array.IndexOf(names, text) is var i and >= 0 ? names[i] : null;
            }
            var span = reader.ValueSpan;
            for (var i = 0; i < _utf8.Length; i++)
                if (span.SequenceEqual(_utf8[i])) return names[i];
            return null;
        }
    }

    private static readonly NameSet RowNames = new("trace_id", "timestamp_utc", "prompt", "model", "total_duration_ms", "metadata", "spans", "llm_steps");
    private static readonly NameSet SpanNames = new("span_id", "tool_name", "tool_input", "tool_output", "start_ns", "duration_ms", "exit_code", "telemetry");
    private static readonly NameSet TelemetryNames = new("user_time_s", "system_time_s", "max_rss_bytes", "read_bytes", "write_bytes");
    private static readonly NameSet StepNames = new("step_number", "model_output", "reasoning_content", "input_tokens", "output_tokens", "tool_calls");
    private static readonly NameSet CallNames = new("id", "name", "arguments", "function");

    private delegate T ItemReader<T>(ref JsonScanner reader, ReadOnlyMemory<byte> owner, int index);

    private static List<T> Items<T>(ref JsonScanner reader, ReadOnlyMemory<byte> owner, string name, ItemReader<T> read)
    {
        var items = new List<T>();
        if (!StartArray(ref reader, name)) return items;
        while (Read(ref reader) && reader.TokenType != JsonTokenType.EndArray)
            items.Add(read(ref reader, owner, items.Count));
        return items;
    }

    /// <summary>Walks the properties of the object the reader stands on, calling <paramref name="field"/> on each value.</summary>
    /// <remarks>The state is passed by reference, so a struct can gather fields without an object per call.</remarks>
    private delegate void FieldReader<TState>(ref JsonScanner reader, string? key, ref TState state);

    private static void Fields<TState>(ref JsonScanner reader, NameSet names, ref TState state, FieldReader<TState> field)
    {
        while (Read(ref reader) && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = names.Match(ref reader);
            Read(ref reader);
            field(ref reader, key, ref state);
        }
    }

    /// <summary>A span: one tool execution.</summary>
    internal sealed class SpanData
    {
        public int Order;
        public string? Id;
        public string Name = "";
        public Deferred<string?> Input;
        public Deferred<string?> Output;
        public long? StartNs;
        public double? DurationMs;
        public int ExitCode;
        public Telemetry? Telemetry;

        /// <summary>
        /// tool_input is a Python repr (input-formats §2): parsed into JSON arguments only when someone reads them, once
        /// for the action and the assistant message's tool call both.
        /// </summary>
        public Deferred<JsonElement?> Arguments;

        private sealed class PythonArguments(Deferred<string?> input) : LazyValue<JsonElement?>
        {
            protected override JsonElement? Compute() => input.Value is { } text && PythonLiteral.TryToJson(text, out var parsed) ? parsed : null;
        }

        public static SpanData Read(ref JsonScanner reader, ReadOnlyMemory<byte> owner, int order)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new BadRecordException($"spans[{order}] must be an object, not {Kind(reader.TokenType)}");
            var span = new SpanData { Order = order };
            var state = (span, owner);
            Fields(ref reader, SpanNames, ref state, static (ref JsonScanner r, string? key, ref (SpanData Span, ReadOnlyMemory<byte> Owner) s) =>
            {
                var span = s.Span;
                switch (key)
                {
                    case "span_id": span.Id = String(ref r, key); break;
                    case "tool_name": span.Name = String(ref r, key) ?? ""; break;
                    case "tool_input": span.Input = LazyString(ref r, s.Owner, key); break;
                    case "tool_output": span.Output = LazyString(ref r, s.Owner, key); break;
                    case "start_ns": span.StartNs = Integer(ref r, key); break;
                    case "duration_ms": span.DurationMs = Number(ref r, key); break;
                    case "exit_code": span.ExitCode = (int)Math.Clamp(Integer(ref r, key) ?? 0, int.MinValue, int.MaxValue); break;
                    case "telemetry": span.Telemetry = ReadTelemetry(ref r); break;
                    default: Skip(ref r); break;
                }
            });
            if (!span.Input.IsNull)
                span.Arguments = Deferred<JsonElement?>.Lazy(new PythonArguments(span.Input));
            return span;
        }

        /// <summary>The telemetry object; anything else (null, a string) is no telemetry, as before.</summary>
        private static Telemetry? ReadTelemetry(ref JsonScanner reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Skip(ref reader);
                return null;
            }
            var fields = default(TelemetryFields);
            Fields(ref reader, TelemetryNames, ref fields, static (ref JsonScanner r, string? key, ref TelemetryFields t) =>
            {
                switch (key)
                {
                    case "user_time_s": t.UserCpu = Number(ref r, key); break;
                    case "system_time_s": t.SystemCpu = Number(ref r, key); break;
                    case "max_rss_bytes": t.PeakRssBytes = Integer(ref r, key); break;
                    case "read_bytes": t.ReadBytes = Integer(ref r, key); break;
                    case "write_bytes": t.WriteBytes = Integer(ref r, key); break;
                    default: Skip(ref r); break;
                }
            });
            return new Telemetry
            {
                UserCpu = fields.UserCpu, SystemCpu = fields.SystemCpu, PeakRssBytes = fields.PeakRssBytes,
                ReadBytes = fields.ReadBytes, WriteBytes = fields.WriteBytes,
            };
        }

        private struct TelemetryFields
        {
            public double? UserCpu, SystemCpu;
            public long? PeakRssBytes, ReadBytes, WriteBytes;
        }

        public Action ToAction(int index, int turn) => new()
        {
            Index = index,
            Id = Id,
            Name = Name,
            DeferredArguments = Arguments,
            DeferredInput = Input,
            DeferredOutput = Output,
            ExitCode = ExitCode,
            Failed = ExitCode != 0,
            Duration = DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            Telemetry = Telemetry,
            Turn = turn,
            Timestamp = StartNs is { } ns ? DateTimeOffset.UnixEpoch.AddTicks(ns / 100) : null,
        };
    }

    /// <summary>An LLM step: one model response and the tool calls it made.</summary>
    internal sealed class StepData
    {
        public int Order;
        public long? Number;
        public Deferred<string?> Output;
        public Deferred<string?> Reasoning;
        public List<CallData> Calls = [];
        public long? InputTokens;
        public long? OutputTokens;

        public Usage Usage => new() { InputTokens = InputTokens, OutputTokens = OutputTokens, ApiCalls = 1 };

        public static StepData Read(ref JsonScanner reader, ReadOnlyMemory<byte> owner, int order)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new BadRecordException($"llm_steps[{order}] must be an object, not {Kind(reader.TokenType)}");
            var step = new StepData { Order = order };
            var state = (step, owner);
            Fields(ref reader, StepNames, ref state, static (ref JsonScanner r, string? key, ref (StepData Step, ReadOnlyMemory<byte> Owner) s) =>
            {
                var step = s.Step;
                switch (key)
                {
                    case "step_number": step.Number = Integer(ref r, key); break;
                    case "model_output": step.Output = LazyString(ref r, s.Owner, key); break;
                    case "reasoning_content": step.Reasoning = LazyString(ref r, s.Owner, key); break;
                    case "input_tokens": step.InputTokens = Integer(ref r, key); break;
                    case "output_tokens": step.OutputTokens = Integer(ref r, key); break;
                    case "tool_calls": step.Calls = Items(ref r, s.Owner, key, CallData.Read); break;
                    default: Skip(ref r); break;
                }
            });
            return step;
        }
    }

    /// <summary>
    /// A tool call of a step: OpenAI style <c>{id, function: {name, arguments: "json"}}</c>, or <c>{name, arguments: {…}}</c>
    /// (§2). <see cref="Arguments"/> is null when the step gave none (then the span's input is parsed). Lenient: a
    /// call that is not an object, or a name that is not a string, leaves the call nameless.
    /// </summary>
    internal sealed class CallData
    {
        public string? Id;
        public string Name = "";
        public Deferred<JsonElement?>? Arguments;

        // Where function's fields were seen; the outer object's name/arguments count only when there is no function.
        private string? _functionName;
        private Deferred<JsonElement?>? _functionArguments;
        private bool _hasFunction;

        public static CallData Read(ref JsonScanner reader, ReadOnlyMemory<byte> owner, int order)
        {
            var call = new CallData();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                Skip(ref reader);
                return call;
            }
            var state = (call, owner);
            Fields(ref reader, CallNames, ref state, static (ref JsonScanner r, string? key, ref (CallData Call, ReadOnlyMemory<byte> Owner) s) =>
            {
                var call = s.Call;
                switch (key)
                {
                    case "id": call.Id = r.TokenType == JsonTokenType.String ? r.GetString() : null; Skip(ref r); break;
                    case "name": call.Name = r.TokenType == JsonTokenType.String ? r.GetString()! : ""; Skip(ref r); break;
                    case "arguments": call.Arguments = ReadArguments(ref r, s.Owner); break;
                    case "function" when r.TokenType != JsonTokenType.StartObject:
                        call._hasFunction = false; // the last "function" wins, and only an object counts
                        Skip(ref r);
                        break;
                    case "function":
                        call._hasFunction = true;
                        call._functionName = "";
                        call._functionArguments = null;
                        var inner = (call, s.Owner);
                        Fields(ref r, CallNames, ref inner, static (ref JsonScanner f, string? k, ref (CallData Call, ReadOnlyMemory<byte> Owner) t) =>
                        {
                            switch (k)
                            {
                                case "name": t.Call._functionName = f.TokenType == JsonTokenType.String ? f.GetString()! : ""; Skip(ref f); break;
                                case "arguments": t.Call._functionArguments = ReadArguments(ref f, t.Owner); break;
                                default: Skip(ref f); break;
                            }
                        });
                        break;
                    default: Skip(ref r); break;
                }
            });
            if (call._hasFunction)
            {
                call.Name = call._functionName ?? "";
                call.Arguments = call._functionArguments;
            }
            return call;
        }

        private static Deferred<JsonElement?>? ReadArguments(ref JsonScanner reader, ReadOnlyMemory<byte> owner)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.String) return LazyElement(ref reader, owner);
            // Kept as the record's bytes however short: most recipes never read a call's arguments, and the span's
            // input stands in for them. Broken JSON stays unparsed (null); the span keeps the raw input.
            return Deferred<JsonElement?>.Lazy(new LazyJson.ParsedString(RawText(ref reader, owner)));
        }
    }
}
