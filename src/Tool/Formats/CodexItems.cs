using System.Buffers;
using System.Text;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>Field reads of Codex rollout items shared by <see cref="CodexSession"/>: texts, arguments, lineage.</summary>
internal static class CodexItems
{
    /// <summary>Forks (<c>forked_from_id</c>) and sub-agents (<c>source.subagent…parent_thread_id</c>) are separate files (§5, Branching).</summary>
    internal static (TraceKind, string?) Lineage(JsonElement? meta)
    {
        if (meta is not { } m) return (TraceKind.Main, null);
        if (m.TryGetProperty("source", out var source) && source.ValueKind == JsonValueKind.Object && source.TryGetProperty("subagent", out var sub))
            return (TraceKind.Subagent, FindString(sub, "parent_thread_id"));
        return Json.String(m, "forked_from_id") is { } fork ? (TraceKind.Fork, fork) : (TraceKind.Main, null);
    }

    private static string? FindString(JsonElement e, string name)
    {
        if (e.ValueKind != JsonValueKind.Object) return null;
        foreach (var p in e.EnumerateObject())
        {
            if (p.NameEquals(name) && p.Value.ValueKind == JsonValueKind.String) return p.Value.GetString();
            if (FindString(p.Value, name) is { } found) return found;
        }
        return null;
    }

    /// <summary>
    /// The item's <c>type</c>; an item without one that has a <c>role</c> and <c>content</c> is a message (rollouts of
    /// some writers, e.g. the corpus file agentsview-standard_session.jsonl, leave the type out).
    /// </summary>
    internal static string? TypeOf(JsonElement item)
    {
        if (Json.String(item, "type") is { } type) return type;
        return item.TryGetProperty("role", out _) && item.TryGetProperty("content", out _) ? "message" : null;
    }

    /// <summary>
    /// A function call's arguments and their text: the API sends a JSON string (parsed here, the string kept as the
    /// input), and some writers store the object itself (its JSON text is then the input).
    /// </summary>
    internal static (JsonElement? Arguments, string? Raw) Arguments(JsonElement item)
    {
        if (!item.TryGetProperty("arguments", out var value) || value.ValueKind == JsonValueKind.Null) return (null, null);
        return value.ValueKind switch
        {
            JsonValueKind.String => (Json.ParseOrNull(value.GetString()), value.GetString()),
            JsonValueKind.Object or JsonValueKind.Array => (value.Clone(), value.GetRawText()),
            _ => throw new Diagnostics.BadRecordException($"field 'arguments' must be a string or an object, not {Json.Kind(value)}"),
        };
    }

    internal static bool IsInjected(string? text) => text is not null && (text.StartsWith("<environment_context>", StringComparison.Ordinal)
        || text.StartsWith("<user_instructions>", StringComparison.Ordinal) || text.StartsWith("# AGENTS.md instructions", StringComparison.Ordinal));

    internal static string? ContentText(JsonElement item)
    {
        var sb = new StringBuilder();
        foreach (var part in Json.Array(item, "content"))
            if (part.ValueKind == JsonValueKind.Object && Json.String(part, "text") is { } text) Append(sb, text);
        return sb.Length > 0 ? sb.ToString() : null;
    }

    /// <summary>The reasoning summaries (the full reasoning is encrypted; §10 "Codex reasoning (summaries only)").</summary>
    internal static string? ReasoningText(JsonElement item)
    {
        var sb = new StringBuilder();
        foreach (var part in Json.Array(item, "summary"))
            if (part.ValueKind == JsonValueKind.Object && Json.String(part, "text") is { } text) Append(sb, text);
        if (sb.Length == 0)
            foreach (var part in Json.Array(item, "content"))
                if (part.ValueKind == JsonValueKind.Object && Json.String(part, "text") is { } text) Append(sb, text);
        return sb.Length > 0 ? sb.ToString() : null;
    }

    internal static void Append(StringBuilder sb, string? text)
    {
        if (string.IsNullOrEmpty(text)) return;
        if (sb.Length > 0) sb.Append("\n\n");
        sb.Append(text);
    }

    /// <summary>
    /// A custom tool call's arguments: <c>{"input": INPUT}</c>, as <see cref="JsonSerializer"/> writes it (the writer's
    /// default escaping), kept as those bytes and parsed on first read. The analysis reads its fields from the bytes
    /// (<see cref="RawJsonArguments"/>); serializing a dictionary and parsing a document per call was a tenth of the
    /// Codex pass's samples.
    /// </summary>
    internal static Deferred<JsonElement?> InputObject(string? input)
    {
        if (input is null) return default;
        var buffer = new ArrayBufferWriter<byte>(input.Length + 16);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("input", input);
            writer.WriteEndObject();
        }
        return Deferred<JsonElement?>.Lazy(new LazyJson.Element(buffer.WrittenMemory));
    }
}
