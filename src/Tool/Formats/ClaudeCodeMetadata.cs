using System.Buffers;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// A Claude Code trace's <see cref="Traces.Trace.Metadata"/>: the envelope facts of its first line (session id, CLI
/// version, git branch, agent id), the session titles (<c>summary</c> lines), the Task call that started a sub-agent and
/// its meta file, the compaction count, lines repeated by a resume, what abandoned branches held, and unknown line
/// types passed through as they are (input-formats §1.4).
/// </summary>
internal static class ClaudeCodeMetadata
{
    private static readonly string[] Envelope = ["version", "gitBranch", "userType", "agentId"];

    /// <summary>
    /// The metadata, written when first read: <c>inspect</c> and most runs never read a Claude Code trace's metadata, and
    /// writing it (then parsing it into an element) cost as much as building the trace's messages. What it is written
    /// from is taken now, as plain values. The lines passed through into the events, and a first line parsed into a
    /// document, belong to documents disposed when the file is read: each is cloned (a copy of its bytes and rows, no
    /// parse), which a main trace's dozen small event lines cost far less than writing its metadata at once, as was done.
    /// </summary>
    public static Deferred<JsonElement?> Of(ClaudeCodeSession session, ClaudeCodePath trace, ClaudeCodeAbandoned abandoned, List<string> summaries,
        List<JsonElement> others, string? parentToolUseId, JsonElement? agentMeta)
    {
        var path = trace.Nodes.Count > 0 ? trace.Nodes : trace.OffPath;
        var first = path.Count > 0 ? path[0] : null;
        var facts = new Facts(session.SessionId, session.SessionIds, first?.Fast is { } fast ? [fast.Version, fast.GitBranch, fast.UserType, fast.AgentId] : null,
            first is { Fast: null } ? first.Value.Clone() : default, parentToolUseId, agentMeta, summaries, trace.Compactions, session.Duplicates,
            abandoned.Lines > 0 ? [abandoned.Lines, abandoned.ToolCalls, abandoned.Responses.Count, abandoned.UserMessages] : null,
            others.Count == 0 ? [] : others.ConvertAll(e => e.Clone()));
        return Deferred<JsonElement?>.Lazy(() => Write(facts));
    }

    /// <param name="FastEnvelope">The first line's version, branch, user type and agent id, when the streaming pass read it.</param>
    /// <param name="FirstLine">The first line's document, when it was parsed into one (undefined otherwise).</param>
    /// <param name="Abandoned">Lines, tool calls, responses and user messages on abandoned branches; null when none.</param>
    private sealed record Facts(string SessionId, IReadOnlyList<string> SessionIds, string?[]? FastEnvelope, JsonElement FirstLine,
        string? ParentToolUseId, JsonElement? AgentMeta, List<string> Summaries, int Compactions, int Duplicates, int[]? Abandoned,
        List<JsonElement> Others);

    private static JsonElement? Write(Facts f)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("sessionId", f.SessionId);
            if (f.SessionIds.Count > 1)
            {
                w.WriteStartArray("sessionIds");
                foreach (var id in f.SessionIds) w.WriteStringValue(id);
                w.WriteEndArray();
            }
            if (f.FastEnvelope is { } fast)
            {
                // The streaming pass takes these fields only as strings (or absent), which is how WriteTo writes a string element.
                for (var i = 0; i < Envelope.Length; i++)
                    if (fast[i] is { } value) w.WriteString(Envelope[i], value);
            }
            else if (f.FirstLine.ValueKind == JsonValueKind.Object)
            {
                foreach (var key in Envelope)
                    if (f.FirstLine.TryGetProperty(key, out var v)) { w.WritePropertyName(key); v.WriteTo(w); }
            }
            if (f.ParentToolUseId is not null) w.WriteString("parentToolUseId", f.ParentToolUseId);
            if (f.AgentMeta is { } meta)
            {
                w.WritePropertyName("agentMeta");
                meta.WriteTo(w);
            }
            if (f.Summaries.Count > 0)
            {
                w.WriteStartArray("summaries");
                foreach (var s in f.Summaries) w.WriteStringValue(s);
                w.WriteEndArray();
            }
            if (f.Compactions > 0) w.WriteNumber("compactions", f.Compactions);
            if (f.Duplicates > 0) w.WriteNumber("repeatedLines", f.Duplicates);
            if (f.Abandoned is { } abandoned)
            {
                w.WriteStartObject("abandoned");
                w.WriteNumber("lines", abandoned[0]);
                w.WriteNumber("toolCalls", abandoned[1]);
                w.WriteNumber("responses", abandoned[2]);
                w.WriteNumber("userMessages", abandoned[3]);
                w.WriteEndObject();
            }
            if (f.Others.Count > 0)
            {
                w.WriteStartArray("events");
                foreach (var e in f.Others) e.WriteTo(w);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        // One element over its own copy of the bytes (JsonDocument.Parse, then Clone, copied them twice).
        var reader = new Utf8JsonReader(buffer.WrittenSpan, new JsonReaderOptions { MaxDepth = Json.Rebuilt.MaxDepth });
        return JsonElement.ParseValue(ref reader);
    }
}
