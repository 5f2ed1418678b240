using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// Lines of a Codex rollout written before the <c>{timestamp, type, payload}</c> envelope (Codex CLI up to August
/// 2025): a first line <c>{id, timestamp, instructions?, git?, cwd?}</c> with no <c>type</c>, <c>{"record_type":"state"}</c>
/// markers (they carry nothing), and response items at the top level (<c>{"type":"message", role, content}</c>,
/// <c>{"type":"function_call", name, arguments, call_id}</c>, …) with no payload wrapper and usually no timestamp.
/// </summary>
internal static class CodexLegacyLine
{
    private static readonly string[] ItemTypes =
    [
        "message", "reasoning", "function_call", "function_call_output", "custom_tool_call", "custom_tool_call_output",
        "local_shell_call", "web_search_call",
    ];

    /// <summary>The session header: an <c>id</c> and a <c>timestamp</c>, no <c>type</c>, no payload.</summary>
    public static bool IsHeader(JsonElement line) =>
        SniffFields.Is(line, "id", JsonValueKind.String) && SniffFields.Is(line, "timestamp", JsonValueKind.String)
        && !SniffFields.Has(line, "type") && !SniffFields.Has(line, "payload");

    /// <summary>A <c>{"record_type":"state"}</c> marker.</summary>
    public static bool IsStateMarker(JsonElement line) => SniffFields.IsOneOf(line, "record_type", "state");

    /// <summary>A bare response item: a known item type, no payload wrapper, and the field that item type needs.</summary>
    public static bool IsItem(JsonElement line)
    {
        if (SniffFields.Has(line, "payload") || !SniffFields.IsOneOf(line, "type", ItemTypes)) return false;
        if (SniffFields.IsOneOf(line, "type", "message")) return SniffFields.Is(line, "role", JsonValueKind.String);
        if (SniffFields.IsOneOf(line, "type", "function_call", "function_call_output", "custom_tool_call", "custom_tool_call_output"))
            return SniffFields.Has(line, "call_id");
        return true;
    }

    public static bool IsMarkerOrItem(JsonElement line) => IsStateMarker(line) || IsItem(line);
}
