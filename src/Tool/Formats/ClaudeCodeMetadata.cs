using System.Buffers;
using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// A Claude Code trace's <see cref="Traces.Trace.Metadata"/>: the envelope facts of its first line (session id, CLI
/// version, git branch, agent id), the session titles (<c>summary</c> lines), the Task call that started a sub-agent,
/// and unknown line types passed through as they are (input-formats §1.4).
/// </summary>
internal static class ClaudeCodeMetadata
{
    private static readonly string[] Envelope = ["sessionId", "version", "gitBranch", "userType", "agentId"];

    public static JsonElement Write(ClaudeCodeSession session, IReadOnlyList<ClaudeCodeNode> path, List<string> summaries,
        List<JsonElement> others, string? parentToolUseId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("sessionId", session.SessionId);
            var first = path.Count > 0 ? path[0].Value : default;
            foreach (var key in Envelope.Skip(1))
                if (first.ValueKind == JsonValueKind.Object && first.TryGetProperty(key, out var v)) { w.WritePropertyName(key); v.WriteTo(w); }
            if (parentToolUseId is not null) w.WriteString("parentToolUseId", parentToolUseId);
            if (summaries.Count > 0)
            {
                w.WriteStartArray("summaries");
                foreach (var s in summaries) w.WriteStringValue(s);
                w.WriteEndArray();
            }
            var compactions = path.Count(n => n.Type == "system" && n.Value.TryGetProperty("subtype", out var st) && st.ValueEquals("compact_boundary"));
            if (compactions > 0) w.WriteNumber("compactions", compactions);
            if (others.Count > 0)
            {
                w.WriteStartArray("events");
                foreach (var e in others) e.WriteTo(w);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.WrittenMemory, Json.Rebuilt);
        return doc.RootElement.Clone();
    }
}
