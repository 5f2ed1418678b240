using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// The lines one Claude Code trace reads, in file order, chosen from one group of lines (the main chain, or one
/// sub-agent run) by input-formats §4, "Branching, sidechains, compaction":
/// <list type="number">
/// <item>Walk <c>parentUuid</c> back from the last <c>user</c>/<c>assistant</c> line; a <c>compact_boundary</c> continues
/// through <c>logicalParentUuid</c>.</item>
/// <item>A root that opens a compacted part (a boundary, an <c>isCompactSummary</c> line, or a line right after a
/// boundary) continues from the last turn before it in the file: 1.0.x auto-compaction starts a new root with no
/// link back, so without this only the part after the last compaction would be read.</item>
/// <item>Lines that hang off the path without changing it are added: parallel tool results answering a call on the
/// path, and dead-end branches of user lines that got no response (messages typed while a tool ran, interrupts).</item>
/// <item>A parent uuid that is not in the file (a damaged line was skipped) continues from the turn before, with a warning.</item>
/// <item>A group whose lines carry no <c>parentUuid</c> field at all is read whole, in file order.</item>
/// </list>
/// The turns left over are branches the session abandoned (rewind, edit-and-resend): <see cref="OffPath"/>.
/// </summary>
internal sealed class ClaudeCodePath
{
    private ClaudeCodePath(List<ClaudeCodeNode> nodes, List<ClaudeCodeNode> offPath, List<string> warnings)
    {
        Nodes = nodes;
        OffPath = offPath;
        Warnings = warnings;
    }

    /// <summary>Broken links met on the walk, each naming its line; they go on the trace read from this path.</summary>
    public List<string> Warnings { get; }

    /// <summary>The lines read, in file order.</summary>
    public List<ClaudeCodeNode> Nodes { get; }

    /// <summary>The group's user/assistant lines on no path read (abandoned branches), in file order.</summary>
    public List<ClaudeCodeNode> OffPath { get; }

    /// <summary>Compactions on the path: each boundary, and each compaction summary that no boundary announced (1.0.x).</summary>
    public int Compactions
    {
        get
        {
            var count = 0;
            for (var k = 0; k < Nodes.Count; k++)
                if (Nodes[k].IsBoundary || (Nodes[k].IsCompactSummary && (k == 0 || !Nodes[k - 1].IsBoundary))) count++;
            return count;
        }
    }

    /// <param name="group">The lines the path may hold, in file order.</param>
    /// <param name="byUuid">Every line of the session by uuid (to tell a missing parent from one outside the group).</param>
    public static ClaudeCodePath Of(List<ClaudeCodeNode> group, Dictionary<string, ClaudeCodeNode> byUuid)
    {
        var warnings = new List<string>();
        var leaf = group.FindLastIndex(n => n.IsTurn);
        if (leaf < 0) return new ClaudeCodePath([], [], warnings);
        if (!group.Exists(n => n.HasParentKey)) return new ClaudeCodePath(group, [], warnings);
        // A group's uuids are unique (the session keeps the first line of a uuid), so a line is its position: the path is
        // a flag per position, and only a parent's uuid is looked up (a set of uuids hashed each line five times more).
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < group.Count; k++) position[group[k].Uuid] = k;
        var on = new bool[group.Count];
        for (var at = leaf; at >= 0;)
        {
            var current = group[at];
            if (on[at])
            {
                warnings.Add($"line {current.Line.Line}: uuid '{current.Uuid}' is its own ancestor; the path stops there");
                break;
            }
            on[at] = true;
            var next = current.ParentUuid ?? current.LogicalParentUuid;
            if (next is not null && position.TryGetValue(next, out var parent))
            {
                at = parent;
                continue;
            }
            if (next is not null && !byUuid.ContainsKey(next) && current.ParentUuid is not null)
            {
                // A damaged line that was skipped, or a session resumed from another file: read on from the turn before.
                var before = Previous(group, at, on);
                warnings.Add($"line {current.Line.Line}: parent uuid '{next}' is not in the file; "
                             + (before < 0 ? "the path starts there" : $"the path goes on from line {group[before].Line.Line}, the turn before it"));
                at = before;
                continue;
            }
            at = PartBefore(current, group, at, on);
        }
        AddHanging(group, on, position);
        var nodes = new List<ClaudeCodeNode>();
        var offPath = new List<ClaudeCodeNode>();
        for (var k = 0; k < group.Count; k++)
        {
            if (on[k]) nodes.Add(group[k]);
            else if (group[k].IsTurn) offPath.Add(group[k]);
        }
        return new ClaudeCodePath(nodes, offPath, warnings);
    }

    /// <summary>When the line at <paramref name="index"/> opens a compacted part, the position of the part before's leaf; else -1.</summary>
    private static int PartBefore(ClaudeCodeNode root, List<ClaudeCodeNode> group, int index, bool[] on)
    {
        var previous = index > 0 ? group[index - 1] : null;
        var afterBoundary = previous is not null && previous.IsBoundary && !on[index - 1];
        if (!root.IsBoundary && !root.IsCompactSummary && !afterBoundary) return -1;
        if (afterBoundary && (previous!.ParentUuid ?? previous.LogicalParentUuid) is null) on[index - 1] = true; // an unlinked boundary belongs between the parts
        return Previous(group, index, on);
    }

    /// <summary>The position of the last turn before position <paramref name="index"/> that is not on the path yet; -1 when none.</summary>
    private static int Previous(List<ClaudeCodeNode> group, int index, bool[] on)
    {
        for (var k = index - 1; k >= 0; k--)
            if (group[k].IsTurn && !on[k]) return k;
        return -1;
    }

    /// <summary>
    /// Adds the lines that hang off the path without being a branch of their own: tool-result lines whose parent is on
    /// the path and which answer calls on the path that nothing on it answers (parallel results), and user-only
    /// dead ends (no response, no tool result anywhere below them) whose parent is on the path.
    /// </summary>
    private static void AddHanging(List<ClaudeCodeNode> group, bool[] on, Dictionary<string, int> position)
    {
        var calls = new HashSet<string>(StringComparer.Ordinal);
        var answered = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k < group.Count; k++)
        {
            if (!on[k]) continue;
            if (group[k].Fast is { } fast)
            {
                // The streaming pass's blocks read in place: Blocks' enumerator and pairs were an object per line of the path.
                foreach (var block in fast.Blocks)
                {
                    if (block.Kind == ClaudeCodeFastLine.BlockKind.ToolUse && block.Id is { } id) calls.Add(id);
                    else if (block.Kind == ClaudeCodeFastLine.BlockKind.ToolResult && block.ToolUseId is { } result) answered.Add(result);
                }
                continue;
            }
            foreach (var (type, id) in Blocks(group[k]))
                (type == "tool_use" ? calls : answered).Add(id);
        }
        // Built only when a user line with no tool result hangs off the path (rare): most paths never need it.
        ILookup<string, ClaudeCodeNode>? children = null;
        for (var k = 0; k < group.Count; k++)
        {
            var node = group[k];
            if (on[k] || node.Type != "user" || node.ParentUuid is null || !position.TryGetValue(node.ParentUuid, out var parent) || !on[parent]) continue;
            var results = Blocks(node).Where(b => b.Type == "tool_result").Select(b => b.Id).ToList();
            if (results.Count > 0)
            {
                if (results.All(id => calls.Contains(id) && !answered.Contains(id)))
                {
                    on[k] = true;
                    answered.UnionWith(results);
                }
                continue;
            }
            children ??= group.Where(n => n.ParentUuid is not null).ToLookup(n => n.ParentUuid!, StringComparer.Ordinal);
            var below = Subtree(node, children);
            if (below.All(n => n.Type != "assistant" && !Blocks(n).Any()))
                foreach (var n in below) on[position[n.Uuid]] = true;
        }
    }

    private static List<ClaudeCodeNode> Subtree(ClaudeCodeNode top, ILookup<string, ClaudeCodeNode> children)
    {
        var result = new List<ClaudeCodeNode>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<ClaudeCodeNode>([top]);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (!seen.Add(node.Uuid)) continue;
            result.Add(node);
            foreach (var child in children[node.Uuid]) stack.Push(child);
        }
        return result;
    }

    /// <summary>The tool_use (by id) and tool_result (by tool_use_id) blocks of a line.</summary>
    public static IEnumerable<(string Type, string Id)> Blocks(ClaudeCodeNode node)
    {
        if (node.Fast is { } fast)
        {
            foreach (var block in fast.Blocks)
            {
                if (block.Kind == ClaudeCodeFastLine.BlockKind.ToolUse && block.Id is { } id) yield return ("tool_use", id);
                else if (block.Kind == ClaudeCodeFastLine.BlockKind.ToolResult && block.ToolUseId is { } answered) yield return ("tool_result", answered);
            }
            yield break;
        }
        if (!node.Value.TryGetProperty("message", out var m) || m.ValueKind != JsonValueKind.Object
            || !m.TryGetProperty("content", out var content) || content.ValueKind != JsonValueKind.Array) yield break;
        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object || !block.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String) continue;
            var key = t.ValueEquals("tool_use") ? "id" : t.ValueEquals("tool_result") ? "tool_use_id" : null;
            if (key is not null && block.TryGetProperty(key, out var id) && id.ValueKind == JsonValueKind.String)
                yield return (t.GetString()!, id.GetString()!);
        }
    }
}
