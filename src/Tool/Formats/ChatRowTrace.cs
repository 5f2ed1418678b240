using System.Text.Json;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// Builds one <see cref="Trace"/> from a chat row's messages (input-formats-2 §1 "Mapping"): messages 1:1, the first
/// user message is the task, every assistant tool call an action paired with its result (by <c>tool_call_id</c>; else
/// the first unanswered call, checked by the tool message's <c>name</c>: TRL and ShareGPT have no ids). Rows hold no
/// error flag, exit code, timestamp or token count: <see cref="Action.NativeIsError"/> stays null, the exit code is
/// what the result text states (<see cref="TextExitCode"/>) and the classifier judges the text; usage stays unknown.
/// </summary>
internal static class ChatRowTrace
{
    private sealed class Call(ChatRowCall call, string id, int index, int turn)
    {
        public ChatRowCall Source => call;
        public string Id => id;
        public int Index => index;
        public int Turn => turn;
        public string? Output { get; set; }
        public bool Answered { get; set; }
    }

    public static Trace Build(string id, List<ChatRowMessage> rows, JsonElement? metadata)
    {
        rows = ChatRowInlineActions.Apply(rows);
        var messages = new List<Message>(rows.Count);
        var calls = new List<Call>();
        var byId = new Dictionary<string, Call>(StringComparer.Ordinal);
        var warnings = new List<string>();
        string? task = null;
        var turn = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var m = rows[i];
            if (m.UnknownRole is { } unknown) warnings.Add($"message {i + 1} has the role '{unknown}', read as a user message");
            switch (m.Role)
            {
                case Role.Assistant:
                    turn++;
                    var made = new List<ToolCall>(m.Calls.Count);
                    foreach (var c in m.Calls)
                    {
                        // Ids are unique within a trace: a missing or repeated one gets the call's position.
                        var callId = c.Id is { Length: > 0 } given && !byId.ContainsKey(given) ? given : $"call_{calls.Count}";
                        var call = new Call(c, callId, calls.Count, turn);
                        calls.Add(call);
                        byId[callId] = call;
                        made.Add(new ToolCall { Id = callId, Name = c.Name, Arguments = c.Arguments });
                    }
                    messages.Add(new Message { Role = Role.Assistant, Text = m.Text, Thinking = m.Thinking, ToolCalls = made, Turn = turn });
                    break;
                case Role.Tool:
                    var answered = Answer(m, calls, byId);
                    if (answered is null) warnings.Add($"message {i + 1} is a tool result that answers no call of the row; kept as a message, no action");
                    else
                    {
                        answered.Output = m.Text ?? "";
                        answered.Answered = true;
                    }
                    messages.Add(new Message { Role = Role.Tool, Text = m.Text, ToolCallId = answered?.Id ?? m.ToolCallId, Turn = turn });
                    break;
                case Role.User:
                    if (task is null && m.UnknownRole is null) task = m.Text;
                    messages.Add(new Message { Role = Role.User, Text = m.Text, Turn = turn });
                    break;
                default:
                    messages.Add(new Message { Role = m.Role, Text = m.Text, Turn = turn });
                    break;
            }
        }
        var actions = calls.Select(c => new Action
        {
            Index = c.Index, Id = c.Id, Name = c.Source.Name, Arguments = c.Source.Arguments, Input = c.Source.Input,
            Output = c.Answered ? c.Output : null, ExitCode = c.Answered ? TextExitCode.Of(c.Output) : null, Turn = c.Turn,
        }).ToList();
        var model = metadata is { } meta ? Column(meta, "model_name") ?? Column(meta, "model") : null;
        return new Trace
        {
            Id = id,
            Format = ChatRowsReader.Name,
            Agent = metadata is { } a ? Column(a, "agent") : null,
            Model = model,
            Models = model is null ? [] : [model],
            Task = task,
            Messages = messages,
            Actions = actions,
            Metadata = metadata,
            Turns = turn,
            NativeOutcome = metadata is { } o ? NativeOutcome(o) : null,
            Warnings = warnings,
        };
    }

    /// <summary>The call a tool message answers: by id, else the first unanswered one (of its name, when it has one).</summary>
    private static Call? Answer(ChatRowMessage m, List<Call> calls, Dictionary<string, Call> byId)
    {
        if (m.ToolCallId is { } id && byId.TryGetValue(id, out var exact)) return exact.Answered ? null : exact;
        if (m.ToolCallId is not null && calls.Any(c => c.Source.Id == m.ToolCallId)) return null; // its call was renamed: answered already
        var open = calls.Where(c => !c.Answered).ToList();
        return (m.Name is { } name ? open.FirstOrDefault(c => c.Source.Name == name) : null) ?? open.FirstOrDefault();
    }

    /// <summary>The outcome columns as written, e.g. <c>resolved=1 exit_status=submit</c>; null when the row has none.</summary>
    private static string? NativeOutcome(JsonElement meta)
    {
        var parts = new List<string>();
        foreach (var key in OutcomeColumns)
            if (meta.TryGetProperty(key, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array))
                parts.Add($"{key}={(v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())}");
        return parts.Count == 0 ? null : string.Join(' ', parts);
    }

    /// <summary>Columns that say how a run ended (input-formats-2 §1 "Real datasets"); <c>target</c> is nebius' resolved flag.</summary>
    internal static readonly string[] OutcomeColumns = ["resolved", "target", "exit_status"];

    private static string? Column(JsonElement meta, string name) =>
        meta.ValueKind == JsonValueKind.Object && meta.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
