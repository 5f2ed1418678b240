using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>A Claude Code <c>user</c>/<c>assistant</c>/<c>system</c> line with its DAG links (input-formats §4, "Envelope").</summary>
internal sealed record ClaudeCodeNode(string Uuid, string? ParentUuid, string? LogicalParentUuid, bool IsSidechain, string Type, SessionLine Line)
{
    public JsonElement Value => Line.Value;

    public bool IsTurn => Type is "user" or "assistant";
}

/// <summary>
/// The lines of one Claude Code session as a DAG (input-formats §4, "Branching, sidechains, compaction"): the main
/// path from the last non-sidechain turn back to the root, and one path per inline sidechain root. Lines are
/// de-duplicated by uuid (first wins); a path is returned in file order.
/// </summary>
internal sealed class ClaudeCodeSession
{
    private readonly Dictionary<string, ClaudeCodeNode> _byUuid = new(StringComparer.Ordinal);

    public ClaudeCodeSession(string sessionId, IEnumerable<ClaudeCodeNode> nodes, List<string> warnings)
    {
        SessionId = sessionId;
        Warnings = warnings;
        var duplicates = 0;
        foreach (var node in nodes)
        {
            if (_byUuid.TryAdd(node.Uuid, node)) Nodes.Add(node);
            else duplicates++;
        }
        if (duplicates > 0) warnings.Add($"{duplicates} line(s) repeat an earlier uuid (a resumed session); the first copy is used");
    }

    public string SessionId { get; }

    public List<ClaudeCodeNode> Nodes { get; } = [];

    public List<string> Warnings { get; }

    /// <summary>The main path, or empty when every turn is a sidechain (a separate sub-agent file).</summary>
    public IReadOnlyList<ClaudeCodeNode> MainPath()
    {
        var main = Nodes.Where(n => !n.IsSidechain).ToList();
        var leaf = main.LastOrDefault(n => n.IsTurn);
        return leaf is null ? [] : PathTo(leaf, main);
    }

    /// <summary>Each sidechain run: its root line and its path, in the order the roots appear.</summary>
    public IEnumerable<(ClaudeCodeNode Root, IReadOnlyList<ClaudeCodeNode> Path)> Sidechains()
    {
        var rootOf = new Dictionary<string, ClaudeCodeNode>(StringComparer.Ordinal);
        var lastTurn = new Dictionary<string, ClaudeCodeNode>(StringComparer.Ordinal);
        var members = new Dictionary<string, List<ClaudeCodeNode>>(StringComparer.Ordinal);
        var roots = new List<ClaudeCodeNode>();
        foreach (var node in Nodes.Where(n => n.IsSidechain))
        {
            var root = node.ParentUuid is { } p && _byUuid.TryGetValue(p, out var parent) && parent.IsSidechain && rootOf.TryGetValue(p, out var r)
                ? r
                : node;
            rootOf[node.Uuid] = root;
            if (ReferenceEquals(root, node))
            {
                roots.Add(node);
                members[node.Uuid] = [];
            }
            members[root.Uuid].Add(node);
            if (node.IsTurn) lastTurn[root.Uuid] = node;
        }
        foreach (var root in roots)
        {
            if (lastTurn.TryGetValue(root.Uuid, out var leaf)) yield return (root, PathTo(leaf, members[root.Uuid]));
        }
    }

    /// <summary>
    /// Walks parentUuid from the leaf to the root, continuing through a compaction boundary's <c>logicalParentUuid</c>.
    /// Tool-result lines that hang off the path (parallel results whose parentUuid is not the previous line) are added
    /// when they answer a call on the path that nothing on the path answers, so no result is lost.
    /// </summary>
    /// <param name="group">The nodes the path may hold (the main chain, or one sidechain run), in file order.</param>
    private IReadOnlyList<ClaudeCodeNode> PathTo(ClaudeCodeNode leaf, List<ClaudeCodeNode> group)
    {
        var on = new HashSet<string>(StringComparer.Ordinal);
        for (var current = leaf; current is not null;)
        {
            if (!on.Add(current.Uuid))
            {
                Warnings.Add($"line {current.Line.Line}: uuid '{current.Uuid}' is its own ancestor; the path stops there");
                break;
            }
            var next = current.ParentUuid ?? current.LogicalParentUuid;
            if (next is null) break;
            if (!_byUuid.TryGetValue(next, out var parent))
            {
                if (current.ParentUuid is not null)
                    Warnings.Add($"line {current.Line.Line}: parent uuid '{next}' is not in the file; the path starts there");
                break;
            }
            current = parent;
        }
        var calls = new HashSet<string>(StringComparer.Ordinal);
        var answered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in group.Where(n => on.Contains(n.Uuid)))
        {
            foreach (var (type, id) in Blocks(node))
                (type == "tool_use" ? calls : answered).Add(id);
        }
        foreach (var node in group)
        {
            if (on.Contains(node.Uuid) || node.Type != "user" || node.ParentUuid is null || !on.Contains(node.ParentUuid)) continue;
            var results = Blocks(node).Where(b => b.Type == "tool_result").Select(b => b.Id).ToList();
            if (results.Count > 0 && results.All(id => calls.Contains(id) && !answered.Contains(id)))
            {
                on.Add(node.Uuid);
                answered.UnionWith(results);
            }
        }
        return group.Where(n => on.Contains(n.Uuid)).ToList();
    }

    private static IEnumerable<(string Type, string Id)> Blocks(ClaudeCodeNode node)
    {
        if (!node.Value.TryGetProperty("message", out var m) || m.ValueKind != JsonValueKind.Object
            || !m.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array) yield break;
        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var t)) continue;
            var key = t.ValueKind == JsonValueKind.String && t.GetString() == "tool_use" ? "id" : "tool_use_id";
            if (block.TryGetProperty(key, out var id) && id.ValueKind == JsonValueKind.String)
                yield return (t.GetString()!, id.GetString()!);
        }
    }
}
