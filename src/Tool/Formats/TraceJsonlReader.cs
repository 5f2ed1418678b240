using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// The tool's own <c>trace</c> JSONL output read back as input, so recipes can be chained. Reads the schema that
/// <see cref="TraceJsonWriter"/> writes; the trace keeps the format it was first read from.
/// </summary>
public sealed class TraceJsonlReader : ITraceReader
{
    public string Format => "trace";

    public bool? SniffByKeys(FormatHead head)
    {
        if (head.Keys.Any(l => l.Has("id") && l.Has("format") && l.Has("messages") && l.Has("actions") && l.Has("usage"))) return true;
        return head.Keys.Count > 0 || head.IsComplete ? false : null; // a first line longer than the head: its keys decide
    }

    public bool Sniff(FormatHead head)
    {
        if (head.JsonLines.Any(l => l.TryGetProperty("id", out _) && l.TryGetProperty("format", out _) && l.TryGetProperty("messages", out _)
                && l.TryGetProperty("actions", out _) && l.TryGetProperty("usage", out _)))
            return true;
        // One trace of a long session easily outgrows the head: then its first keys decide. The writer puts id and format
        // first and messages before actions and usage, so a cut line still shows id, format and the start of messages.
        if (head.JsonLines.Count > 0 || head.IsComplete) return false;
        var first = JsonHead.TopLevel(head);
        return first.ContainsKey("id") && first.ContainsKey("format") && first.GetValueOrDefault("messages").Token == JsonTokenType.StartArray;
    }

    public IEnumerable<RawRecord> Split(Stream content, InputFile file) => JsonLines.Split(content, file);

    public bool OneRecordPerFile => false;

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        using var doc = Json.Parse(record.Bytes);
        var r = doc.RootElement;
        if (r.ValueKind != JsonValueKind.Object) throw new BadRecordException($"a record must be a JSON object, not {Json.Kind(r)}");
        var duration = Json.Number(r, "duration_ms");
        return
        [
            new Trace
            {
                Id = Json.RequiredString(r, "id"),
                Format = Json.RequiredString(r, "format"),
                Agent = Json.String(r, "agent"),
                Model = Json.String(r, "model"),
                Models = Strings(r, "models") is { Count: > 0 } models
                    ? models
                    : Json.String(r, "model") is { } only ? [only] : [],
                Task = Json.String(r, "task"),
                StartedAt = Json.Timestamp(r, "started_at"),
                Duration = Milliseconds(duration),
                Messages = Json.Array(r, "messages").Select(ReadMessage).ToList(),
                Actions = Json.Array(r, "actions").Select(ReadAction).ToList(),
                Usage = r.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object ? ReadUsage(u) : Usage.Unknown,
                Metadata = Element(r, "metadata"),
                Turns = (int)(Json.Integer(r, "turns") ?? 0),
                ParentId = Json.String(r, "parent_id"),
                Kind = Enum<TraceKind>(Json.String(r, "kind")) ?? TraceKind.Main,
                Cwd = Json.String(r, "cwd"),
                NativeOutcome = Json.String(r, "native_outcome"),
                Warnings = Strings(r, "warnings"),
                ReadIssues = (int)Math.Clamp(Json.Integer(r, "read_issues") ?? 0, 0, int.MaxValue),
            },
        ];
    }

    private static Message ReadMessage(JsonElement m) => new()
    {
        Role = Enum<Role>(Json.String(m, "role")) ?? throw new BadRecordException($"unknown message role '{Json.String(m, "role")}'"),
        Text = Json.String(m, "text"),
        Thinking = Json.String(m, "thinking"),
        ToolCalls = Json.Array(m, "tool_calls").Select(c => new ToolCall
        {
            Id = Json.String(c, "id"), Name = Json.String(c, "name") ?? "", Arguments = Element(c, "arguments"),
        }).ToList(),
        ToolCallId = Json.String(m, "tool_call_id"),
        Kind = Enum<MessageKind>(Json.String(m, "kind")) ?? MessageKind.Normal,
        Turn = (int)(Json.Integer(m, "turn") ?? 0),
        IsSidechain = Json.Boolean(m, "is_sidechain") ?? false,
        StopReason = Json.String(m, "stop_reason"),
        Usage = m.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object ? ReadUsage(u) : null,
        Timestamp = Json.Timestamp(m, "timestamp"),
    };

    private static Action ReadAction(JsonElement a)
    {
        var duration = Json.Number(a, "duration_ms");
        Telemetry? telemetry = null;
        if (a.TryGetProperty("telemetry", out var t) && t.ValueKind == JsonValueKind.Object)
            telemetry = new Telemetry
            {
                UserCpu = Json.Number(t, "user_cpu"), SystemCpu = Json.Number(t, "system_cpu"),
                PeakRssBytes = Json.Integer(t, "peak_rss_bytes"), ReadBytes = Json.Integer(t, "read_bytes"),
                WriteBytes = Json.Integer(t, "write_bytes"),
            };
        return new Action
        {
            Index = (int)(Json.Integer(a, "index") ?? 0),
            Id = Json.String(a, "id"),
            Name = Json.String(a, "name") ?? "",
            Arguments = Element(a, "arguments"),
            Input = Json.String(a, "input"),
            Output = Json.String(a, "output"),
            Failed = Json.Boolean(a, "failed") ?? false,
            ExitCode = Json.Integer(a, "exit_code") is { } code ? (int)code : null,
            Duration = Milliseconds(duration),
            Telemetry = telemetry,
            Turn = (int)(Json.Integer(a, "turn") ?? 0),
            NativeIsError = Json.Boolean(a, "native_is_error"),
            ErrorClass = Json.String(a, "error_class"),
            Interrupted = Json.Boolean(a, "interrupted") ?? false,
            Rejected = Json.Boolean(a, "rejected") ?? false,
            Timestamp = Json.Timestamp(a, "timestamp"),
        };
    }

    /// <summary>
    /// The JSONL's milliseconds (at most 4 decimals: whole ticks) as the nearest tick. TimeSpan.FromMilliseconds
    /// truncates the double product, so 21504.831 would come back as 21504.8309 and a re-written line would change.
    /// </summary>
    private static TimeSpan? Milliseconds(double? ms)
    {
        if (ms is not { } v) return null;
        var ticks = Math.Round(v * TimeSpan.TicksPerMillisecond, MidpointRounding.AwayFromZero);
        if (!(Math.Abs(ticks) < long.MaxValue)) throw new BadRecordException($"duration_ms {v} is out of range");
        return TimeSpan.FromTicks((long)ticks);
    }

    private static Usage ReadUsage(JsonElement u) => new()
    {
        InputTokens = Json.Integer(u, "input_tokens"),
        OutputTokens = Json.Integer(u, "output_tokens"),
        CacheReadTokens = Json.Integer(u, "cache_read_tokens"),
        CacheWriteTokens = Json.Integer(u, "cache_write_tokens"),
        CostUsd = u.TryGetProperty("cost_usd", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDecimal() : null,
        ReasoningTokens = Json.Integer(u, "reasoning_tokens"),
        ApiCalls = Json.Integer(u, "api_calls") is { } n ? (int)n : null,
        Approximate = Json.Boolean(u, "approximate") ?? false,
    };

    /// <summary>An array of strings (null items as ""); any other item makes the record bad.</summary>
    private static List<string> Strings(JsonElement r, string name) =>
        Json.Array(r, name).Select(item => item.ValueKind switch
        {
            JsonValueKind.String => item.GetString()!,
            JsonValueKind.Null => "",
            _ => throw new BadRecordException($"field '{name}' must hold strings, not {Json.Kind(item)}"),
        }).ToList();

    private static JsonElement? Element(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.Clone() : null;

    private static T? Enum<T>(string? snake) where T : struct, System.Enum =>
        snake is not null && System.Enum.TryParse<T>(snake.Replace("_", ""), ignoreCase: true, out var value) ? value : null;
}
