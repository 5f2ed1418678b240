using System.Text.Json;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// An OpenHands event list (a trajectory file, or one row's <c>history</c>) as messages and actions (input-formats-2
/// §4). Every action the agent runs in its sandbox (<c>run</c>, <c>run_ipython</c>, <c>read</c>, <c>edit</c>,
/// <c>browse</c>, <c>think</c>, <c>delegate</c>, an MCP call, or any kind this reader does not know) is one
/// <see cref="Action"/>, paired with its observation by <c>cause</c> (the action's id), else by
/// <c>tool_call_metadata.tool_call_id</c>, else, in the flat layout that has no ids, by adjacency. Messages, the
/// system prompt, <c>finish</c>/<c>reject</c> and condensations are messages, not actions; observations that answer no
/// action are shown to the model as user text (<see cref="MessageKind.Injected"/>), except state changes, which are
/// the outcome, and empty <c>null</c> observations.
/// </summary>
internal sealed class OpenHandsHistory
{
    /// <summary>Action kinds that are not tool calls: conversation, control and memory events.</summary>
    private static readonly HashSet<string> NotCalls = new(StringComparer.Ordinal)
    {
        "message", "system", "finish", "reject", "recall", "condensation", "condensation_request", "change_agent_state", "null",
    };

    /// <summary>Observations of the sandbox that carry no error flag of their own: the output is a plain result.</summary>
    private static readonly HashSet<string> NoTextVerdict = new(StringComparer.Ordinal) { "run_ipython", "run" };

    public List<OpenHandsEvent> Events { get; } = [];
    public List<Message> Messages { get; } = [];
    public List<Action> Actions { get; } = [];
    public List<string> Warnings { get; } = [];
    public string? Task { get; private set; }
    public string? Cwd { get; private set; }
    public int Turns { get; private set; }
    public List<string> Models { get; } = [];
    /// <summary>The last <c>agent_state_changed</c> state (<c>finished</c>, <c>error</c>, <c>stopped</c>, …).</summary>
    public string? AgentState { get; private set; }
    public string? AgentStateReason { get; private set; }
    public OpenHandsEvent? Finish { get; private set; }
    public OpenHandsEvent? Reject { get; private set; }
    public OpenHandsEvent? System { get; private set; }

    // The assistant message of each model response, so that the second call of one response joins the first.
    private readonly Dictionary<string, int> _messageOfResponse = new(StringComparer.Ordinal);
    private readonly Dictionary<long, int> _actionOfId = [];
    private readonly Dictionary<string, int> _actionOfCall = new(StringComparer.Ordinal);
    private readonly Dictionary<int, OpenHandsEvent> _callEvents = [];

    public static OpenHandsHistory Read(JsonElement history)
    {
        var h = new OpenHandsHistory();
        var position = 0;
        foreach (var item in history.EnumerateArray())
        {
            position++;
            // Old eval rows keep history as [action, observation] pairs (§4 Pairing).
            var parts = item.ValueKind == JsonValueKind.Array ? item.EnumerateArray().ToList() : [item];
            foreach (var part in parts)
            {
                if (OpenHandsEvent.From(part) is { } e) h.Events.Add(e);
                else h.Warnings.Add($"history item {position} is {Json.Kind(part)} with no 'action' or 'observation'; counted in the read report, not mapped");
            }
        }
        for (var i = 0; i < h.Events.Count; i++) h.Add(h.Events[i], i > 0 ? h.Events[i - 1] : null);
        return h;
    }

    private void Add(OpenHandsEvent e, OpenHandsEvent? previous)
    {
        if (e.IsAction) AddAction(e);
        else AddObservation(e, previous);
    }

    private void AddAction(OpenHandsEvent e)
    {
        switch (e.Type)
        {
            case "message":
                var text = e.Field("content") ?? OpenHandsEvent.Str(e.Raw, "message");
                if (e.Source == "agent") Assistant(e, text);
                else
                {
                    Task ??= text;
                    Messages.Add(new Message { Role = Role.User, Text = text, Turn = Turns, Timestamp = e.Time });
                }
                return;
            case "system":
                System ??= e;
                Messages.Add(new Message { Role = Role.System, Text = e.Field("content"), Timestamp = e.Time });
                return;
            case "finish":
            case "reject":
                if (e.Type == "finish") Finish = e; else Reject = e;
                Assistant(e, FinalText(e));
                return;
            case "condensation":
                var summary = e.Field("summary") ?? Forgotten(e);
                Messages.Add(new Message { Role = Role.System, Kind = MessageKind.CompactionSummary, Text = summary, Turn = Turns, Timestamp = e.Time });
                return;
        }
        if (NotCalls.Contains(e.Type)) return; // recall, change_agent_state, …: control events; their observations are kept
        Call(e);
    }

    /// <summary>A tool call: its assistant message (shared by the calls of one response), its action, and where its observation will land.</summary>
    private void Call(OpenHandsEvent e)
    {
        var index = Actions.Count;
        var id = e.CallId ?? (e.Id is { } eid ? $"event-{eid}" : $"call-{index}");
        var arguments = e.Arguments();
        var call = new ToolCall { Id = id, Name = e.FunctionName ?? e.Type, Arguments = ModelArguments(e) ?? arguments };
        var message = Assistant(e, e.Field("thought"), call);
        Actions.Add(new Action
        {
            Index = index, Id = id, Name = e.Type, Arguments = arguments, Input = Input(e, arguments),
            Turn = Messages[message].Turn, Timestamp = e.Time,
        });
        _callEvents[index] = e;
        if (e.Id is { } eventId) _actionOfId[eventId] = index;
        if (e.CallId is { } callId) _actionOfCall[callId] = index;
    }

    /// <summary>The assistant message of this event's model response (made on its first event), with the call added; its index.</summary>
    private int Assistant(OpenHandsEvent e, string? text, ToolCall? call = null)
    {
        if (e.ResponseId is { } rid && _messageOfResponse.TryGetValue(rid, out var existing))
        {
            var m = Messages[existing];
            Messages[existing] = m with
            {
                ToolCalls = call is null ? m.ToolCalls : [.. m.ToolCalls, call],
                Text = string.IsNullOrEmpty(m.Text) ? text : m.Text,
            };
            return existing;
        }
        Turns++;
        var model = e.Response is { } r ? OpenHandsEvent.Str(r, "model") : null;
        if (model is not null && !Models.Contains(model)) Models.Add(model);
        Messages.Add(new Message
        {
            Role = Role.Assistant, Text = text, Thinking = Reasoning(e), ToolCalls = call is null ? [] : [call], Turn = Turns, Timestamp = e.Time,
            Usage = e.Response is { } response ? OpenHandsUsage.OfResponse(response) : null,
        });
        if (e.ResponseId is { } id) _messageOfResponse[id] = Messages.Count - 1;
        return Messages.Count - 1;
    }

    private void AddObservation(OpenHandsEvent o, OpenHandsEvent? previous)
    {
        var index = -1;
        if (o.Cause is { } cause && _actionOfId.Remove(cause, out var byCause)) index = byCause;
        else if (o.CallId is { } call && _actionOfCall.TryGetValue(call, out var byCall) && !Answered(byCall)) index = byCall;
        // Only in the flat layout (no ids): in an event stream a state change with no cause may follow a call.
        else if (o.Id is null && o.Cause is null && o.CallId is null && previous is { IsAction: true } p && !NotCalls.Contains(p.Type)
                 && Actions.Count > 0 && _callEvents[Actions.Count - 1] == p && Actions[^1].Output is null && !Answered(Actions.Count - 1))
            index = Actions.Count - 1; // the flat layout: an observation follows its action
        if (index >= 0)
        {
            Answer(index, o);
            return;
        }
        switch (o.Type)
        {
            case "agent_state_changed":
                AgentState = o.Field("agent_state") ?? AgentState;
                AgentStateReason = o.Field("reason") is { Length: > 0 } reason ? reason : AgentStateReason;
                return;
            case "null" when string.IsNullOrEmpty(o.Content):
                return;
        }
        // What the agent is shown without having asked (a recalled microagent, an error of the controller): user text.
        Messages.Add(new Message { Role = Role.User, Kind = MessageKind.Injected, Text = o.Content, Turn = Turns, Timestamp = o.Time });
    }

    private readonly HashSet<int> _answered = [];

    private bool Answered(int index) => _answered.Contains(index);

    private void Answer(int index, OpenHandsEvent o)
    {
        _answered.Add(index);
        if (_callEvents[index].CallId is { } call) _actionOfCall.Remove(call);
        if (_callEvents[index].Id is { } id) _actionOfId.Remove(id);
        var action = Actions[index];
        var output = o.Content;
        var exit = o.ExitCode;
        var error = o.Type == "error";
        var rejected = o.Type == "user_rejected";
        Actions[index] = action with
        {
            Output = output,
            ExitCode = exit,
            // An error observation is OpenHands's own failure flag; a command's exit code says the rest (§4 Errors).
            // run_ipython has neither (its errors are traceback text), so its verdict is left to the text analysis.
            NativeIsError = error ? true : rejected || NoTextVerdict.Contains(action.Name) ? null : false,
            Failed = error || exit is { } code && code != 0,
            Rejected = rejected,
            Duration = o.Time is { } end && action.Timestamp is { } start && end >= start ? end - start : null,
        };
        if (exit is not null && Cwd is null && OpenHandsEvent.Obj(o.Fields, "metadata") is { } meta) Cwd = OpenHandsEvent.Str(meta, "working_dir");
        Messages.Add(new Message { Role = Role.Tool, Text = output, ToolCallId = action.Id, Turn = action.Turn, Timestamp = o.Time });
    }

    /// <summary>The call's arguments as the model wrote them (the response's tool call of this id), when the event keeps the response.</summary>
    private static JsonElement? ModelArguments(OpenHandsEvent e)
    {
        if (e.Response is not { } r || e.CallId is not { } id || !r.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array) return null;
        foreach (var choice in choices.EnumerateArray())
        {
            if (OpenHandsEvent.Obj(choice, "message") is not { } m || !m.TryGetProperty("tool_calls", out var calls) || calls.ValueKind != JsonValueKind.Array) continue;
            foreach (var c in calls.EnumerateArray())
            {
                if (OpenHandsEvent.Str(c, "id") != id || OpenHandsEvent.Obj(c, "function") is not { } f) continue;
                return f.TryGetProperty("arguments", out var a) && a.ValueKind == JsonValueKind.String ? Json.ParseOrNull(a.GetString()) : null;
            }
        }
        return null;
    }

    /// <summary>The model's reasoning, when the response kept it (<c>reasoning_content</c>).</summary>
    private static string? Reasoning(OpenHandsEvent e) =>
        e.Response is { } r && JsonPath.Get(r, "choices.0.message.reasoning_content") is { ValueKind: JsonValueKind.String } t ? t.GetString() : null;

    /// <summary>
    /// The raw input of a call: a command's text, a cell's code, a file's path (an editor call's <c>command</c> is its
    /// sub-command, not the input), a URL or browser script; else its arguments as JSON.
    /// </summary>
    private static string Input(OpenHandsEvent e, JsonElement arguments)
    {
        string? value = e.Type switch
        {
            "run" => e.Field("command"),
            "run_ipython" => e.Field("code"),
            "read" or "write" or "edit" => e.Field("path"),
            "browse" => e.Field("url"),
            "browse_interactive" => e.Field("browser_actions"),
            _ => null,
        };
        return string.IsNullOrEmpty(value) ? arguments.GetRawText() : value;
    }

    /// <summary>What <c>finish</c> or <c>reject</c> says: its thought, and a final thought (newer versions) when it adds to it.</summary>
    private static string? FinalText(OpenHandsEvent e)
    {
        var thought = e.Field("thought");
        var final = e.Field("final_thought");
        var text = string.IsNullOrEmpty(final) || final == thought ? thought : string.IsNullOrEmpty(thought) ? final : thought + "\n\n" + final;
        return string.IsNullOrEmpty(text) ? OpenHandsEvent.Str(e.Raw, "message") : text;
    }

    private static string Forgotten(OpenHandsEvent e)
    {
        var start = OpenHandsEvent.Int(e.Fields, "forgotten_events_start_id");
        var end = OpenHandsEvent.Int(e.Fields, "forgotten_events_end_id");
        return start is not null ? $"[condensation: events {start} to {end} forgotten]" : "[condensation: earlier events forgotten]";
    }
}
