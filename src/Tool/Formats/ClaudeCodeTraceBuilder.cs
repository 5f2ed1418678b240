using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// Maps one Claude Code path (the main chain or one sidechain run, in file order) onto a <see cref="Trace"/>
/// (input-formats §4 and the §10 table): assistant lines of one <c>message.id</c> merge into one message and one turn,
/// <c>tool_use</c> joins <c>tool_result</c> by id, user lines are classified (meta, command, compaction summary,
/// interrupt marker).
/// </summary>
internal sealed class ClaudeCodeTraceBuilder(string id, bool sidechain)
{
    private readonly List<object> _messages = [];
    private readonly Dictionary<string, ClaudeCodeMessageMerger> _responses = new(StringComparer.Ordinal);
    private readonly List<Action> _actions = [];
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly ModelTally _models = new();
    private readonly List<string> _warnings = [];
    private int _turn;
    private string? _task;
    private string? _metaTask;
    private string? _cwd;
    private bool _interruptedLast;
    private DateTimeOffset? _first;
    private DateTimeOffset? _last;

    /// <param name="path">The lines to read, in file order.</param>
    /// <param name="abandoned">The group's lines the path leaves out: their usage is added to the trace's.</param>
    /// <param name="ledger">The file's usage ledger, so that a response is counted once over all the file's traces.</param>
    public Trace Build(ClaudeCodePath path, ClaudeCodeAbandoned abandoned, ClaudeCodeUsageLedger ledger, TraceKind kind, string? parentId,
        Deferred<JsonElement?> metadata, IEnumerable<string> warnings)
    {
        for (var k = 0; k < path.Nodes.Count; k++)
        {
            var node = path.Nodes[k];
            try
            {
                Add(node, k + 1 < path.Nodes.Count ? path.Nodes[k + 1] : null);
            }
            catch (BadRecordException e)
            {
                throw SessionLines.AtLine(e, node.Line.Line);
            }
        }
        // The responses and the messages in one loop over the list, without LINQ's enumerators over it.
        var responses = new List<ClaudeCodeMessageMerger>();
        var messages = new List<Message>(_messages.Count);
        string? stop = null;
        foreach (var m in _messages)
        {
            if (m is Message message)
            {
                messages.Add(message);
                continue;
            }
            var response = (ClaudeCodeMessageMerger)m;
            responses.Add(response);
            messages.Add(response.ToMessage(sidechain));
            stop = response.StopReason ?? stop;
        }
        var usage = ledger.Claim(responses).Add(ledger.Claim(abandoned.Responses));
        return new Trace
        {
            Id = id,
            Format = "claude-code",
            Agent = "claude-code",
            Model = _models.MostUsed,
            Models = _models.Seen,
            Task = _task ?? _metaTask,
            StartedAt = _first,
            Duration = _last - _first,
            Messages = messages,
            Actions = _actions,
            Usage = usage,
            DeferredMetadata = metadata,
            Turns = _turn,
            ParentId = parentId,
            Kind = kind,
            Cwd = _cwd,
            NativeOutcome = _interruptedLast ? "interrupted" : stop,
            Warnings = [.. warnings, .. path.Warnings, .. _warnings, .. abandoned.Warning is { } w ? [w] : Array.Empty<string>()],
        };
    }

    private void Add(ClaudeCodeNode node, ClaudeCodeNode? next)
    {
        // Lines of other types (progress, attachments) only link the path; they pass through into the events.
        if (node.Type is not ("user" or "assistant" or "system") && !node.IsBoundary) return;
        if (node.Fast is { } fast)
        {
            AddFast(node, fast);
            return;
        }
        var line = node.Value;
        var time = Json.Timestamp(line, "timestamp");
        if (time is { } t)
        {
            if (_first is null || t < _first) _first = t;
            if (_last is null || t > _last) _last = t;
        }
        _cwd ??= Json.String(line, "cwd");
        if (node.IsBoundary)
        {
            // A compaction boundary's summary is normally the next user line (isCompactSummary); when none follows, the
            // boundary itself marks the seam between the parts.
            if (next is null || !next.IsCompactSummary)
                AddMessage(new Message
                {
                    Role = Role.System, Kind = MessageKind.CompactionSummary, Turn = _turn, Timestamp = time, IsSidechain = sidechain,
                    Text = line.TryGetProperty("content", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : "Conversation compacted",
                });
            return;
        }
        if (node.Type == "system")
        {
            // Other system lines are notes.
            if (line.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String)
                AddMessage(new Message { Role = Role.System, Kind = MessageKind.Meta, Text = c.GetString(), Turn = _turn, Timestamp = time, IsSidechain = sidechain });
            return;
        }
        var message = Json.Object(line, "message");
        if (node.Type == "assistant") AddAssistant(message, Json.String(line, "requestId"), time, null);
        else AddUser(line, message, time, node.Line.Slim);
    }

    /// <summary>A user or assistant line the streaming pass read: as <see cref="Add"/> reads one from its document.</summary>
    private void AddFast(ClaudeCodeNode node, ClaudeCodeFastLine line)
    {
        var time = line.Time;
        if (time is { } t)
        {
            if (_first is null || t < _first) _first = t;
            if (_last is null || t > _last) _last = t;
        }
        _cwd ??= line.Cwd;
        if (node.Type == "assistant")
        {
            AddAssistant(default, line.RequestId, time, line);
            return;
        }
        var kind = line.IsCompactSummary == true ? MessageKind.CompactionSummary : line.IsMeta == true ? MessageKind.Meta : MessageKind.Normal;
        List<string>? texts = null; // most user lines hold only tool results: no list for them
        if (line.ContentText is { } content) texts = [content];
        else
        {
            var results = 0;
            foreach (var block in line.Blocks)
                if (block.Kind == ClaudeCodeFastLine.BlockKind.ToolResult) results++;
            var interrupted = results == 1 && line.ResultInterrupted;
            foreach (var block in line.Blocks)
            {
                switch (block.Kind)
                {
                    case ClaudeCodeFastLine.BlockKind.Text:
                        (texts ??= []).Add(block.Text ?? "");
                        break;
                    case ClaudeCodeFastLine.BlockKind.Image:
                        (texts ??= []).Add("[image]");
                        break;
                    case ClaudeCodeFastLine.BlockKind.ToolResult:
                        AddResult(block.ToolUseId, block.Result, block.IsError, interrupted, time);
                        break;
                }
            }
        }
        if (texts is not null) AddUserText(kind, texts, time);
    }

    /// <param name="fast">The line's fields when the streaming pass read it (then <paramref name="message"/> is undefined).</param>
    private void AddAssistant(JsonElement message, string? requestId, DateTimeOffset? time, ClaudeCodeFastLine? fast)
    {
        var messageId = fast is null ? Json.String(message, "id") : fast.MessageId;
        var isNew = messageId is null || !_responses.ContainsKey(messageId);
        if (isNew)
        {
            var created = new ClaudeCodeMessageMerger(messageId, ++_turn, time);
            if (messageId is not null) _responses[messageId] = created;
            _messages.Add(created);
        }
        var response = messageId is null ? (ClaudeCodeMessageMerger)_messages[^1] : _responses[messageId];
        var before = response.Calls.Count;
        if (fast is null) response.AddLine(message, requestId);
        else response.AddLine(fast);
        if ((fast is null ? Json.String(message, "model") : fast.Model) is { } model && model != "<synthetic>")
        {
            // One vote per response, so a response streamed over many lines does not outweigh the others.
            _models.Add(model, used: isNew);
        }
        for (var c = before; c < response.Calls.Count; c++)
        {
            var call = response.Calls[c];
            if (call.Id is not null && !_open.TryAdd(call.Id, _actions.Count))
                _warnings.Add($"tool_use id '{call.Id}' is used twice; results join the first call");
            _actions.Add(response.InputOf(c) is { } input
                ? new Action
                {
                    // Read without a document: arguments and input text stay the line's bytes until read (one parse for both the call and the action).
                    Index = _actions.Count, Id = call.Id, Name = call.Name, DeferredArguments = call.DeferredArguments, DeferredInput = input,
                    Turn = response.Turn, Timestamp = time, ErrorClass = "no_result",
                }
                : new Action
                {
                    Index = _actions.Count, Id = call.Id, Name = call.Name, Arguments = call.Arguments, Input = call.Arguments?.GetRawText(),
                    Turn = response.Turn, Timestamp = time, ErrorClass = "no_result",
                });
        }
        _interruptedLast = false;
    }

    private void AddUser(JsonElement line, JsonElement message, DateTimeOffset? time, ClaudeCodeSlimLine? slim)
    {
        var kind = Json.Boolean(line, "isCompactSummary") == true ? MessageKind.CompactionSummary
            : Json.Boolean(line, "isMeta") == true ? MessageKind.Meta
            : MessageKind.Normal;
        var texts = new List<string>();
        if (message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String) texts.Add(content.GetString()!);
        else
        {
            var results = Json.Array(message, "content").Count(b => b.ValueKind == JsonValueKind.Object && Json.String(b, "type") == "tool_result");
            var toolUseResult = line.TryGetProperty("toolUseResult", out var r) && results == 1 ? r : default;
            foreach (var block in Json.Array(message, "content").Where(b => b.ValueKind == JsonValueKind.Object))
            {
                switch (Json.String(block, "type"))
                {
                    case "text":
                        texts.Add(Json.String(block, "text") ?? "");
                        break;
                    case "image":
                        texts.Add("[image]");
                        break;
                    case "tool_result":
                        AddResult(block, toolUseResult, time, slim);
                        break;
                }
            }
        }
        AddUserText(kind, texts, time);
    }

    /// <summary>A user line's texts, joined into one message (none when the line holds only tool results).</summary>
    private void AddUserText(MessageKind kind, List<string> texts, DateTimeOffset? time)
    {
        if (texts.Count == 0) return;
        var text = string.Join("\n", texts);
        if (text.StartsWith(ClaudeCodeToolResult.InterruptMarker, StringComparison.Ordinal))
        {
            kind = MessageKind.Meta;
            for (var k = 0; k < _actions.Count; k++)
                if (_actions[k].Turn == _turn) _actions[k] = ClaudeCodeToolResult.AfterInterrupt(_actions[k]);
            _interruptedLast = true;
        }
        else if (kind == MessageKind.Normal && IsCommand(text)) kind = MessageKind.Command;
        else if (kind == MessageKind.Normal && text.StartsWith("<system-reminder>", StringComparison.Ordinal)) kind = MessageKind.Injected;
        if (kind == MessageKind.Normal) _task ??= text;
        if (kind == MessageKind.Meta && !text.StartsWith('[')) _metaTask ??= text;
        AddMessage(new Message { Role = Role.User, Kind = kind, Text = text, Turn = _turn, Timestamp = time, IsSidechain = sidechain });
    }

    private void AddResult(JsonElement block, JsonElement toolUseResult, DateTimeOffset? time, ClaudeCodeSlimLine? slim)
    {
        var callId = Json.String(block, "tool_use_id");
        var output = ClaudeCodeToolResult.Text(block, slim);
        AddMessage(new Message { Role = Role.Tool, DeferredText = output.Deferred, ToolCallId = callId, Turn = _turn, Timestamp = time, IsSidechain = sidechain });
        if (callId is not null && _open.Remove(callId, out var index))
            _actions[index] = ClaudeCodeToolResult.Join(_actions[index], output, Json.Boolean(block, "is_error"), toolUseResult, time);
        else
            _warnings.Add($"tool_result for '{callId}' has no open tool_use on this path; kept as a message only");
    }

    private void AddResult(string? callId, ClaudeCodeResultText output, bool? isError, bool interrupted, DateTimeOffset? time)
    {
        AddMessage(new Message { Role = Role.Tool, DeferredText = output.Deferred, ToolCallId = callId, Turn = _turn, Timestamp = time, IsSidechain = sidechain });
        if (callId is not null && _open.Remove(callId, out var index))
            _actions[index] = ClaudeCodeToolResult.Join(_actions[index], output, isError, interrupted, time);
        else
            _warnings.Add($"tool_result for '{callId}' has no open tool_use on this path; kept as a message only");
    }

    /// <summary>Every message is made with the trace's <see cref="Message.IsSidechain"/> (one record, not a copy with it set).</summary>
    private void AddMessage(Message m) => _messages.Add(m);

    /// <summary>Slash and local commands are wrapped in these tags (input-formats §4, "Tool errors", last point).</summary>
    private static bool IsCommand(string text) =>
        text.StartsWith("<command-name>", StringComparison.Ordinal) || text.StartsWith("<command-message>", StringComparison.Ordinal)
        || text.StartsWith("<command-args>", StringComparison.Ordinal) || text.StartsWith("<local-command-stdout>", StringComparison.Ordinal)
        || text.StartsWith("<local-command-stderr>", StringComparison.Ordinal);
}
