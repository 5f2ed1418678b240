using System.Text;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>One message of a chat row in any dialect, before pairing: its role, text, calls and the call it answers.</summary>
internal sealed record ChatRowMessage(Role Role, string? Text)
{
    public IReadOnlyList<ChatRowCall> Calls { get; init; } = [];

    /// <summary>The call a tool message answers, when the dialect says (OpenAI <c>tool_call_id</c>).</summary>
    public string? ToolCallId { get; init; }

    /// <summary>The tool's name on a tool message (TRL pairs by order and checks it).</summary>
    public string? Name { get; init; }

    public string? Thinking { get; init; }

    /// <summary>
    /// The text came from a <c>text</c> key (SWE-agent-style <c>{role, text}</c> turns, as in nebius/SWE-agent-trajectories),
    /// whose actions are written inline in the assistant's text.
    /// </summary>
    public bool TextTurn { get; init; }

    /// <summary>The role as the row spelt it, when it was not one this reader knows (read as a user message, with a warning).</summary>
    public string? UnknownRole { get; init; }
}

/// <summary>A tool call as a row wrote it: arguments parsed when they are JSON, and their text as written.</summary>
internal sealed record ChatRowCall(string? Id, string Name, JsonElement? Arguments, string Input);

/// <summary>
/// Reads the items of a chat list column into <see cref="ChatRowMessage"/>s (input-formats-2 §1): OpenAI/TRL
/// <c>{role, content, tool_calls, tool_call_id, name}</c> (arguments a JSON string or an object; content a string or
/// text parts), ShareGPT <c>{from, value}</c> with <c>function_call</c> values <c>{"name", "arguments"}</c>, and
/// SWE-agent-style <c>{role, text}</c> turns with the role <c>ai</c>. Nulls are absent keys: Parquet rows carry every
/// key of every message.
/// </summary>
internal static class ChatRowMessages
{
    /// <summary>Whether an item is a chat message of one of the dialects: (<c>role</c> and (<c>content</c> or <c>text</c>)) or (<c>from</c> and <c>value</c>).</summary>
    public static bool IsMessage(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object
        && ((SniffFields.Is(item, "role", JsonValueKind.String) && (SniffFields.Has(item, "content") || SniffFields.Has(item, "text")))
            || (SniffFields.Is(item, "from", JsonValueKind.String) && SniffFields.Has(item, "value")));

    /// <summary>Whether a value is a non-empty list of chat messages, or a string holding one as JSON (SWE-smith).</summary>
    public static bool IsMessageList(JsonElement value, out JsonElement list)
    {
        list = value;
        if (value.ValueKind == JsonValueKind.String && value.GetString() is { } text && text.TrimStart().StartsWith('['))
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                list = doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                return false;
            }
        }
        return list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0 && list.EnumerateArray().All(IsMessage);
    }

    public static List<ChatRowMessage> Read(JsonElement list) => list.EnumerateArray().Select(ReadOne).ToList();

    private static ChatRowMessage ReadOne(JsonElement m)
    {
        if (m.ValueKind != JsonValueKind.Object) throw new Diagnostics.BadRecordException($"a message must be a JSON object, not {Json.Kind(m)}");
        return Value(m, "from") is { } from ? ShareGpt(m, from) : RoleMessage(m);
    }

    private static ChatRowMessage ShareGpt(JsonElement m, string from)
    {
        var value = Value(m, "value");
        switch (from)
        {
            case "human" or "user": return new ChatRowMessage(Role.User, value);
            case "gpt" or "assistant": return new ChatRowMessage(Role.Assistant, value);
            case "system": return new ChatRowMessage(Role.System, value);
            case "observation" or "tool" or "function":
                return new ChatRowMessage(Role.Tool, value);
            case "function_call":
                // The value is the JSON string {"name", "arguments"}; one that is not is kept as the call's input text.
                var call = Json.ParseOrNull(value);
                var name = call is { ValueKind: JsonValueKind.Object } c ? Json.String(c, "name") : null;
                JsonElement? args = call is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("arguments", out var a) ? ArgumentsOf(a) : null;
                return new ChatRowMessage(Role.Assistant, null)
                {
                    Calls = [new ChatRowCall(null, name ?? "function_call", args, args is { } parsed ? Compact(parsed) : value ?? "")],
                };
            default: return new ChatRowMessage(Role.User, value) { UnknownRole = from };
        }
    }

    private static ChatRowMessage RoleMessage(JsonElement m)
    {
        var role = Value(m, "role")!;
        var text = m.TryGetProperty("content", out var content) && content.ValueKind != JsonValueKind.Null ? ContentText(content) : Value(m, "text");
        var thinking = Value(m, "reasoning_content") ?? Value(m, "thinking");
        var textTurn = !(m.TryGetProperty("content", out var c) && c.ValueKind != JsonValueKind.Null) && Value(m, "text") is not null;
        var message = role switch
        {
            "user" => new ChatRowMessage(Role.User, text),
            "system" or "developer" => new ChatRowMessage(Role.System, text),
            "assistant" or "ai" or "gpt" => new ChatRowMessage(Role.Assistant, text) { Calls = Calls(m), Thinking = thinking },
            "tool" or "function" or "observation" => new ChatRowMessage(Role.Tool, text) { ToolCallId = Value(m, "tool_call_id"), Name = Value(m, "name") },
            _ => new ChatRowMessage(Role.User, text) { UnknownRole = role },
        };
        return textTurn ? message with { TextTurn = true } : message;
    }

    /// <summary>OpenAI <c>tool_calls</c> (and the older single <c>function_call</c>).</summary>
    private static List<ChatRowCall> Calls(JsonElement m)
    {
        var calls = new List<ChatRowCall>();
        if (m.TryGetProperty("tool_calls", out var list) && list.ValueKind == JsonValueKind.String) list = Json.ParseOrNull(list.GetString()) ?? default;
        if (list.ValueKind == JsonValueKind.Array)
            foreach (var call in list.EnumerateArray())
            {
                if (call.ValueKind != JsonValueKind.Object) continue;
                var function = call.TryGetProperty("function", out var f) && f.ValueKind == JsonValueKind.Object ? f : call;
                calls.Add(Call(Value(call, "id"), function));
            }
        else if (m.TryGetProperty("function_call", out var single) && single.ValueKind == JsonValueKind.Object)
            calls.Add(Call(null, single));
        return calls;
    }

    private static ChatRowCall Call(string? id, JsonElement function)
    {
        var name = Value(function, "name") ?? "tool";
        if (!function.TryGetProperty("arguments", out var raw) || raw.ValueKind == JsonValueKind.Null) return new ChatRowCall(id, name, null, "");
        var args = ArgumentsOf(raw);
        return new ChatRowCall(id, name, args, raw.ValueKind == JsonValueKind.String ? raw.GetString()! : Compact(raw));
    }

    /// <summary>Arguments as a JSON value: an object as it is, a string parsed when it holds JSON (the API's form), else null.</summary>
    private static JsonElement? ArgumentsOf(JsonElement raw) => raw.ValueKind switch
    {
        JsonValueKind.String => Json.ParseOrNull(raw.GetString()),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => raw.Clone(),
    };

    /// <summary>A content string, or the text of its parts (<c>[{type: "text", text}]</c>) joined by newlines.</summary>
    private static string? ContentText(JsonElement content)
    {
        if (content.ValueKind == JsonValueKind.String) return content.GetString();
        if (content.ValueKind != JsonValueKind.Array) return Compact(content);
        var text = new StringBuilder();
        foreach (var part in content.EnumerateArray())
        {
            var piece = part.ValueKind == JsonValueKind.String ? part.GetString() : Value(part, "text");
            if (piece is null) continue;
            if (text.Length > 0) text.Append('\n');
            text.Append(piece);
        }
        return text.ToString();
    }

    // A part or message that is not an object (a damaged row: an array where a part belongs) has no such value.
    private static string? Value(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>Compact JSON in the outputs' encoding (non-ASCII readable), as the writers print arguments.</summary>
    internal static string Compact(JsonElement value)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, TraceJsonWriter.Options)) value.WriteTo(w);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
