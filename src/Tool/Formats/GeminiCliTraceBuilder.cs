using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// One Gemini CLI conversation into a trace (input-formats-2 §5): <c>user</c> messages, <c>gemini</c> messages (one turn
/// each, with thoughts as thinking, per-message tokens as usage, and their <c>toolCalls</c>, each call holding its own
/// result), and the CLI's <c>info</c>/<c>warning</c>/<c>error</c> notices as system messages of kind
/// <see cref="MessageKind.Meta"/>. A call's <c>status</c> <c>error</c> is a native error and a failure,
/// <c>cancelled</c> an interruption; a shell call that printed a non-zero <c>Exit Code:</c> is a failure too.
/// </summary>
internal sealed partial class GeminiCliTraceBuilder(GeminiCliConversation conversation, string path)
{
    private readonly List<Message> _messages = [];
    private readonly List<Action> _actions = [];
    private readonly List<string> _warnings = [.. conversation.Warnings];
    private readonly List<string> _models = [];
    private Usage _usage = Usage.Unknown;
    private string? _task;
    private int _turn;

    public Trace Build()
    {
        var index = 0;
        string? lastType = null;
        foreach (var message in conversation.Messages)
        {
            index++;
            try
            {
                lastType = Add(message, index);
            }
            catch (BadRecordException e)
            {
                throw new BadRecordException($"message {index} ({Json.String(message, "id") ?? "no id"}): {e.Message}", e.Line, e.Column, e);
            }
        }
        var fields = conversation.Fields;
        var started = Time(fields, "startTime");
        var updated = Time(fields, "lastUpdated");
        var kind = Text(fields, "kind") == "subagent" ? TraceKind.Subagent : TraceKind.Main;
        return new Trace
        {
            Id = Text(fields, "sessionId") ?? FileStem.Of(path),
            Format = "gemini-cli",
            Agent = "gemini-cli",
            Model = _models.FirstOrDefault(),
            Models = _models,
            Task = _task,
            StartedAt = started,
            Duration = started is { } s && updated is { } u && u >= s ? u - s : null,
            Messages = _messages,
            Actions = _actions,
            Usage = _usage,
            Metadata = Metadata(fields),
            Turns = _turn,
            // A sub-agent's file is chats/<parent sessionId>/<sessionId>.json(l).
            ParentId = kind == TraceKind.Subagent ? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))) : null,
            Kind = kind,
            NativeOutcome = lastType == "error" ? "error" : null, // the CLI records no outcome; a trailing error notice is the only one
            Warnings = _warnings,
        };
    }

    /// <summary>Maps one message; returns its type.</summary>
    private string? Add(JsonElement message, int index)
    {
        var type = Json.String(message, "type");
        var timestamp = Json.Timestamp(message, "timestamp");
        var text = ContentText(message);
        switch (type)
        {
            case "user":
                _task ??= text;
                _messages.Add(new Message { Role = Role.User, Text = text, Turn = _turn, Timestamp = timestamp });
                return type;
            case "gemini":
                AddModelMessage(message, text, timestamp);
                return type;
            case "info" or "warning" or "error":
                _messages.Add(new Message { Role = Role.System, Kind = MessageKind.Meta, Text = $"[{type}] {text}", Turn = _turn, Timestamp = timestamp });
                return type;
        }
        // A fork's own name for a message (its model's name instead of "gemini"): a message with model output is read as
        // the model's; anything else is kept as a notice. Either way the read report counts the type as not understood.
        if (message.TryGetProperty("toolCalls", out _) || message.TryGetProperty("tokens", out _) || message.TryGetProperty("model", out _))
        {
            _warnings.Add($"message {index} has type '{type}', which Gemini CLI does not write; read as a model message (it has model output)");
            AddModelMessage(message, text, timestamp);
        }
        else
        {
            _warnings.Add($"message {index} has type '{type ?? "(none)"}', which Gemini CLI does not write; kept as a system notice");
            _messages.Add(new Message { Role = Role.System, Kind = MessageKind.Meta, Text = $"[{type}] {text}", Turn = _turn, Timestamp = timestamp });
        }
        return type;
    }

    private void AddModelMessage(JsonElement message, string? text, DateTimeOffset? timestamp)
    {
        _turn++;
        var model = Json.String(message, "model");
        if (model is not null && !_models.Contains(model)) _models.Add(model);
        var usage = Tokens(message);
        if (usage is not null) _usage = _usage.Add(usage with { ApiCalls = 1 });
        var calls = Json.Array(message, "toolCalls").ToList();
        _messages.Add(new Message
        {
            Role = Role.Assistant, Text = text, Thinking = Thoughts(message), Turn = _turn, Usage = usage, Timestamp = timestamp,
            ToolCalls = calls.Select(c => new ToolCall { Id = Json.String(c, "id"), Name = Json.RequiredString(c, "name"), Arguments = Args(c) }).ToList(),
        });
        foreach (var call in calls) AddCall(call, timestamp);
    }

    private void AddCall(JsonElement call, DateTimeOffset? messageTime)
    {
        var id = Json.String(call, "id");
        var name = Json.RequiredString(call, "name");
        var status = Json.String(call, "status");
        var output = ResultText(call);
        var exit = ExitCode(name, status, output);
        var error = status == "error";
        if (output is not null || status is not null)
            _messages.Add(new Message { Role = Role.Tool, Text = output, ToolCallId = id, Turn = _turn, Timestamp = Json.Timestamp(call, "timestamp") ?? messageTime });
        if (status is not (null or "success" or "error" or "cancelled"))
            _warnings.Add($"tool call {id ?? name} has status '{status}', which Gemini CLI does not write for a completed call; not counted as failed");
        _actions.Add(new Action
        {
            Index = _actions.Count, Id = id, Name = name, Arguments = Args(call),
            Input = call.TryGetProperty("args", out var args) ? args.GetRawText() : null,
            Output = output, ExitCode = exit, Turn = _turn, Timestamp = Json.Timestamp(call, "timestamp"),
            NativeIsError = status is null ? null : error,
            Interrupted = status == "cancelled",
            Failed = error || exit is { } code && code != 0,
        });
    }

    /// <summary>
    /// A shell call's exit code from its output (§5): <c>Exit Code: N</c> on a line of its own. Current Gemini CLI prints
    /// it only when N is not 0, so a successful shell call whose output has no such line exited with 0. Null for other tools.
    /// </summary>
    private static int? ExitCode(string name, string? status, string? output)
    {
        if (output is null) return null;
        var match = ExitLine().Match(output);
        if (match.Success && int.TryParse(match.Groups[1].Value, out var code)) return code;
        return name == "run_shell_command" && status == "success" && output.StartsWith("Output:", StringComparison.Ordinal) ? 0 : null;
    }

    [GeneratedRegex(@"^Exit Code: (-?\d+)\r?$", RegexOptions.Multiline)]
    private static partial Regex ExitLine();

    /// <summary>
    /// The call's result: its <c>functionResponse.response</c> <c>output</c> (or <c>error</c>) text, other parts' text,
    /// or the response as JSON when it has neither; <c>resultDisplay</c> when there is no result at all.
    /// </summary>
    private static string? ResultText(JsonElement call)
    {
        if (!call.TryGetProperty("result", out var result) || result.ValueKind == JsonValueKind.Null)
            return call.TryGetProperty("resultDisplay", out var display) && display.ValueKind == JsonValueKind.String ? display.GetString() : null;
        var parts = result.ValueKind == JsonValueKind.Array ? result.EnumerateArray().ToList() : [result];
        var texts = new List<string>();
        foreach (var part in parts)
        {
            if (part.ValueKind == JsonValueKind.String) texts.Add(part.GetString()!);
            else if (SniffFields.Is(part, "text", JsonValueKind.String)) texts.Add(part.GetProperty("text").GetString()!);
            else if (SniffFields.Object(part, "functionResponse") is { } response && SniffFields.Object(response, "response") is { } body)
            {
                if (SniffFields.Is(body, "output", JsonValueKind.String)) texts.Add(body.GetProperty("output").GetString()!);
                else if (SniffFields.Is(body, "error", JsonValueKind.String)) texts.Add(body.GetProperty("error").GetString()!);
                else texts.Add(body.GetRawText());
            }
            else if (part.ValueKind != JsonValueKind.Null) texts.Add(part.GetRawText()); // inline data and the like: kept as JSON
        }
        return string.Join("\n", texts);
    }

    /// <summary><c>content</c>: a string, or Gemini parts whose <c>text</c> is joined (other parts kept as JSON).</summary>
    private static string? ContentText(JsonElement message)
    {
        if (!message.TryGetProperty("content", out var content) || content.ValueKind == JsonValueKind.Null) return null;
        if (content.ValueKind == JsonValueKind.String) return content.GetString();
        var parts = content.ValueKind == JsonValueKind.Array ? content.EnumerateArray().ToList() : [content];
        return string.Join("\n", parts.Select(p => SniffFields.Is(p, "text", JsonValueKind.String) ? p.GetProperty("text").GetString()
            : p.ValueKind == JsonValueKind.String ? p.GetString() : p.GetRawText()));
    }

    /// <summary>Thoughts are <c>{subject, description}</c> summaries: one paragraph each, the subject in bold.</summary>
    private static string? Thoughts(JsonElement message)
    {
        var parts = new List<string>();
        foreach (var thought in Json.Array(message, "thoughts"))
        {
            var subject = SniffFields.Is(thought, "subject", JsonValueKind.String) ? thought.GetProperty("subject").GetString() : null;
            var description = SniffFields.Is(thought, "description", JsonValueKind.String) ? thought.GetProperty("description").GetString() : null;
            if (subject is null && description is null) continue;
            parts.Add(subject is null ? description! : description is null ? $"**{subject}**" : $"**{subject}**\n{description}");
        }
        return parts.Count == 0 ? null : string.Join("\n\n", parts);
    }

    /// <summary>
    /// <c>tokens</c> (§5): <c>input</c> is the prompt count, cached tokens included, so the uncached input is
    /// <c>input − cached</c>; <c>tool</c> (tool-use prompt tokens) is input too; <c>thoughts</c> are reasoning. No cost.
    /// </summary>
    private static Usage? Tokens(JsonElement message)
    {
        if (!message.TryGetProperty("tokens", out var tokens) || tokens.ValueKind != JsonValueKind.Object) return null;
        var input = Json.Integer(tokens, "input");
        var cached = Json.Integer(tokens, "cached");
        var tool = Json.Integer(tokens, "tool") ?? 0;
        return new Usage
        {
            InputTokens = input is { } i ? Math.Max(0, i - (cached ?? 0)) + tool : null,
            CacheReadTokens = cached,
            OutputTokens = Json.Integer(tokens, "output"),
            ReasoningTokens = Json.Integer(tokens, "thoughts"),
        };
    }

    private static JsonElement? Args(JsonElement call) =>
        call.TryGetProperty("args", out var args) && args.ValueKind != JsonValueKind.Null ? args.Clone() : null;

    private static string? Text(Dictionary<string, JsonElement> fields, string name) =>
        fields.TryGetValue(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static DateTimeOffset? Time(Dictionary<string, JsonElement> fields, string name) =>
        Text(fields, name) is { } text ? Json.ParseTimestamp(text, name) : null;

    /// <summary>The session fields (all but the messages), as the file has them.</summary>
    private static JsonElement Metadata(Dictionary<string, JsonElement> fields)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in fields)
            {
                writer.WritePropertyName(name);
                value.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.ToArray(), Json.Rebuilt);
        return doc.RootElement.Clone();
    }
}
