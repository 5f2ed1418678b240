using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// Builds one Codex trace from its rollout lines in file order (input-formats §5, §10). Messages come from
/// <c>response_item</c>s only (the <c>event_msg</c> copies are ignored). A turn is a maximal run of model-produced items
/// (reasoning, assistant message, function/custom/local-shell call) not broken by an output or a user message; each
/// turn becomes one assistant message. Calls join their outputs by <c>call_id</c>.
/// </summary>
internal sealed class CodexSession(string fileStem)
{
    private readonly List<Message> _messages = [];
    private readonly List<Action> _actions = [];
    // Made at the first call and the first unknown line type: most files of a folder have few calls, many none.
    private Dictionary<string, int>? _callsById;
    private HashSet<int>? _open;
    private readonly List<string> _warnings = [];
    private SortedDictionary<string, int>? _unknownTypes;
    private readonly ModelTally _models = new(); // a use per turn context
    private readonly CodexTokens _tokens = new();
    private JsonElement? _meta;
    private CodexScannedMeta? _scannedMeta; // a session_meta the streaming pass read, its payload not parsed
    private string? _cwd, _task, _outcome;
    private DateTimeOffset? _first, _last;
    private int _turn;
    private Turn? _current;

    private sealed class Turn(int number, DateTimeOffset? at)
    {
        public int Number { get; } = number;
        public DateTimeOffset? At { get; } = at;
        public CodexTurnText Text, Thinking; // fields: Add changes them in place
        public List<ToolCall>? Calls { get; set; } // made at the turn's first call: most turns make none
    }

    public void Warn(string message) => _warnings.Add(message);

    /// <summary>Lines recognised as rollout lines (either envelope); zero means the file is not a Codex rollout.</summary>
    public int Recognized { get; private set; }

    /// <summary>
    /// Maps one line read as a document, <paramref name="number"/> its line in the file: a field error names that line
    /// (<see cref="SessionLines.AtLine"/>), as the lines read in parts and in one pass both need.
    /// </summary>
    public void Add(JsonElement line, long number)
    {
        try
        {
            AddLine(line, number);
        }
        catch (BadRecordException e) when (e.Line == 0)
        {
            throw SessionLines.AtLine(e, number);
        }
    }

    private void AddLine(JsonElement line, long number)
    {
        if (line.ValueKind == JsonValueKind.Object && Json.String(line, "type") is { } type
            && line.TryGetProperty("payload", out var payload) && payload.ValueKind == JsonValueKind.Object)
        {
            if (Envelope(type, payload, Time(line))) Recognized++;
            else
            {
                _unknownTypes ??= new SortedDictionary<string, int>(StringComparer.Ordinal);
                _unknownTypes[type] = _unknownTypes.GetValueOrDefault(type) + 1;
            }
        }
        else if (line.ValueKind == JsonValueKind.Object && !HasMeta && CodexLegacyLine.IsHeader(line))
        {
            Recognized++;
            _meta = line.Clone(); // the pre-envelope header holds what session_meta's payload holds
            _cwd ??= Json.String(line, "cwd");
            Time(line);
        }
        else if (CodexLegacyLine.IsStateMarker(line)) Recognized++; // a marker with nothing in it
        else if (CodexLegacyLine.IsItem(line))
        {
            Recognized++;
            Item(line, Time(line));
        }
        else Warn($"line {number} is neither a {{timestamp, type, payload}} rollout line nor a pre-envelope one; ignored");
    }

    private DateTimeOffset? Time(JsonElement line) => Time(Json.Timestamp(line, "timestamp"));

    /// <summary>Widens the session's first and last time by a line's timestamp.</summary>
    internal DateTimeOffset? Time(DateTimeOffset? at)
    {
        if (at is { } t)
        {
            _first ??= t;
            if (_last is null || t > _last) _last = t;
        }
        return at;
    }

    /// <summary>Maps one enveloped line; false when its type is not a rollout line type this reader knows.</summary>
    private bool Envelope(string type, JsonElement payload, DateTimeOffset? at)
    {
        switch (type)
        {
            case "session_meta":
                if (!HasMeta) _meta = payload.Clone();
                _cwd ??= Json.String(payload, "cwd");
                break;
            case "turn_context":
                TurnContext(Json.String(payload, "cwd"), Json.String(payload, "model"));
                break;
            case "response_item": Item(payload, at); break;
            case "event_msg": Event(payload); break;
            case "compacted": Compacted(payload, at); break;
            default: return false;
        }
        return true;
    }

    /// <summary>Whether a <c>session_meta</c> was read (a later one changes nothing but the session's times).</summary>
    internal bool HasMeta => _meta is not null || _scannedMeta is not null;

    /// <summary>A <c>session_meta</c> the streaming pass read: its payload (ignored when one was read before) and <c>cwd</c>.</summary>
    internal void SessionMeta(JsonElement? payload, string? cwd)
    {
        if (!HasMeta) _meta = payload;
        _cwd ??= cwd;
    }

    /// <summary>As <see cref="SessionMeta(JsonElement?, string?)"/>, with the payload's fields read and the payload left unparsed.</summary>
    internal void SessionMeta(CodexScannedMeta meta, string? cwd)
    {
        if (!HasMeta) _scannedMeta = meta;
        _cwd ??= cwd;
    }

    /// <summary>A line the streaming pass (<see cref="CodexFastLine"/>) or the DOM path recognised as a rollout line.</summary>
    internal void Recognize() => Recognized++;

    internal void TurnContext(string? cwd, string? model)
    {
        _cwd ??= cwd;
        if (model is not null) _models.Add(model);
    }

    /// <summary>
    /// A compaction: one summary message. Its <c>replacement_history</c> is the history the model sees from here on
    /// (the earlier user messages again, and the summary), so its items are not read as new messages: that would count
    /// the replaced history twice. When <c>message</c> is empty (a compaction made by the API), the summary is the
    /// user message of the replacement history that no earlier message holds; an encrypted one leaves the text unknown.
    /// </summary>
    private void Compacted(JsonElement payload, DateTimeOffset? at)
    {
        Break();
        var summary = Json.String(payload, "message");
        if (string.IsNullOrEmpty(summary))
        {
            var earlier = _messages.Where(m => m.Role == Role.User && m.Text is not null).Select(m => m.Text!).ToHashSet(StringComparer.Ordinal);
            summary = Json.Array(payload, "replacement_history")
                .Where(i => CodexItems.TypeOf(i) == "message" && SniffFields.IsOneOf(i, "role", "user"))
                .Select(CodexItems.ContentText).LastOrDefault(t => t is not null && !earlier.Contains(t) && !CodexItems.IsInjected(t));
        }
        _messages.Add(new Message { Role = Role.User, Kind = MessageKind.CompactionSummary, Text = summary, Turn = _turn, Timestamp = at });
    }

    private void Item(JsonElement item, DateTimeOffset? at)
    {
        switch (CodexItems.TypeOf(item))
        {
            case "message":
                Message(Json.String(item, "role"), CodexItems.ContentText(item), at);
                return;
            case "reasoning":
                Reasoning(CodexItems.ReasoningText(item), at);
                return;
            case "function_call":
                var (arguments, raw) = CodexItems.Arguments(item);
                Call(at, Json.RequiredString(item, "call_id"), Json.RequiredString(item, "name"), Deferred<JsonElement?>.Of(arguments), Deferred<string?>.Of(raw));
                return;
            case "custom_tool_call":
                var input = Json.String(item, "input");
                CustomCall(at, Json.RequiredString(item, "call_id"), Json.RequiredString(item, "name"), input);
                return;
            case "local_shell_call":
                var action = item.TryGetProperty("action", out var a) && a.ValueKind == JsonValueKind.Object ? a.Clone() : (JsonElement?)null;
                var id = Json.String(item, "call_id") ?? Json.String(item, "id") ?? $"local_shell_{_actions.Count}";
                Call(at, id, "local_shell", Deferred<JsonElement?>.Of(action), Deferred<string?>.Of(action?.GetRawText()));
                return;
            case "function_call_output" or "custom_tool_call_output":
                Output(item, at);
                return;
            case "web_search_call":
                Model(at); // model-produced, so part of the turn; it has no result to join (not an action)
                return;
        }
    }

    internal void Message(string? role, string? text, DateTimeOffset? at)
    {
        if (role == "assistant")
        {
            Model(at).Text.Add(text);
            return;
        }
        Break();
        var injected = role == "user" && CodexItems.IsInjected(text);
        if (role == "user" && !injected) _task ??= text;
        _messages.Add(new Message
        {
            Role = role == "user" ? Role.User : Role.System, Text = text, Turn = _turn, Timestamp = at,
            Kind = injected ? MessageKind.Injected : MessageKind.Normal,
        });
    }

    internal void Reasoning(string? text, DateTimeOffset? at) => Model(at).Thinking.Add(text);

    internal void CustomCall(DateTimeOffset? at, string callId, string name, string? input) =>
        Call(at, callId, name, CodexItems.InputObject(input), Deferred<string?>.Of(input));

    internal void TokenCount((long Input, long Cached, long Output, long Reasoning) totals) => _tokens.Add(totals);

    internal void TaskComplete() => _outcome = "task_complete";

    internal void TurnAborted(string? reason)
    {
        _outcome = reason is not null ? "turn_aborted:" + reason : "turn_aborted";
        if (_open is null) return;
        foreach (var index in _open) _actions[index] = _actions[index] with { Interrupted = true };
        _open.Clear(); // calls open at the abort are interrupted, not failed (§5, output-formats §9.2)
    }

    private void Event(JsonElement e)
    {
        switch (Json.String(e, "type"))
        {
            case "token_count": _tokens.Add(e); break;
            case "task_complete": TaskComplete(); break;
            case "turn_aborted": TurnAborted(Json.String(e, "reason")); break;
        }
    }

    /// <summary>A call; its arguments and input may be decoded on first read (the streaming pass leaves them as UTF-8).</summary>
    internal void Call(DateTimeOffset? at, string callId, string name, Deferred<JsonElement?> arguments, Deferred<string?> input)
    {
        var turn = Model(at);
        (turn.Calls ??= []).Add(new ToolCall { Id = callId, Name = name, DeferredArguments = arguments });
        var index = _actions.Count;
        _actions.Add(new Action
        {
            Index = index, Id = callId, Name = name, DeferredArguments = arguments, DeferredInput = input, Turn = turn.Number, Timestamp = at,
        });
        if (!(_callsById ??= new Dictionary<string, int>(StringComparer.Ordinal)).TryAdd(callId, index))
            Warn($"call_id '{callId}' is used by two calls; outputs join the first");
        (_open ??= []).Add(index);
    }

    private void Output(JsonElement item, DateTimeOffset? at)
    {
        var callId = Json.RequiredString(item, "call_id");
        Output(callId, item.TryGetProperty("output", out var o) ? CodexOutput.Read(o) : new CodexOutput.Result(null, null, null), at);
    }

    internal void Output(string callId, CodexOutput.Result result, DateTimeOffset? at)
    {
        Break();
        var turn = _turn;
        if (_callsById is not null && _callsById.TryGetValue(callId, out var index))
        {
            var action = _actions[index];
            turn = action.Turn;
            if (action.Output is null)
            {
                _actions[index] = action with
                {
                    Output = result.Text ?? "", ExitCode = result.ExitCode, Duration = result.Duration,
                    Failed = result.ExitCode is { } code && code != 0 && !action.Interrupted,
                };
            }
            _open!.Remove(index); // made with the call
        }
        else Warn($"an output answers call_id '{callId}', which no call made; kept as a tool message");
        _messages.Add(new Message { Role = Role.Tool, Text = result.Text, ToolCallId = callId, Turn = turn, Timestamp = at });
    }

    /// <summary>The open model turn, starting a new one if the last item broke it.</summary>
    private Turn Model(DateTimeOffset? at) => _current ??= new Turn(++_turn, at);

    /// <summary>Closes the open turn into one assistant message.</summary>
    private void Break()
    {
        if (_current is not { } turn) return;
        _current = null;
        _messages.Add(new Message
        {
            Role = Role.Assistant, Text = turn.Text.Value, Thinking = turn.Thinking.Value, ToolCalls = (IReadOnlyList<ToolCall>?)turn.Calls ?? [], Turn = turn.Number, Timestamp = turn.At,
        });
    }

    public Trace Build()
    {
        Break();
        if (_unknownTypes is not null)
            foreach (var (type, count) in _unknownTypes)
                Warn($"{count} line(s) of type '{type}', which this reader does not know, were ignored");
        var meta = _meta;
        var scanned = _scannedMeta;
        var id = scanned is not null ? scanned.Id : meta is { } m ? Json.String(m, "id") : null;
        if (id is null) Warn("no session_meta id; the trace id is the file name");
        var started = (scanned is not null ? scanned.Started : meta is { } sm ? Json.Timestamp(sm, "timestamp") : null) ?? _first;
        var (kind, parent) = scanned?.Lineage ?? CodexItems.Lineage(meta);
        var model = _models.MostUsed;
        return new Trace
        {
            Id = id ?? fileStem,
            Format = "codex",
            Agent = "codex",
            Model = model,
            Models = _models.Seen,
            Task = _task,
            StartedAt = started,
            Duration = started is { } s && _last is { } l && l >= s ? l - s : null,
            Messages = _messages,
            Actions = _actions,
            Usage = _tokens.Usage,
            DeferredMetadata = scanned?.Payload ?? Deferred<JsonElement?>.Of(meta),
            Turns = _turn,
            ParentId = parent,
            Kind = kind,
            Cwd = _cwd,
            NativeOutcome = _outcome,
            Warnings = _warnings,
        };
    }
}
