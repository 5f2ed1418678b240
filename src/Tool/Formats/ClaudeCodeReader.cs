using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Claude Code session logs (<c>~/.claude/projects/…/*.jsonl</c>; input-formats §4). One file is one record. The main
/// chain is one trace (id = sessionId); each sidechain run (an inline sub-agent, or a separate <c>agent-*.jsonl</c>)
/// is a trace of its own, id <c>&lt;sessionId&gt;#agent=&lt;agentId or root uuid&gt;</c>, linked to the session by
/// <see cref="Trace.ParentId"/>. Warm-up sidechains (first user text exactly <c>Warmup</c>) are skipped unless the
/// input setting <c>warmup: include</c> is given.
/// </summary>
public sealed class ClaudeCodeReader : ITraceReader
{
    private static readonly HashSet<string> Turns = new(StringComparer.Ordinal) { "user", "assistant", "system" };

    public string Format => "claude-code";

    public bool OneRecordPerFile => true;

    /// <summary>
    /// Sniffing rule 9 (input-formats §9), on positive evidence only; files may start with summary or snapshot lines, so
    /// all head lines count. A line with <c>sessionId</c> and <c>uuid</c> (or a Claude Code bookkeeping line) claims the
    /// file unless a line shows another agent's layout on the same envelope: Qwen Code and iFlow (Gemini CLI forks)
    /// write <c>uuid</c>/<c>sessionId</c> lines too, but their messages are Gemini <c>Content</c> (<c>role</c> and
    /// <c>parts</c>, never <c>content</c>) and their tool results are lines of type <c>tool_result</c>.
    /// </summary>
    public bool Sniff(FormatHead head)
    {
        var claimed = false;
        foreach (var l in head.JsonLines)
        {
            if (IsForeign(l)) return false;
            claimed |= (SniffFields.Has(l, "sessionId") && SniffFields.Has(l, "uuid"))
                || SniffFields.IsOneOf(l, "type", "file-history-snapshot", "queue-operation")
                || (SniffFields.IsOneOf(l, "type", "summary") && SniffFields.Has(l, "leafUuid"));
        }
        return claimed;
    }

    /// <summary>A line Claude Code never writes: a message without Anthropic <c>content</c>, or a top-level tool result line.</summary>
    private static bool IsForeign(JsonElement line)
    {
        if (SniffFields.IsOneOf(line, "type", "tool_result", "gemini", "model")) return true;
        if (!SniffFields.Has(line, "message")) return false;
        return SniffFields.Object(line, "message") is not { } message || SniffFields.Has(message, "parts")
            || (SniffFields.IsOneOf(line, "type", "user", "assistant") && !SniffFields.Has(message, "content"));
    }

    public IEnumerable<RawRecord> Split(Stream content, InputFile file) => WholeFile.Split(content, file);

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        var includeWarmup = options.Get("warmup") switch
        {
            null or "skip" => false,
            "include" => true,
            var other => throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.RecipeSchema,
                $"the Claude Code input setting 'warmup' must be 'skip' or 'include', not '{other}'", record.File.Path)),
        };
        using var file = SessionLines.Read(record.Bytes);
        var nodes = new List<ClaudeCodeNode>();
        var summaries = new List<string>();
        var others = new List<JsonElement>();
        foreach (var line in file.Lines)
        {
            try
            {
                var type = Json.String(line.Value, "type");
                var uuid = Json.String(line.Value, "uuid");
                if (type is not null && uuid is not null && Turns.Contains(type))
                    nodes.Add(new ClaudeCodeNode(uuid, Json.String(line.Value, "parentUuid"), Json.String(line.Value, "logicalParentUuid"),
                        Json.Boolean(line.Value, "isSidechain") ?? false, type, line));
                else if (type == "summary") summaries.Add(Json.String(line.Value, "summary") ?? "");
                else if (type != "file-history-snapshot") others.Add(line.Value); // snapshots are editor state, not the run
            }
            catch (BadRecordException e)
            {
                throw SessionLines.AtLine(e, line.Line);
            }
        }
        var stem = Path.GetFileNameWithoutExtension(record.File.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? record.File.Path[..^3] : record.File.Path);
        // A file normally holds one session; when it holds several, each is read on its own (§4, last point).
        var traces = new List<Trace>();
        foreach (var group in nodes.GroupBy(n => SessionIdOf(n) ?? stem, StringComparer.Ordinal))
        {
            var session = new ClaudeCodeSession(group.Key, group, [.. file.Warnings]);
            traces.AddRange(Read(session, summaries, others, includeWarmup));
        }
        return traces;
    }

    private static IEnumerable<Trace> Read(ClaudeCodeSession session, List<string> summaries, List<JsonElement> others, bool includeWarmup)
    {
        var main = session.MainPath();
        var prompts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (main.Count > 0)
        {
            var trace = new ClaudeCodeTraceBuilder(session.SessionId, sidechain: false)
                .Build(main, TraceKind.Main, null, ClaudeCodeMetadata.Write(session, main, summaries, others, null), session.Warnings);
            foreach (var action in trace.Actions)
                if (action.Name == "Task" && action.Id is not null && JsonPath.GetString(action.Arguments, "prompt") is { } prompt)
                    prompts.TryAdd(prompt, action.Id);
            yield return trace;
        }
        foreach (var (root, path) in session.Sidechains())
        {
            var agent = Json.String(root.Value, "agentId") ?? root.Uuid;
            var builder = new ClaudeCodeTraceBuilder(session.SessionId + "#agent=" + agent, sidechain: true);
            var rootText = RootText(root);
            var kind = rootText == "Warmup" ? TraceKind.Warmup : TraceKind.Subagent;
            if (kind == TraceKind.Warmup && !includeWarmup) continue;
            var parentCall = rootText is not null && prompts.TryGetValue(rootText, out var call) ? call : null;
            var metadata = ClaudeCodeMetadata.Write(session, path, main.Count == 0 ? summaries : [], main.Count == 0 ? others : [], parentCall);
            yield return builder.Build(path, kind, session.SessionId, metadata, main.Count == 0 ? session.Warnings : []);
        }
    }

    private static string? SessionIdOf(ClaudeCodeNode node) =>
        node.Value.TryGetProperty("sessionId", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;

    private static string? RootText(ClaudeCodeNode root)
    {
        if (!root.Value.TryGetProperty("message", out var m) || m.ValueKind != JsonValueKind.Object || !m.TryGetProperty("content", out var c)) return null;
        if (c.ValueKind == JsonValueKind.String) return c.GetString();
        if (c.ValueKind != JsonValueKind.Array) return null;
        var texts = c.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object && b.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(b => b.GetProperty("text").GetString()!).ToList();
        return texts.Count > 0 ? string.Join("\n", texts) : null;
    }
}
