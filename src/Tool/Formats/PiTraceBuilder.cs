using System.Globalization;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// Maps one path of a Pi session tree onto a <see cref="Trace"/> (input-formats §3 and the §10 mapping table).
/// Message entries become messages; compaction and branch summaries become messages of their own kind; model changes
/// feed <see cref="Trace.Models"/>; every other entry type is kept in <see cref="Trace.Metadata"/> under <c>events</c>.
/// </summary>
internal sealed class PiTraceBuilder(PiSessionTree tree, string id)
{
    private readonly List<Message> _messages = [];
    private readonly List<Action> _actions = [];
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly ModelTally _models = new();
    private readonly List<PiEvent> _events = [];
    private readonly List<string> _warnings = [];
    private Usage _usage = Usage.Unknown;
    private int _turn;
    private string? _task;
    private string? _title;
    private string? _stopReason;
    private DateTimeOffset? _first;
    private DateTimeOffset? _last;

    public Trace Build(IReadOnlyList<PiEntry> path)
    {
        var header = tree.Header;
        if (Json.String(header, "provider") is { } p && Json.String(header, "modelId") is { } m) AddModel(p + "/" + m, used: false);
        Time(Json.Timestamp(header, "timestamp"));
        foreach (var entry in path)
        {
            try
            {
                Add(entry);
            }
            catch (BadRecordException e)
            {
                throw SessionLines.AtLine(e, entry.Line);
            }
        }
        // The file this session was forked from: v1 headers call it branchedFrom, later ones parentSession (§3).
        var parent = Json.String(header, "parentSession") ?? Json.String(header, "branchedFrom");
        return new Trace
        {
            Id = id,
            Format = "pi",
            Agent = "pi",
            Model = _models.MostUsed ?? _models.Seen.FirstOrDefault(),
            Models = _models.Seen,
            Task = _task,
            StartedAt = _first,
            Duration = _last - _first,
            Messages = _messages,
            Actions = _actions,
            Usage = _usage,
            DeferredMetadata = Metadata(),
            Turns = _turn,
            ParentId = parent,
            Kind = parent is null ? TraceKind.Main : TraceKind.Fork,
            Cwd = Json.String(header, "cwd"),
            NativeOutcome = _stopReason,
            Warnings = [.. tree.Warnings, .. _warnings],
        };
    }

    private void Add(PiEntry entry)
    {
        if (entry.Fast is { } fast)
        {
            AddFast(fast);
            return;
        }
        var e = entry.Value;
        var time = Json.Timestamp(e, "timestamp");
        Time(time);
        switch (entry.Type)
        {
            case "message":
                AddMessage(Json.Object(e, "message"), time);
                break;
            case "compaction":
                AddNote(MessageKind.CompactionSummary, Json.String(e, "summary"), time);
                break;
            case "branch_summary":
                AddNote(MessageKind.BranchSummary, Json.String(e, "summary"), time);
                break;
            case "custom_message":
                AddNote(MessageKind.Custom, PiContent.Text(e), time);
                break;
            case "model_change":
                if (Json.String(e, "provider") is { } provider && Json.String(e, "modelId") is { } model) AddModel(provider + "/" + model, used: false);
                break;
            default:
                if (entry.Type == "session_info") _title = Json.String(e, "name") ?? _title;
                _events.Add(new PiEvent(e, default));
                break;
        }
    }

    private void AddMessage(JsonElement m, DateTimeOffset? time)
    {
        var role = Json.String(m, "role");
        switch (role)
        {
            case "user":
                AddUser(PiContent.Text(m), time);
                break;
            case "assistant":
                AddAssistant(m, time);
                break;
            case "toolResult":
                AddResult(m, time);
                break;
            case "bashExecution":
                // A command the user typed with '!': user activity, not an agent action (input-formats §3).
                var command = "!" + Json.String(m, "command");
                var output = Json.String(m, "output");
                AddCommand(string.IsNullOrEmpty(output) ? command : command + "\n" + output, time);
                break;
            case "custom" or "hookMessage":
                AddNote(MessageKind.Custom, PiContent.Text(m), time);
                break;
            case "branchSummary":
                AddNote(MessageKind.BranchSummary, Json.String(m, "summary"), time);
                break;
            case "compactionSummary":
                AddNote(MessageKind.CompactionSummary, Json.String(m, "summary"), time);
                break;
            default:
                _warnings.Add($"message role '{role}' is unknown; kept in metadata events");
                _events.Add(new PiEvent(m, default));
                break;
        }
    }

    /// <summary>A message entry the streaming pass read: as <see cref="Add"/> reads it from its document.</summary>
    private void AddFast(PiFastLine f)
    {
        var time = f.Time;
        Time(time);
        switch (f.Kind)
        {
            case PiFastLine.EntryKind.User:
                AddUser(f.Text.Value, time);
                break;
            case PiFastLine.EntryKind.Assistant:
                _turn++;
                var calls = new List<ToolCall>(f.Calls.Length);
                foreach (var call in f.Calls)
                {
                    // The arguments stay the line's bytes until read: one parse for both the call and the action.
                    var raw = call.Arguments;
                    var args = raw.IsEmpty ? default : Deferred<JsonElement?>.Lazy(new LazyJson.Element(raw));
                    var input = raw.IsEmpty ? default : Deferred<string?>.Lazy(new RawArgumentsText(raw)); // the same bytes: the analysis may read them
                    AddCall(calls, call.Id, call.Name, args, input, time);
                }
                FinishAssistant(f.Text, f.Thinking, calls, f.Model, f.StopReason, f.Usage, time);
                break;
            case PiFastLine.EntryKind.ToolResult:
                AddResult(f.ToolCallId, f.Text, f.IsError ? True : False, time);
                break;
            case PiFastLine.EntryKind.Command:
                AddCommand(f.Text.Value, time);
                break;
            case PiFastLine.EntryKind.Note:
                AddNote(f.NoteKind, f.Text.Value, time);
                break;
            case PiFastLine.EntryKind.ModelChange:
                if (f.Model is { } model) AddModel(model, used: false);
                break;
            case PiFastLine.EntryKind.Event:
                _events.Add(new PiEvent(default, f.Raw));
                break;
        }
    }

    /// <summary>
    /// The trace's metadata (<see cref="PiContent.Metadata"/>): written at once when every event is a document's element,
    /// else when first read (<see cref="PiMetadata"/>; inspect never reads it), from copies of the header and of the
    /// events that are elements, whose documents are gone by then, and the lines' bytes of the others.
    /// </summary>
    private Deferred<JsonElement?> Metadata()
    {
        var raw = false;
        foreach (var e in _events) raw |= !e.Raw.IsEmpty;
        if (!raw) return Deferred<JsonElement?>.Of(PiContent.Metadata(tree.Header, tree.Version, _title, _events));
        var events = new PiEvent[_events.Count];
        for (var i = 0; i < events.Length; i++) events[i] = _events[i].Raw.IsEmpty ? new PiEvent(_events[i].Value.Clone(), default) : _events[i];
        return Deferred<JsonElement?>.Lazy(new PiMetadata(tree.Header.Clone(), tree.Version, _title, events));
    }

    private static readonly Func<bool> True = () => true, False = () => false;

    private void AddUser(string? text, DateTimeOffset? time)
    {
        _task ??= text;
        _messages.Add(new Message { Role = Role.User, Text = text, Turn = _turn, Timestamp = time });
    }

    private void AddCommand(string? text, DateTimeOffset? time) =>
        _messages.Add(new Message { Role = Role.User, Kind = MessageKind.Command, Text = text, Turn = _turn, Timestamp = time });

    private void AddAssistant(JsonElement m, DateTimeOffset? time)
    {
        _turn++;
        var texts = new List<string>();
        var thinking = new List<string>();
        var calls = new List<ToolCall>();
        foreach (var block in Json.Array(m, "content").Where(b => b.ValueKind == JsonValueKind.Object))
        {
            switch (Json.String(block, "type"))
            {
                case "text":
                    texts.Add(Json.String(block, "text") ?? "");
                    break;
                case "thinking" when Json.Boolean(block, "redacted") != true:
                    thinking.Add(Json.String(block, "thinking") ?? "");
                    break;
                case "toolCall":
                    var callId = Json.String(block, "id");
                    var name = Json.String(block, "name") ?? "";
                    JsonElement? args = block.TryGetProperty("arguments", out var a) && a.ValueKind != JsonValueKind.Null ? a.Clone() : null;
                    AddCall(calls, callId, name, Deferred<JsonElement?>.Of(args), Deferred<string?>.Of(args?.GetRawText()), time);
                    break;
            }
        }
        var model = Json.String(m, "provider") is { } p && Json.String(m, "model") is { } name2 ? p + "/" + name2 : Json.String(m, "model");
        var stopReason = Json.String(m, "stopReason");
        FinishAssistant(Deferred<string?>.Of(texts.Count > 0 ? string.Join("\n", texts) : null), Deferred<string?>.Of(thinking.Count > 0 ? string.Join("\n", thinking) : null),
            calls, model, stopReason, PiContent.Usage(m), time);
    }

    private void AddCall(List<ToolCall> calls, string? callId, string name, Deferred<JsonElement?> args, Deferred<string?> input, DateTimeOffset? time)
    {
        calls.Add(new ToolCall { Id = callId, Name = name, DeferredArguments = args });
        if (callId is not null && !_open.TryAdd(callId, _actions.Count))
            _warnings.Add($"tool call id '{callId}' is used twice; results join the first call");
        _actions.Add(new Action
        {
            Index = _actions.Count, Id = callId, Name = name, DeferredArguments = args, DeferredInput = input,
            Turn = _turn, Timestamp = time, ErrorClass = "no_result",
        });
    }

    private void FinishAssistant(Deferred<string?> text, Deferred<string?> thinking, List<ToolCall> calls, string? model, string? stopReason, Usage? usage,
        DateTimeOffset? time)
    {
        if (model is not null) AddModel(model, used: true);
        _stopReason = stopReason ?? _stopReason;
        if (usage is not null) _usage = _usage.Add(usage);
        _messages.Add(new Message
        {
            Role = Role.Assistant, DeferredText = text, DeferredThinking = thinking, ToolCalls = calls, Turn = _turn, StopReason = stopReason, Usage = usage, Timestamp = time,
        });
    }

    private void AddResult(JsonElement m, DateTimeOffset? time)
    {
        var callId = Json.String(m, "toolCallId");
        AddResult(callId, Deferred<string?>.Of(PiContent.Text(m)), () => Json.Boolean(m, "isError") ?? false, time);
    }

    /// <param name="isError">Read only when the result joins a call, as the document path always has.</param>
    /// <param name="text">The result's text; the streaming pass may keep a long one as the line's bytes, for both the message and the action.</param>
    private void AddResult(string? callId, Deferred<string?> text, Func<bool> isError, DateTimeOffset? time)
    {
        _messages.Add(new Message { Role = Role.Tool, DeferredText = text, ToolCallId = callId, Turn = _turn, Timestamp = time });
        if (callId is not null && _open.Remove(callId, out var index))
            _actions[index] = PiToolResult.Join(_actions[index], text.IsNull ? Deferred<string?>.Of("") : text, isError(), time);
        else
            _warnings.Add($"tool result for call '{callId}' has no open call on this path; kept as a message only");
    }

    private void AddNote(MessageKind kind, string? text, DateTimeOffset? time) =>
        _messages.Add(new Message { Role = Role.User, Kind = kind, Text = text, Turn = _turn, Timestamp = time });

    private void AddModel(string model, bool used)
    {
        _models.Add(model, used);
    }

    private void Time(DateTimeOffset? t)
    {
        if (t is not { } v) return;
        if (_first is null || v < _first) _first = v;
        if (_last is null || v > _last) _last = v;
    }
}
