using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Claude Code session logs (<c>~/.claude/projects/…/*.jsonl</c>; input-formats §4). One file is one record. The main
/// chain, all its compacted parts included (<see cref="ClaudeCodePath"/>), is one trace (id = sessionId); each sidechain
/// run (an inline sub-agent, or a separate <c>agent-*.jsonl</c>) is a trace of its own, id
/// <c>&lt;sessionId&gt;#agent=&lt;agentId or root uuid&gt;</c>, linked to the session by <see cref="Trace.ParentId"/> and
/// to its Task call by <c>Metadata.parentToolUseId</c>. Usage is counted once per response over the whole file
/// (<see cref="ClaudeCodeUsageLedger"/>). Warm-up sidechains (first user text exactly <c>Warmup</c>) are skipped unless
/// the input setting <c>warmup: include</c> is given.
/// </summary>
public sealed class ClaudeCodeReader : ITraceReader
{
    private static readonly HashSet<string> Turns = new(StringComparer.Ordinal) { "user", "assistant", "system" };

    private readonly bool _fastLines;
    private readonly int _partBytes;

    public ClaudeCodeReader() : this(fastLines: true)
    {
    }

    /// <param name="fastLines">Whether user and assistant lines are read in one streaming pass (<see cref="ClaudeCodeFastLine"/>);
    /// false parses every line into a document, the path the streaming pass must match (tests compare the two).</param>
    /// <param name="partBytes">About how large a part of a session read on several threads is (<see cref="SessionParts"/>;
    /// tests make it small, to read small files in many parts).</param>
    internal ClaudeCodeReader(bool fastLines, int partBytes = SessionParts.DefaultPartBytes) => (_fastLines, _partBytes) = (fastLines, partBytes);

    public string Format => "claude-code";

    public bool OneRecordPerFile => true;

    public bool SplitsAsWholeFile => true;

    public bool SniffsFirstLines => true;

    /// <summary>Read report (input-formats §4, "Line types"): snapshots are skipped and queue operations passed through by design.</summary>
    public RecordTypes RecordTypes { get; } = new(["type"], ["user", "assistant", "system", "summary", "file-history-snapshot", "queue-operation", "compact_boundary"])
    {
        VersionFields = ["version"],
    };

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

    /// <summary><see cref="Sniff"/> on the lines' keys: it reads no deeper than a line's <c>message</c>.</summary>
    public bool? SniffByKeys(FormatHead head)
    {
        var claimed = false;
        foreach (var l in head.Keys)
        {
            if (IsForeign(l)) return false;
            claimed |= (l.Has("sessionId") && l.Has("uuid")) || l.IsOneOf("type", "file-history-snapshot", "queue-operation")
                || (l.IsOneOf("type", "summary") && l.Has("leafUuid"));
        }
        return claimed;
    }

    private static bool IsForeign(LineKeys line)
    {
        if (line.IsOneOf("type", "tool_result", "gemini", "model")) return true;
        if (!line.Has("message")) return false;
        return line.Object("message") is not { } message || message.Has("parts")
            || (line.IsOneOf("type", "user", "assistant") && !message.Has("content"));
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
        using var file = SessionLines.Read(record, ClaudeCodeSlimLine.Of,
            _fastLines ? () => new ClaudeCodeFastLine.Scanner(RecordTypes, record.TextChecked).TryRead : null, _partBytes);
        var nodes = new List<ClaudeCodeNode>(file.Lines.Count);
        var summaries = new List<string>();
        var others = new List<JsonElement>();
        foreach (var line in file.Lines)
        {
            if (line.Fast is { } fast)
            {
                // A user or assistant line with a uuid, its fields checked by the pass as the document path checks them.
                nodes.Add(new ClaudeCodeNode(fast.Uuid, fast.ParentUuid, fast.LogicalParentUuid, fast.IsSidechain, fast.Type, line, fast.HasParentKey));
                continue;
            }
            try
            {
                var envelope = ClaudeCodeEnvelope.Of(line.Value);
                var type = ClaudeCodeEnvelope.String(envelope.Type, "type");
                var uuid = ClaudeCodeEnvelope.String(envelope.Uuid, "uuid");
                var boundary = type == "compact_boundary" || ClaudeCodeEnvelope.Lenient(envelope.Subtype) == "compact_boundary";
                // A boundary without a uuid still separates two parts of the file; it gets a name no real uuid has.
                if (boundary && uuid is null) uuid = "\u0000line " + line.Line;
                // Every line with a uuid is a node of the DAG, since a turn's parentUuid may name a progress or other
                // line; lines of types the reader does not map also pass through into the events. Their fields are
                // read leniently: a line the reader does not map must not fail the file.
                var mapped = type is not null && (Turns.Contains(type) || boundary);
                if (type is not null && uuid is not null)
                    nodes.Add(mapped
                        ? new ClaudeCodeNode(uuid, ClaudeCodeEnvelope.String(envelope.ParentUuid, "parentUuid"),
                            ClaudeCodeEnvelope.String(envelope.LogicalParentUuid, "logicalParentUuid"),
                            ClaudeCodeEnvelope.Boolean(envelope.IsSidechain, "isSidechain") ?? false, type, line, envelope.HasParentKey)
                        : new ClaudeCodeNode(uuid, ClaudeCodeEnvelope.Lenient(envelope.ParentUuid), ClaudeCodeEnvelope.Lenient(envelope.LogicalParentUuid),
                            envelope.IsSidechain.ValueKind == JsonValueKind.True, type, line, envelope.HasParentKey));
                if (type == "summary") summaries.Add(Json.String(line.Value, "summary") ?? "");
                else if (type != "file-history-snapshot" && (uuid is null || !mapped))
                    others.Add(line.Value); // snapshots are editor state, not the run
            }
            catch (BadRecordException e)
            {
                throw SessionLines.AtLine(e, line.Line);
            }
        }
        var stem = Path.GetFileNameWithoutExtension(record.File.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? record.File.Path[..^3] : record.File.Path);
        // A file normally holds one session; when it holds several unlinked ones, each is read on its own (§4, last point).
        // Usage is counted once per (message.id, requestId) over the whole file, whichever trace a response falls in.
        // A forced --format on another agent's file (or an empty one) must not read as an empty session: a file with no
        // line of a type Claude Code writes holds nothing of this format.
        if (nodes.Count == 0 && summaries.Count == 0 && !file.Lines.Any(l => l.Fast is not null || RecordTypes.Understood.Contains(RecordTypes.TypeOf(l.Value))))
            throw NoRecordOfFormat.Error(record, Format, "no line has a type Claude Code writes (user, assistant, system, summary, …)");
        var ledger = new ClaudeCodeUsageLedger();
        var traces = new List<Trace>();
        foreach (var (sessionId, sessionIds, group) in ClaudeCodeSessionGroups.Of(nodes, stem))
        {
            var session = new ClaudeCodeSession(sessionId, sessionIds, group, [.. file.Warnings]);
            traces.AddRange(Read(session, record.File.Path, summaries, others, includeWarmup, ledger));
        }
        return traces;
    }

    private static IEnumerable<Trace> Read(ClaudeCodeSession session, string filePath, List<string> summaries, List<JsonElement> others,
        bool includeWarmup, ClaudeCodeUsageLedger ledger)
    {
        var main = session.MainPath();
        var spawns = new ClaudeCodeSpawnCalls();
        var fileFacts = true; // summaries, events and file warnings go on the file's first trace
        if (main.Nodes.Count > 0)
        {
            var abandoned = ClaudeCodeAbandoned.Of(main.OffPath);
            var metadata = ClaudeCodeMetadata.Of(session, main, abandoned, summaries, others, null, null);
            var trace = new ClaudeCodeTraceBuilder(session.SessionId, sidechain: false)
                .Build(main, abandoned, ledger, TraceKind.Main, null, metadata, session.Warnings);
            spawns.Add(trace.Actions, main.Nodes);
            fileFacts = false;
            yield return trace;
        }
        foreach (var (root, path) in session.Sidechains())
        {
            var agent = root.AgentId ?? root.Uuid;
            var builder = new ClaudeCodeTraceBuilder(session.SessionId + "#agent=" + agent, sidechain: true);
            var rootText = path.Nodes.FirstOrDefault(n => n.Type == "user") is { } first ? RootText(first) : null;
            var kind = rootText == "Warmup" ? TraceKind.Warmup : TraceKind.Subagent;
            var abandoned = ClaudeCodeAbandoned.Of(path.OffPath);
            if (kind == TraceKind.Warmup && !includeWarmup)
                continue;
            var warnings = fileFacts ? session.Warnings : [];
            string? parentCall;
            JsonElement? agentMeta = null;
            if (main.Nodes.Count > 0) parentCall = (root.AgentId is { } id ? spawns.OfAgent(id) : null) ?? spawns.Take(rootText);
            else
            {
                // A sub-agent file of its own: its Task call is in the session file next to it.
                agentMeta = ClaudeCodeSubagentFiles.Meta(filePath, out var metaProblem);
                if (metaProblem is not null) warnings = [.. warnings, metaProblem];
                parentCall = ParentCallOfFile(filePath, session.SessionId, root.AgentId, rootText, path, agentMeta, ref warnings);
            }
            var metadata = ClaudeCodeMetadata.Of(session, path, abandoned, fileFacts ? summaries : [], fileFacts ? others : [], parentCall, agentMeta);
            fileFacts = false;
            yield return builder.Build(path, abandoned, ledger, kind, session.SessionId, metadata, warnings);
        }
    }

    /// <summary>The Task call that started a separate sub-agent file: named by its meta file, or found in the session file.</summary>
    private static string? ParentCallOfFile(string filePath, string sessionId, string? agentId, string? rootText, ClaudeCodePath path,
        JsonElement? agentMeta, ref List<string> warnings)
    {
        if (agentMeta is { } meta)
            foreach (var key in new[] { "toolUseId", "parentToolUseId", "tool_use_id" })
                if (meta.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString();
        var sessionFile = ClaudeCodeSubagentFiles.SessionFile(filePath, sessionId);
        if (sessionFile is null) return null; // read alone: linked to its session by id only
        var started = path.Nodes.Select(n => n.IsoTimestamp).FirstOrDefault(t => t is not null);
        try
        {
            var call = ClaudeCodeSubagentFiles.ParentCall(sessionFile, agentId, rootText, started);
            if (call is null) warnings = [.. warnings, $"no Task call in {Path.GetFileName(sessionFile)} started this sub-agent (by agentId or prompt); it is linked to its session by id only"];
            return call;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            warnings = [.. warnings, $"the session file {Path.GetFileName(sessionFile)} could not be read ({e.Message}); the sub-agent is linked to its session by id only"];
            return null;
        }
    }

    private static string? Lenient(JsonElement line, string name) =>
        line.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? RootText(ClaudeCodeNode root)
    {
        if (root.Fast is { } fast)
        {
            if (fast.ContentText is not null) return fast.ContentText;
            var blockTexts = fast.Blocks.Where(b => b.Text is not null).Select(b => b.Text!).ToList();
            return blockTexts.Count > 0 ? string.Join("\n", blockTexts) : null;
        }
        if (!root.Value.TryGetProperty("message", out var m) || m.ValueKind != JsonValueKind.Object || !m.TryGetProperty("content", out var c)) return null;
        if (c.ValueKind == JsonValueKind.String) return c.GetString();
        if (c.ValueKind != JsonValueKind.Array) return null;
        var texts = c.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object && b.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
            .Select(b => b.GetProperty("text").GetString()!).ToList();
        return texts.Count > 0 ? string.Join("\n", texts) : null;
    }
}
