using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// mini-swe-agent trajectories (input-formats §7): <c>{info, messages, trajectory_format}</c>, or, in older and test
/// files, a bare array of <c>{role, content}</c> messages. One trace per file, id = file stem. Each assistant message is
/// one turn whose bash block is the action; the next observation message is its result, and its return code
/// (<c>extra.returncode</c>, or <c>&lt;returncode&gt;N&lt;/returncode&gt;</c> in the text) is a clean error signal.
/// </summary>
public sealed class MiniSweAgentReader : ITraceReader
{
    public string Format => "mini-swe-agent";

    public bool OneRecordPerFile => true;

    public bool SplitsAsWholeFile => true;

    /// <summary>Read report: the <c>messages</c> by role, and <c>info.mini_version</c> (input-formats §7).</summary>
    public RecordTypes RecordTypes { get; } = new(["role"], ["system", "user", "assistant", "tool", "exit"])
    {
        Items = "messages", VersionFields = ["info.mini_version"],
    };

    public bool? SniffByKeys(FormatHead head) => JsonHead.NotJsonLines(head);

    /// <summary>§9 rule 3 (an array of <c>{role, content}</c>) and rule 4 (<c>trajectory_format</c> or <c>messages</c> + <c>info.mini_version</c>).</summary>
    public bool Sniff(FormatHead head)
    {
        if (!JsonHead.IsDocument(head)) return false;
        if (head.FirstNonSpace == (byte)'[') return IsMessageList(JsonHead.ArrayItems(head));
        var keys = JsonHead.TopLevel(head);
        if (keys.GetValueOrDefault("trajectory_format").Element is { } format && SniffFields.StartsWith(format, "mini-swe-agent")) return true;
        return keys.ContainsKey("messages") && keys.GetValueOrDefault("info").Element is { } info && SniffFields.Has(info, "mini_version");
    }

    /// <summary>
    /// §9 rule 3, on positive evidence: a bare array of <c>{role, content}</c> messages is also what any chat dataset
    /// (an OpenAI <c>messages</c> list) looks like, so it is mini-swe-agent only when a message shows mini-swe-agent's
    /// own marks: an <c>extra</c> object (actions, returncode, cost) or an observation rendered with
    /// <c>&lt;returncode&gt;</c>.
    /// </summary>
    internal static bool IsMessageList(IReadOnlyList<JsonElement> items) =>
        items.Count > 0 && items.All(m => SniffFields.Is(m, "role", JsonValueKind.String) && SniffFields.Has(m, "content"))
        && items.Any(m => SniffFields.Is(m, "extra", JsonValueKind.Object)
            || (SniffFields.IsOneOf(m, "role", "user", "tool") && SniffFields.Contains(m, "content", "<returncode>")));

    public IEnumerable<RawRecord> Split(Stream content, InputFile file) => WholeFile.Split(content, file);

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        using var doc = Json.Parse(record.Bytes);
        var root = doc.RootElement;
        var (messages, info) = root.ValueKind switch
        {
            JsonValueKind.Array => (root, default(JsonElement)),
            JsonValueKind.Object => (root.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Array
                    ? m : throw NoRecordOfFormat.Error(record, Format, "the document has no 'messages' array"),
                root.TryGetProperty("info", out var i) && i.ValueKind == JsonValueKind.Object ? i : default),
            _ => throw new BadRecordException($"a mini-swe-agent trajectory is a JSON object or array, not {Json.Kind(root)}"),
        };
        if (messages.GetArrayLength() > 0 && !messages.EnumerateArray().Any(e => SniffFields.Is(e, "role", JsonValueKind.String)))
            throw NoRecordOfFormat.Error(record, Format, "no item of the array is a message with a 'role'");
        return [Map(messages, info, root, FileStem.Of(record.File.Path))];
    }

    private static Trace Map(JsonElement list, JsonElement info, JsonElement root, string id)
    {
        var entries = list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList();
        var messages = new List<Message>();
        var actions = new List<Action>();
        string? task = null;
        JsonElement? exit = null;
        var warnings = new List<string>();
        var turn = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var role = Json.String(e, "role");
            if (role == "exit")
            {
                // 2.x ends with {role: "exit", content: <submission>, extra: {exit_status, submission}}: how the run
                // ended, not something said to the model, so it is the outcome and metadata, never a user message.
                exit = e;
                continue;
            }
            var text = SweAgentHistory.Text(e);
            if (role == "assistant")
            {
                turn++;
                var command = MiniSweAgentActions.Command(e, text);
                var callId = command is null ? null : MiniSweAgentActions.CallId(e) ?? $"step-{actions.Count}";
                messages.Add(new Message
                {
                    Role = Role.Assistant, Text = text, Turn = turn,
                    ToolCalls = command is null ? [] : [new ToolCall { Id = callId, Name = "bash", Arguments = MiniSweAgentActions.Arguments(command) }],
                });
                if (command is null)
                {
                    if (SniffFields.Is(e, "tool_calls", JsonValueKind.Array) && e.GetProperty("tool_calls").GetArrayLength() > 0)
                        warnings.Add($"message {i + 1} has tool_calls but no command this reader can read (no extra.actions, no bash block); kept as text, no action");
                    continue;
                }
                var observation = i + 1 < entries.Count && Json.String(entries[i + 1], "role") is "user" or "tool" ? entries[++i] : (JsonElement?)null;
                var output = observation is { } o ? SweAgentHistory.Text(o) : null;
                var code = observation is { } ob ? MiniSweAgentActions.ReturnCode(ob, output) : null;
                if (observation is not null) messages.Add(new Message { Role = Role.Tool, Text = output, ToolCallId = callId, Turn = turn });
                actions.Add(new Action
                {
                    Index = actions.Count, Id = callId, Name = "bash", Input = command, Arguments = MiniSweAgentActions.Arguments(command),
                    Output = output, ExitCode = code, Turn = turn,
                    // returncode -1: the command was not executed (§7), which is no agent failure.
                    Failed = code is { } c && c != 0 && c != -1, ErrorClass = code == -1 ? "no_result" : null,
                });
                continue;
            }
            var isTask = role == "user" && task is null && turn == 0;
            if (isTask) task = text;
            messages.Add(new Message
            {
                Role = role switch { "system" => Role.System, "tool" => Role.Tool, _ => Role.User }, Text = text, Turn = turn,
                // after the first turn a user message with no action before it is the harness's feedback (a format error)
                Kind = role == "user" && !isTask && turn > 0 ? MessageKind.Injected : MessageKind.Normal,
            });
        }
        var model = info.ValueKind == JsonValueKind.Object ? JsonPath.GetString(info, "config.model.model_name") : null;
        return new Trace
        {
            Id = id,
            Format = "mini-swe-agent",
            Agent = "mini-swe-agent",
            Model = model,
            Models = model is null ? [] : [model],
            Task = task,
            Messages = messages,
            Actions = actions,
            Usage = Usage(info),
            Metadata = MiniSweAgentActions.Metadata(root, exit),
            Turns = turn,
            NativeOutcome = (info.ValueKind == JsonValueKind.Object ? JsonPath.GetString(info, "exit_status") : null)
                ?? (exit is { } x ? JsonPath.GetString(x, "extra.exit_status") : null),
            Warnings = warnings,
        };
    }

    /// <summary>Per-instance totals: <c>model_stats.instance_cost</c> and <c>api_calls</c>; no token counts in the file.</summary>
    private static Usage Usage(JsonElement info)
    {
        if (info.ValueKind != JsonValueKind.Object || !info.TryGetProperty("model_stats", out var stats) || stats.ValueKind != JsonValueKind.Object)
            return Traces.Usage.Unknown;
        return new Usage
        {
            CostUsd = stats.TryGetProperty("instance_cost", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetDecimal(out var cost) ? cost : null,
            ApiCalls = Json.Integer(stats, "api_calls") is { } n ? (int)n : null,
        };
    }
}
