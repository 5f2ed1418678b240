using System.Text;
using System.Text.Json;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// One opencode session into a trace (input-formats-2 §6). Messages in order of <c>time.created</c> (then id), parts
/// of each in id order. A user message is its text parts (<c>synthetic</c> ones, which opencode adds, as an injected
/// message); an assistant message is one turn: its text, its reasoning as thinking, one action per tool part (call
/// and result in one part), and the usage of its <c>step-finish</c> parts (one per model call; the message's own
/// <c>tokens</c> hold only the last step, so they are used, approximate, only when it has no step). Parts whose message
/// file is missing are read as an assistant message of their own, with a warning.
/// </summary>
internal sealed class OpencodeTraceBuilder(JsonElement session, List<(string Path, JsonElement Value)> messageFiles,
    List<(string Path, JsonElement Value)> partFiles, List<string> warnings)
{
    private readonly List<Message> _messages = [];
    private readonly List<Action> _actions = [];
    private readonly List<string> _models = [];
    private readonly List<JsonElement> _leftAside = [];
    private Usage _usage = Usage.Unknown;
    private string? _task;
    private string? _outcome;
    private int _turn;

    public Trace Build()
    {
        if (messageFiles.Count == 0 && partFiles.Count == 0)
            warnings.Add("no message or part file of this session was found beside it (in <storage>/message/<sessionID>/, or in its folder); the trace is empty");
        var parts = partFiles.GroupBy(p => Json.RequiredString(p.Value, "messageID"))
            .ToDictionary(g => g.Key, g => g.OrderBy(p => Json.RequiredString(p.Value, "id"), StringComparer.Ordinal).Select(p => p.Value).ToList());
        var ordered = messageFiles.Select(m => (Id: Json.RequiredString(m.Value, "id"), Value: (JsonElement?)m.Value, Time: Created(m.Value)))
            .ToList();
        // Parts whose message file is not there: placed by their earliest time, read as the model's.
        foreach (var orphan in parts.Keys.Where(id => ordered.All(m => m.Id != id)).Order(StringComparer.Ordinal))
        {
            warnings.Add($"{parts[orphan].Count} part(s) of message {orphan}, whose message file is not in the storage, read as an assistant message");
            ordered.Add((orphan, null, parts[orphan].Select(PartStart).Min()));
        }
        foreach (var (id, value, time) in ordered.OrderBy(m => m.Time ?? long.MaxValue).ThenBy(m => m.Id, StringComparer.Ordinal))
        {
            var role = value is { } v ? Json.String(v, "role") : "assistant";
            var own = parts.GetValueOrDefault(id) ?? [];
            if (role == "user") AddUser(own, time);
            else AddAssistant(value, own, time);
        }
        var created = Json.Integer(Json.Object(session, "time"), "created");
        var updated = Json.Integer(Json.Object(session, "time"), "updated");
        var parent = Json.String(session, "parentID");
        return new Trace
        {
            Id = Json.RequiredString(session, "id"),
            Format = "opencode",
            Agent = "opencode",
            Model = _models.FirstOrDefault(),
            Models = _models,
            Task = _task,
            StartedAt = created is { } c ? DateTimeOffset.FromUnixTimeMilliseconds(c) : null,
            Duration = created is { } a && updated is { } b && b >= a ? TimeSpan.FromMilliseconds(b - a) : null,
            Messages = _messages,
            Actions = _actions,
            Usage = _usage,
            Metadata = Metadata(),
            Turns = _turn,
            ParentId = parent,
            Kind = parent is null ? TraceKind.Main : TraceKind.Subagent,
            Cwd = Json.String(session, "directory"),
            NativeOutcome = _outcome,
            Warnings = warnings,
        };
    }

    private void AddUser(List<JsonElement> parts, long? time)
    {
        var said = new List<string>();
        var injected = new List<string>();
        foreach (var part in parts)
        {
            switch (Json.String(part, "type"))
            {
                case "text":
                    if (Json.Boolean(part, "ignored") == true) continue; // opencode does not send it to the model either
                    (Json.Boolean(part, "synthetic") == true ? injected : said).Add(Json.String(part, "text") ?? "");
                    break;
                case "file":
                    said.Add($"[file: {Json.String(part, "filename") ?? Json.String(part, "url")}]");
                    break;
                default:
                    Aside(part);
                    break;
            }
        }
        var text = said.Count == 0 ? null : string.Join("\n", said);
        if (_task is null && text is not null && _turn == 0) _task = text;
        var at = time is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t) : (DateTimeOffset?)null;
        _messages.Add(new Message { Role = Role.User, Text = text, Turn = _turn, Timestamp = at });
        if (injected.Count > 0)
            _messages.Add(new Message { Role = Role.User, Kind = MessageKind.Injected, Text = string.Join("\n", injected), Turn = _turn, Timestamp = at });
    }

    private void AddAssistant(JsonElement? message, List<JsonElement> parts, long? time)
    {
        _turn++;
        var model = message is { } m ? Json.String(m, "modelID") : null;
        if (model is not null && !_models.Contains(model)) _models.Add(model);
        var texts = new List<string>();
        var thinking = new List<string>();
        var calls = new List<ToolCall>();
        var results = new List<Message>();
        Usage? steps = null;
        foreach (var part in parts)
        {
            switch (Json.String(part, "type"))
            {
                case "text": texts.Add(Json.String(part, "text") ?? ""); break;
                case "reasoning": thinking.Add(Json.String(part, "text") ?? ""); break;
                case "step-start": break; // a step's start: its usage is on its step-finish
                case "step-finish":
                    steps = (steps ?? Usage.Unknown).Add(Tokens(part, approximate: false));
                    break;
                case "tool":
                    var (call, result) = AddTool(part);
                    calls.Add(call);
                    if (result is not null) results.Add(result);
                    break;
                default:
                    Aside(part);
                    break;
            }
        }
        var usage = steps ?? (message is { } withTokens && withTokens.TryGetProperty("tokens", out _) ? Tokens(withTokens, approximate: true) : null);
        if (usage is not null) _usage = _usage.Add(usage);
        string? stop = null;
        if (message is { } msg)
        {
            stop = Json.String(msg, "finish");
            if (msg.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                var name = JsonPath.GetString(error, "name") ?? "error";
                warnings.Add($"message {Json.String(msg, "id")} ended with {name}: {JsonPath.GetString(error, "data.message")}");
                _outcome = name;
            }
            else _outcome = stop;
        }
        _messages.Add(new Message
        {
            Role = Role.Assistant, Text = texts.Count == 0 ? null : string.Join("\n", texts),
            Thinking = thinking.Count == 0 ? null : string.Join("\n\n", thinking),
            ToolCalls = calls, Turn = _turn, Usage = usage, StopReason = stop,
            Timestamp = time is { } t ? DateTimeOffset.FromUnixTimeMilliseconds(t) : null,
        });
        _messages.AddRange(results);
    }

    /// <summary>
    /// A tool part: the call and its state. <c>error</c> is a native error and a failure, unless opencode marked it
    /// interrupted (<c>metadata.interrupted</c>); a part left <c>pending</c>/<c>running</c> was interrupted too. Bash
    /// keeps its exit code in <c>state.metadata.exit</c>; a non-zero one is a failure of a <c>completed</c> call.
    /// </summary>
    private (ToolCall, Message?) AddTool(JsonElement part)
    {
        var id = Json.String(part, "callID") ?? Json.String(part, "id");
        var name = Json.RequiredString(part, "tool");
        var state = Json.Object(part, "state");
        var status = Json.String(state, "status");
        var input = state.TryGetProperty("input", out var i) && i.ValueKind != JsonValueKind.Null ? i.Clone() : (JsonElement?)null;
        var meta = SniffFields.Object(state, "metadata");
        var interrupted = status is "pending" or "running" || (status == "error" && meta is { } im && SniffFields.Is(im, "interrupted", JsonValueKind.True));
        var output = status switch
        {
            "completed" => Json.String(state, "output"),
            "error" => Json.String(state, "error") is { } e && meta is { } em && SniffFields.Is(em, "output", JsonValueKind.String)
                ? em.GetProperty("output").GetString() + "\n" + e : Json.String(state, "error"),
            _ => null,
        };
        int? exit = meta is { } mm && mm.TryGetProperty("exit", out var x) && x.ValueKind == JsonValueKind.Number && x.TryGetInt32(out var code) ? code : null;
        if (status is not ("completed" or "error" or "pending" or "running"))
            warnings.Add($"tool part {Json.String(part, "id")} has state '{status}', which opencode does not write; not counted as failed");
        var times = SniffFields.Object(state, "time");
        var start = times is { } ts ? Json.Integer(ts, "start") : null;
        var end = times is { } te ? Json.Integer(te, "end") : null;
        _actions.Add(new Action
        {
            Index = _actions.Count, Id = id, Name = name, Arguments = input, Input = input?.GetRawText(),
            Output = output, ExitCode = exit, Turn = _turn,
            NativeIsError = status is "completed" or "error" ? status == "error" : null,
            Interrupted = interrupted,
            Failed = (status == "error" && !interrupted) || exit is { } c && c != 0,
            Duration = start is { } s && end is { } f && f >= s ? TimeSpan.FromMilliseconds(f - s) : null,
            Timestamp = start is { } st ? DateTimeOffset.FromUnixTimeMilliseconds(st) : null,
        });
        var call = new ToolCall { Id = id, Name = name, Arguments = input };
        var result = output is null && !interrupted ? null : new Message
        {
            Role = Role.Tool, ToolCallId = id, Turn = _turn,
            Text = output ?? "[Tool execution was interrupted]", // what opencode sends the model for an unfinished call
            Timestamp = end is { } en ? DateTimeOffset.FromUnixTimeMilliseconds(en) : null,
        };
        return (call, result);
    }

    /// <summary>
    /// <c>tokens {input, output, reasoning, cache {read, write}}</c> and <c>cost</c>: opencode's <c>input</c> already
    /// excludes cache reads and writes (§6), so it is the uncached input as it stands.
    /// </summary>
    private static Usage Tokens(JsonElement holder, bool approximate)
    {
        var tokens = SniffFields.Object(holder, "tokens");
        var cache = tokens is { } t ? SniffFields.Object(t, "cache") : null;
        return new Usage
        {
            InputTokens = tokens is { } a ? Json.Integer(a, "input") : null,
            OutputTokens = tokens is { } b ? Json.Integer(b, "output") : null,
            ReasoningTokens = tokens is { } r ? Json.Integer(r, "reasoning") : null,
            CacheReadTokens = cache is { } c ? Json.Integer(c, "read") : null,
            CacheWriteTokens = cache is { } w ? Json.Integer(w, "write") : null,
            CostUsd = holder.TryGetProperty("cost", out var cost) && cost.ValueKind == JsonValueKind.Number && cost.TryGetDecimal(out var usd) ? usd : null,
            ApiCalls = approximate ? null : 1,
            Approximate = approximate,
        };
    }

    private static long? Created(JsonElement message) =>
        SniffFields.Object(message, "time") is { } t && t.TryGetProperty("created", out var c) && c.TryGetInt64(out var ms) ? ms : null;

    /// <summary>When a part began (a tool's <c>state.time.start</c>, else its own <c>time.start</c>), for placing orphan parts.</summary>
    private static long? PartStart(JsonElement part)
    {
        var time = SniffFields.Object(part, "state") is { } s ? SniffFields.Object(s, "time") : SniffFields.Object(part, "time");
        return time is { } t && t.TryGetProperty("start", out var v) && v.TryGetInt64(out var ms) ? ms : null;
    }

    /// <summary>A part this reader does not map into the conversation (patch, snapshot, agent, subtask, …): kept in metadata.</summary>
    private void Aside(JsonElement part) => _leftAside.Add(part.Clone());

    /// <summary>The session record, and the parts kept aside (<c>parts</c>), as JSON.</summary>
    private JsonElement Metadata()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var field in session.EnumerateObject()) field.WriteTo(writer);
            if (_leftAside.Count > 0)
            {
                writer.WriteStartArray("parts");
                foreach (var part in _leftAside) part.WriteTo(writer);
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.ToArray(), Json.Rebuilt);
        return doc.RootElement.Clone();
    }
}
