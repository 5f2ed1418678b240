using System.Text.Json;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// Claude Code 2.x writes each sub-agent to a file of its own (input-formats §4, "Where"):
/// <c>&lt;sessionId&gt;/subagents/agent-&lt;id&gt;.jsonl</c> (with <c>agent-&lt;id&gt;.meta.json</c> beside it in later
/// versions) or <c>agent-&lt;id&gt;.jsonl</c> beside the session file. This finds the session file of a sub-agent file,
/// the <c>Task</c> call in it that started the sub-agent, and the sub-agent's meta file.
/// </summary>
internal static class ClaudeCodeSubagentFiles
{
    /// <summary>Tool names of the call that starts a sub-agent (<c>Agent</c> in later 2.x versions).</summary>
    public static readonly HashSet<string> SpawnTools = new(StringComparer.Ordinal) { "Task", "Agent" };

    /// <summary>
    /// True for an <c>agent-*.meta.json</c> file next to its <c>agent-*.jsonl</c>: it is read with the sub-agent file,
    /// so a folder input leaves it out instead of failing on a file of no trace format.
    /// </summary>
    public static bool IsCompanion(string path)
    {
        var name = Path.GetFileName(path.AsSpan()); // no string per file of a folder: nearly none is a meta file
        if (!name.StartsWith("agent-", StringComparison.Ordinal) || !name.EndsWith(".meta.json", StringComparison.Ordinal)) return false;
        var stem = path[..^".meta.json".Length];
        return File.Exists(stem + ".jsonl") || File.Exists(stem + ".jsonl.gz");
    }

    /// <summary>
    /// The sub-agent's <c>agent-&lt;id&gt;.meta.json</c>, when there is one and it is a JSON object. A meta file that
    /// cannot be read as JSON text (not JSON, bytes that are not UTF-8, a lone surrogate escape) is left out, and
    /// <paramref name="problem"/> says why, for the sub-agent's trace: the sub-agent file itself is still read.
    /// </summary>
    public static JsonElement? Meta(string agentFile, out string? problem)
    {
        problem = null;
        var stem = Stem(agentFile);
        if (stem is null) return null;
        var path = stem + ".meta.json";
        try
        {
            if (!File.Exists(path)) return null;
            var bytes = File.ReadAllBytes(path);
            RecordText.Check(bytes); // its strings are decoded later (toolUseId, or by a writer): a bad one fails here
            using var doc = JsonDocument.Parse(bytes);
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or BadRecordException)
        {
            problem = $"the meta file {Path.GetFileName(path)} could not be read ({e.Message}); it is left out";
            return null;
        }
    }

    /// <summary>The session file a sub-agent file belongs to, when it exists: <c>../&lt;sessionId&gt;.jsonl</c> from a <c>subagents</c> folder, else beside it.</summary>
    public static string? SessionFile(string agentFile, string sessionId)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(agentFile));
        if (folder is null || sessionId.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) return null;
        var candidates = new List<string>();
        if (Path.GetFileName(folder) == "subagents" && Path.GetDirectoryName(folder) is { } sessionFolder && Path.GetDirectoryName(sessionFolder) is { } project)
            candidates.Add(Path.Combine(project, sessionId));
        candidates.Add(Path.Combine(folder, sessionId));
        foreach (var candidate in candidates)
        {
            if (File.Exists(candidate + ".jsonl")) return candidate + ".jsonl";
            if (File.Exists(candidate + ".jsonl.gz")) return candidate + ".jsonl.gz";
        }
        return null;
    }

    /// <summary>
    /// The id of the call in <paramref name="sessionFile"/> that started sub-agent <paramref name="agentId"/>: the
    /// tool_result whose <c>toolUseResult.agentId</c> names it (2.x), else the Task call whose <c>input.prompt</c> is the
    /// sub-agent's first user text; of several such calls, the last one made before the sub-agent started.
    /// </summary>
    public static string? ParentCall(string sessionFile, string? agentId, string? prompt, DateTimeOffset? started)
    {
        var index = SpawnIndex.Of(sessionFile);
        if (agentId is not null && index.ByAgent.TryGetValue(agentId, out var call)) return call;
        if (prompt is null) return null;
        var byPrompt = index.Calls.Where(c => c.Prompt == prompt).ToList();
        if (byPrompt.Count == 0) return null;
        var before = byPrompt.Where(c => started is null || c.Time is null || c.Time <= started).ToList();
        return before.Count > 0 ? before[^1].Id : byPrompt[0].Id;
    }

    /// <summary>
    /// The spawn calls of one session file and the agent ids their results name. Every sub-agent file of a session
    /// asks for the same file, possibly on several threads at once, so the index of the last few files is kept
    /// (keyed by path, size and write time; the answer never depends on the cache).
    /// </summary>
    private sealed class SpawnIndex
    {
        private const int Kept = 8;
        private static readonly Dictionary<(string, long, DateTime), Lazy<SpawnIndex>> Cache = [];
        private static readonly Queue<(string, long, DateTime)> Order = new();

        public Dictionary<string, string> ByAgent { get; } = new(StringComparer.Ordinal);

        public List<(string Prompt, string Id, DateTimeOffset? Time)> Calls { get; } = [];

        public static SpawnIndex Of(string path)
        {
            var info = new FileInfo(path);
            var key = (info.FullName, info.Length, info.LastWriteTimeUtc);
            Lazy<SpawnIndex> entry;
            lock (Cache)
            {
                if (!Cache.TryGetValue(key, out entry!))
                {
                    Cache[key] = entry = new Lazy<SpawnIndex>(() => Build(path));
                    Order.Enqueue(key);
                    if (Order.Count > Kept) Cache.Remove(Order.Dequeue());
                }
            }
            return entry.Value;
        }

        private static SpawnIndex Build(string path)
        {
            ReadOnlyMemory<byte> bytes;
            using (var stream = FormatDetector.Open(path)) bytes = WholeFile.ReadAll(stream, Array.MaxLength - 1)
                ?? throw new InvalidDataException("the session file is larger than one array can hold");
            var index = new SpawnIndex();
            var scanner = new ClaudeCodeFastLine.Scanner(null, textChecked: true); // each line it reads passed RecordText.IsText first
            foreach (var line in Lines(bytes))
            {
                var span = line.Span;
                var result = span.IndexOf("\"toolUseResult\""u8) >= 0 && span.IndexOf("\"agentId\""u8) >= 0;
                var spawn = span.IndexOf("\"tool_use\""u8) >= 0 && span.IndexOf("\"prompt\""u8) >= 0;
                // A line whose strings do not all decode is the session file's own bad line, reported when it is read.
                if ((!result && !spawn) || !RecordText.IsText(line.Span)) continue;
                if (scanner.TryScan(line) is { } fast)
                {
                    // The streaming pass's fields (a Task result line is large: no document for it); the rest as below.
                    if (result && AgentResult(fast) is { } found) index.ByAgent.TryAdd(found.AgentId, found.CallId);
                    if (spawn) index.Calls.AddRange(SpawnCalls(fast));
                    continue;
                }
                using var document = Parse(line);
                if (document is null) continue;
                var value = document.RootElement;
                if (result && AgentResult(value) is { } r) index.ByAgent.TryAdd(r.AgentId, r.CallId);
                if (spawn) index.Calls.AddRange(SpawnCalls(value));
            }
            return index;
        }
    }

    /// <summary>A 2.x Task result line: <c>toolUseResult.agentId</c> and the tool_use_id of its tool_result block.</summary>
    public static (string AgentId, string CallId)? AgentResult(JsonElement line)
    {
        if (!line.TryGetProperty("toolUseResult", out var r) || r.ValueKind != JsonValueKind.Object
            || !r.TryGetProperty("agentId", out var a) || a.ValueKind != JsonValueKind.String) return null;
        if (!line.TryGetProperty("message", out var m) || m.ValueKind != JsonValueKind.Object
            || !m.TryGetProperty("content", out var c) || c.ValueKind != JsonValueKind.Array) return null;
        foreach (var block in c.EnumerateArray())
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("tool_use_id", out var id) && id.ValueKind == JsonValueKind.String)
                return (a.GetString()!, id.GetString()!);
        return null;
    }

    /// <summary>As <see cref="AgentResult(JsonElement)"/>, from a line the streaming pass read.</summary>
    public static (string AgentId, string CallId)? AgentResult(ClaudeCodeFastLine line)
    {
        if (line.ResultAgentId is not { } agent) return null;
        foreach (var block in line.Blocks)
            if (block.ToolUseId is { } id) return (agent, id);
        return null;
    }

    /// <summary>As <see cref="SpawnCalls(JsonElement)"/>, from a line the streaming pass read: only a spawn call's input is parsed.</summary>
    private static List<(string Prompt, string Id, DateTimeOffset? Time)> SpawnCalls(ClaudeCodeFastLine line)
    {
        var calls = new List<(string, string, DateTimeOffset?)>();
        foreach (var block in line.Blocks)
        {
            if (block.Name is not { } name || !SpawnTools.Contains(name) || block.Id is not { } id || block.Input.IsEmpty || block.Input.Span[0] != (byte)'{') continue;
            using var input = JsonDocument.Parse(block.Input, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxDepth });
            if (input.RootElement.TryGetProperty("prompt", out var p) && p.ValueKind == JsonValueKind.String) calls.Add((p.GetString()!, id, line.IsoTimestamp()));
        }
        return calls;
    }

    private static IEnumerable<(string Prompt, string Id, DateTimeOffset? Time)> SpawnCalls(JsonElement line)
    {
        if (!line.TryGetProperty("message", out var m) || m.ValueKind != JsonValueKind.Object
            || !m.TryGetProperty("content", out var c) || c.ValueKind != JsonValueKind.Array) yield break;
        DateTimeOffset? time = line.TryGetProperty("timestamp", out var t) && t.ValueKind == JsonValueKind.String && t.TryGetDateTimeOffset(out var parsed) ? parsed : null;
        foreach (var block in c.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String
                || !SpawnTools.Contains(name.GetString()!) || !block.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String
                || !block.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Object
                || !input.TryGetProperty("prompt", out var p) || p.ValueKind != JsonValueKind.String) continue;
            yield return (p.GetString()!, id.GetString()!, time);
        }
    }

    /// <summary>The line's document when it is a JSON object (the caller disposes it), else null.</summary>
    private static JsonDocument? Parse(ReadOnlyMemory<byte> line)
    {
        try
        {
            var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxDepth });
            if (doc.RootElement.ValueKind == JsonValueKind.Object) return doc;
            doc.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null; // the session file's own reading reports its bad lines
        }
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Lines(ReadOnlyMemory<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            var newline = bytes.Span[offset..].IndexOf((byte)'\n');
            var end = newline < 0 ? bytes.Length : offset + newline;
            yield return bytes[offset..end];
            offset = end + 1;
        }
    }

    /// <summary>The path without <c>.jsonl</c> or <c>.jsonl.gz</c>; null for another name.</summary>
    private static string? Stem(string path) =>
        path.EndsWith(".jsonl", StringComparison.Ordinal) ? path[..^".jsonl".Length]
        : path.EndsWith(".jsonl.gz", StringComparison.Ordinal) ? path[..^".jsonl.gz".Length]
        : null;
}
