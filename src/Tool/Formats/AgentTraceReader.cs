using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// AgentTrace JSONL (pagarsky/agent-trace; input-formats §2): one smolagents run per line. <c>llm_steps</c> become
/// assistant messages, <c>spans</c> become actions. No call id links the two, so spans are given to steps in time
/// order, each step taking as many spans as it made tool calls (the §2 pairing rule); leftovers go to the last step
/// with a warning.
/// </summary>
public sealed class AgentTraceReader : ITraceReader
{
    public string Format => "agenttrace";

    public bool Sniff(FormatHead head) => head.JsonLines.Any(l =>
        l.TryGetProperty("trace_id", out _) && l.TryGetProperty("spans", out _) && l.TryGetProperty("llm_steps", out _));

    public IEnumerable<RawRecord> Split(Stream content, InputFile file) => JsonLines.Split(content, file);

    public bool OneRecordPerFile => false;

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        using var doc = Json.Parse(record.Bytes);
        var row = doc.RootElement;
        if (row.ValueKind != JsonValueKind.Object) throw new BadRecordException($"a record must be a JSON object, not {Json.Kind(row)}");
        return [Map(row, record.Bytes)];
    }

    private static Trace Map(JsonElement row, ReadOnlyMemory<byte> owner)
    {
        var warnings = new List<string>();
        var spans = Json.Array(row, "spans").Select((s, i) => ReadSpan(s, i, owner)).OrderBy(s => s.StartNs ?? long.MaxValue).ThenBy(s => s.Order).ToList();
        var steps = Json.Array(row, "llm_steps").Select((s, i) => ReadStep(s, i, owner)).OrderBy(s => s.Number).ThenBy(s => s.Order).ToList();
        var model = Json.String(row, "model");
        var prompt = Json.String(row, "prompt");

        var messages = new List<Message>();
        if (prompt is not null) messages.Add(new Message { Role = Role.User, Text = prompt });
        var actions = new List<Action>();
        var usage = Usage.Unknown;
        var next = 0;
        for (var k = 0; k < steps.Count; k++)
        {
            var step = steps[k];
            var turn = k + 1;
            var take = k == steps.Count - 1 ? spans.Count - next : Math.Min(step.Calls.Count, spans.Count - next);
            if (k == steps.Count - 1 && take > step.Calls.Count)
                warnings.Add($"{take - step.Calls.Count} span(s) had no tool call in any step; given to the last step");
            var mine = spans.GetRange(next, take);
            next += take;
            var calls = new List<ToolCall>();
            for (var j = 0; j < mine.Count; j++)
            {
                var span = mine[j];
                var call = j < step.Calls.Count ? step.Calls[j] : null;
                if (call is not null && call.Name != span.Name && call.Name != "")
                    warnings.Add($"step {step.Number} called '{call.Name}' but span {span.Id} ran '{span.Name}'; kept in time order");
                var callId = call?.Id ?? span.Id;
                var fromCall = call?.Arguments;
                var fromSpan = span.Arguments;
                calls.Add(new ToolCall { Id = callId, Name = span.Name, LazyArguments = () => fromCall?.Invoke() ?? fromSpan() });
                actions.Add(span.ToAction(actions.Count, turn));
            }
            messages.Add(new Message
            {
                Role = Role.Assistant, LazyText = step.Output, LazyThinking = step.Reasoning, ToolCalls = calls, Turn = turn, Usage = step.Usage,
            });
            for (var j = 0; j < mine.Count; j++)
                messages.Add(new Message { Role = Role.Tool, LazyText = mine[j].Output, ToolCallId = calls[j].Id, Turn = turn });
            usage = usage.Add(step.Usage);
        }
        if (steps.Count == 0 && spans.Count > 0)
        {
            warnings.Add($"{spans.Count} span(s) but no llm_steps; actions kept without assistant messages");
            foreach (var span in spans) actions.Add(span.ToAction(actions.Count, 0));
        }

        var duration = Json.Number(row, "total_duration_ms");
        return new Trace
        {
            Id = Json.RequiredString(row, "trace_id"),
            Format = "agenttrace",
            Agent = "smolagents",
            Model = model,
            Models = model is null ? [] : [model],
            Task = prompt,
            StartedAt = Json.Timestamp(row, "timestamp_utc"),
            Duration = duration is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            Messages = messages,
            Actions = actions,
            Usage = usage,
            LazyMetadata = LazyJson.Element(owner, row, "metadata"),
            Turns = steps.Count,
            NativeOutcome = spans.Any(s => s.Name == "final_answer") ? "final_answer" : null,
            Warnings = warnings,
        };
    }

    private sealed record Step(int Number, int Order, Func<string?> Output, Func<string?> Reasoning, IReadOnlyList<Call> Calls, Usage Usage);

    /// <summary>A tool call of a step; <see cref="Arguments"/> is null when the step gave none (then the span's input is parsed).</summary>
    private sealed record Call(string? Id, string Name, Func<JsonElement?>? Arguments);

    private static Step ReadStep(JsonElement step, int order, ReadOnlyMemory<byte> owner)
    {
        var calls = Json.Array(step, "tool_calls").Select(c => ReadCall(c, owner)).ToList();
        var input = Json.Integer(step, "input_tokens");
        var output = Json.Integer(step, "output_tokens");
        var usage = new Usage { InputTokens = input, OutputTokens = output, ApiCalls = 1 };
        return new Step((int)(Json.Integer(step, "step_number") ?? order), order, LazyJson.String(owner, step, "model_output"),
            LazyJson.String(owner, step, "reasoning_content"), calls, usage);
    }

    /// <summary>OpenAI style <c>{id, function: {name, arguments: "json"}}</c>, or <c>{name, arguments: {…}}</c> (§2).</summary>
    private static Call ReadCall(JsonElement call, ReadOnlyMemory<byte> owner)
    {
        if (call.ValueKind != JsonValueKind.Object) return new Call(null, "", null);
        var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : call;
        var name = function.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
        var id = call.TryGetProperty("id", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
        Func<JsonElement?>? arguments = null;
        if (function.TryGetProperty("arguments", out var a) && a.ValueKind != JsonValueKind.Null)
        {
            if (a.ValueKind == JsonValueKind.String)
            {
                var text = LazyJson.String(owner, function, "arguments");
                arguments = () => ParseArguments(text());
            }
            else arguments = LazyJson.Element(owner, function, "arguments");
        }
        return new Call(id, name, arguments);
    }

    /// <summary>Arguments the model wrote as a JSON string; broken JSON stays unparsed (null), the span keeps the raw input.</summary>
    private static JsonElement? ParseArguments(string? text)
    {
        if (text is null) return null;
        try
        {
            using var parsed = JsonDocument.Parse(text);
            return parsed.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private sealed record Span(int Order, string? Id, string Name, Func<string?> Input, Func<JsonElement?> Arguments, Func<string?> Output,
        long? StartNs, double? DurationMs, int ExitCode, Telemetry? Telemetry)
    {
        public Action ToAction(int index, int turn) => new()
        {
            Index = index,
            Id = Id,
            Name = Name,
            LazyArguments = Arguments,
            LazyInput = Input,
            LazyOutput = Output,
            ExitCode = ExitCode,
            Failed = ExitCode != 0,
            Duration = DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            Telemetry = Telemetry,
            Turn = turn,
            Timestamp = StartNs is { } ns ? DateTimeOffset.UnixEpoch.AddTicks(ns / 100) : null,
        };
    }

    private static Span ReadSpan(JsonElement span, int order, ReadOnlyMemory<byte> owner)
    {
        if (span.ValueKind != JsonValueKind.Object) throw new BadRecordException($"spans[{order}] must be an object, not {Json.Kind(span)}");
        var input = LazyJson.String(owner, span, "tool_input");
        // tool_input is a Python repr (input-formats §2): parsed into JSON arguments only when someone reads them.
        Func<JsonElement?> arguments = () => input() is { } text && PythonLiteral.TryToJson(text, out var parsed) ? parsed : null;
        var exit = Json.Integer(span, "exit_code") ?? 0;
        Telemetry? telemetry = null;
        if (span.TryGetProperty("telemetry", out var t) && t.ValueKind == JsonValueKind.Object)
        {
            telemetry = new Telemetry
            {
                UserCpu = Json.Number(t, "user_time_s"),
                SystemCpu = Json.Number(t, "system_time_s"),
                PeakRssBytes = Json.Integer(t, "max_rss_bytes"),
                ReadBytes = Json.Integer(t, "read_bytes"),
                WriteBytes = Json.Integer(t, "write_bytes"),
            };
        }
        return new Span(order, Json.String(span, "span_id"), Json.String(span, "tool_name") ?? "", input, arguments,
            LazyJson.String(owner, span, "tool_output"), Json.Integer(span, "start_ns"), Json.Number(span, "duration_ms"),
            (int)Math.Clamp(exit, int.MinValue, int.MaxValue), telemetry);
    }
}
