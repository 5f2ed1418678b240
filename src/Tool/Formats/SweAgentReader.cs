using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// SWE-agent <c>.traj</c> (input-formats §6): one JSON document per file, one trace per file, id = file stem (the
/// instance id). Each trajectory step is one assistant turn: its thought as the message text, its action as the one
/// tool call, its observation as the tool result. The file has no per-step error flag, so <see cref="SweAgentErrors"/>
/// reads the SWE-agent markers in the observation. <c>info</c> (exit_status, submission, model_stats) stays in metadata.
/// </summary>
public sealed class SweAgentReader : ITraceReader
{
    public string Format => "swe-agent";

    public bool OneRecordPerFile => true;

    public bool SplitsAsWholeFile => true;

    /// <summary>Read report: the <c>history</c> messages by role, and <c>info.swe_agent_version</c> (input-formats §6).</summary>
    public RecordTypes RecordTypes { get; } = new(["role"], ["system", "user", "assistant", "tool"])
    {
        Items = "history", VersionFields = ["info.swe_agent_version"],
    };

    public bool? SniffByKeys(FormatHead head) => JsonHead.NotJsonLines(head);

    /// <summary>
    /// §9 rule 5, on positive evidence: a JSON document whose <c>trajectory</c> is an array of steps (the items seen
    /// have <c>action</c>, <c>observation</c>, <c>response</c> or <c>thought</c>; a chat dataset row's <c>trajectory</c>
    /// of <c>{role, text}</c> messages is not one), or whose <c>history</c> entries carry SWE-agent's own fields
    /// (<c>agent</c>, <c>message_type</c>, <c>is_demo</c>), as demonstration files that hold only <c>history</c> do, or a
    /// <c>history</c> beside an <c>info</c> with SWE-agent's run fields.
    /// </summary>
    public bool Sniff(FormatHead head)
    {
        if (!JsonHead.IsDocument(head) || head.FirstNonSpace != (byte)'{') return false;
        var keys = JsonHead.TopLevel(head);
        if (keys.GetValueOrDefault("trajectory").Token == JsonTokenType.StartArray)
            return JsonHead.ArrayItems(head, "trajectory", max: 4).All(IsStep);
        if (keys.GetValueOrDefault("history").Token != JsonTokenType.StartArray) return false;
        if (JsonHead.ArrayItems(head, "history", max: 8).Any(e => SniffFields.Has(e, "agent") || SniffFields.Has(e, "message_type") || SniffFields.Has(e, "is_demo")))
            return true;
        return keys.GetValueOrDefault("info").Element is { } info
            && (SniffFields.Has(info, "exit_status") || SniffFields.Has(info, "model_stats") || SniffFields.Has(info, "swe_agent_version"));
    }

    private static bool IsStep(JsonElement e) =>
        SniffFields.Has(e, "action") || SniffFields.Has(e, "observation") || SniffFields.Has(e, "response") || SniffFields.Has(e, "thought");

    public IEnumerable<RawRecord> Split(Stream content, InputFile file) => WholeFile.Split(content, file);

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        using var doc = Json.Parse(record.Bytes);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new BadRecordException($"a .traj file must hold a JSON object, not {Json.Kind(root)}");
        if (!IsArray(root, "trajectory") && !IsArray(root, "history"))
            throw NoRecordOfFormat.Error(record, Format, "the document has neither a 'trajectory' nor a 'history' array");
        return [Map(root, FileStem.Of(record.File.Path))];
    }

    private static bool IsArray(JsonElement root, string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array;

    private static Trace Map(JsonElement root, string id)
    {
        var warnings = new List<string>();
        var history = SweAgentHistory.Read(root, warnings);
        var steps = SweAgentSteps.Read(root, history, warnings);
        var messages = new List<Message>(history.Preamble);
        var actions = new List<Action>();
        for (var k = 0; k < steps.Count; k++)
        {
            var step = steps[k];
            var turn = k + 1;
            var error = SweAgentErrors.Classify(step.Observation);
            var call = new ToolCall { Id = step.CallId ?? $"step-{k}", Name = step.Name, Arguments = step.Arguments };
            messages.Add(new Message { Role = Role.Assistant, Text = step.Thought, Thinking = step.Thinking, ToolCalls = [call], Turn = turn });
            messages.Add(new Message { Role = Role.Tool, Text = step.Observation, ToolCallId = call.Id, Turn = turn });
            actions.Add(new Action
            {
                Index = k, Id = call.Id, Name = step.Name, Arguments = step.Arguments, Input = step.Action, Output = step.Observation,
                Failed = error is not null, ErrorClass = error, Duration = step.ExecutionTime, Turn = turn,
            });
        }
        var info = root.TryGetProperty("info", out var i) && i.ValueKind == JsonValueKind.Object ? i : default;
        var model = ModelName(root);
        return new Trace
        {
            Id = id,
            Format = "swe-agent",
            Agent = "swe-agent",
            Model = model,
            Models = model is null ? [] : [model],
            Task = history.Task,
            Messages = messages,
            Actions = actions,
            Usage = Usage(info),
            Metadata = SweAgentHistory.Metadata(root),
            Turns = steps.Count,
            Cwd = steps.Select(s => s.WorkingDir).FirstOrDefault(d => d is not null),
            NativeOutcome = info.ValueKind == JsonValueKind.Object ? Json.String(info, "exit_status") : null,
            Warnings = warnings,
        };
    }

    /// <summary>Per-instance totals only (§6, Tokens): no cache split, no per-message usage.</summary>
    private static Usage Usage(JsonElement info)
    {
        if (info.ValueKind != JsonValueKind.Object || !info.TryGetProperty("model_stats", out var stats) || stats.ValueKind != JsonValueKind.Object)
            return Traces.Usage.Unknown;
        return new Usage
        {
            InputTokens = Json.Integer(stats, "tokens_sent"),
            OutputTokens = Json.Integer(stats, "tokens_received"),
            CostUsd = stats.TryGetProperty("instance_cost", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetDecimal(out var cost) ? cost : null,
            ApiCalls = Json.Integer(stats, "api_calls") is { } n ? (int)n : null,
        };
    }

    /// <summary><c>replay_config.agent.model.name</c>; replay_config is an object in 1.x and may be a JSON string elsewhere.</summary>
    private static string? ModelName(JsonElement root)
    {
        if (!root.TryGetProperty("replay_config", out var config)) return null;
        if (config.ValueKind == JsonValueKind.String)
        {
            try
            {
                using var parsed = JsonDocument.Parse(config.GetString()!);
                return JsonPath.GetString(parsed.RootElement, "agent.model.name");
            }
            catch (JsonException)
            {
                return null;
            }
        }
        return JsonPath.Get(config, "agent.model.name") is { ValueKind: JsonValueKind.String } name ? name.GetString() : null;
    }
}
