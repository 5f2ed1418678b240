using System.Buffers;
using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// A Claude Code trace's <see cref="Traces.Trace.Metadata"/>: the envelope facts of its first line (session id, CLI
/// version, git branch, agent id), the session titles (<c>summary</c> lines), the Task call that started a sub-agent and
/// its meta file, the compaction count, lines repeated by a resume, what abandoned branches held, and unknown line
/// types passed through as they are (input-formats §1.4).
/// </summary>
internal static class ClaudeCodeMetadata
{
    private static readonly string[] Envelope = ["sessionId", "version", "gitBranch", "userType", "agentId"];

    public static JsonElement Write(ClaudeCodeSession session, ClaudeCodePath trace, ClaudeCodeAbandoned abandoned, List<string> summaries,
        List<JsonElement> others, string? parentToolUseId, JsonElement? agentMeta)
    {
        var path = trace.Nodes.Count > 0 ? trace.Nodes : trace.OffPath;
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("sessionId", session.SessionId);
            if (session.SessionIds.Count > 1)
            {
                w.WriteStartArray("sessionIds");
                foreach (var id in session.SessionIds) w.WriteStringValue(id);
                w.WriteEndArray();
            }
            if (path.Count > 0 && path[0].Fast is { } fast)
            {
                // The streaming pass takes these fields only as strings (or absent), which is how WriteTo writes a string element.
                foreach (var (key, value) in new[] { ("version", fast.Version), ("gitBranch", fast.GitBranch), ("userType", fast.UserType), ("agentId", fast.AgentId) })
                    if (value is not null) w.WriteString(key, value);
            }
            else
            {
                var first = path.Count > 0 ? path[0].Value : default;
                foreach (var key in Envelope.Skip(1))
                    if (first.ValueKind == JsonValueKind.Object && first.TryGetProperty(key, out var v)) { w.WritePropertyName(key); v.WriteTo(w); }
            }
            if (parentToolUseId is not null) w.WriteString("parentToolUseId", parentToolUseId);
            if (agentMeta is { } meta)
            {
                w.WritePropertyName("agentMeta");
                meta.WriteTo(w);
            }
            if (summaries.Count > 0)
            {
                w.WriteStartArray("summaries");
                foreach (var s in summaries) w.WriteStringValue(s);
                w.WriteEndArray();
            }
            if (trace.Compactions > 0) w.WriteNumber("compactions", trace.Compactions);
            if (session.Duplicates > 0) w.WriteNumber("repeatedLines", session.Duplicates);
            if (abandoned.Lines > 0)
            {
                w.WriteStartObject("abandoned");
                w.WriteNumber("lines", abandoned.Lines);
                w.WriteNumber("toolCalls", abandoned.ToolCalls);
                w.WriteNumber("responses", abandoned.Responses.Count);
                w.WriteNumber("userMessages", abandoned.UserMessages);
                w.WriteEndObject();
            }
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
