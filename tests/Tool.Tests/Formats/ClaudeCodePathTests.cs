using System.Text.Json;
using TraceCurate.Formats;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// <see cref="ClaudeCodePath.Of"/> keeps the path as a flag per position of the group instead of a set of uuids. It must
/// choose what the set-of-uuids walk chose (written out below as it was): the same lines on the path, the same lines off
/// it and the same warnings, on generated groups with every case the walk handles (compaction boundaries linked or not,
/// compact summaries, parents outside the group or missing from the file, cycles, parallel tool results, dead-end user
/// lines and lines without a parent field).
/// </summary>
public sealed class ClaudeCodePathTests
{
    [Fact]
    public void Generated_groups_get_the_path_of_the_set_of_uuids_walk()
    {
        var random = new Random(27);
        var (offPath, warned, hanging) = (0, 0, 0);
        for (var n = 0; n < 3000; n++)
        {
            var documents = new List<JsonDocument>();
            try
            {
                var (group, byUuid) = Group(random, documents);
                var expected = Reference.Of(group, byUuid);
                var actual = ClaudeCodePath.Of(group, byUuid);
                Assert.Equal(expected.Nodes, actual.Nodes); // the same node objects, in the same order
                Assert.Equal(expected.OffPath, actual.OffPath);
                Assert.Equal(expected.Warnings, actual.Warnings);
                offPath += actual.OffPath.Count > 0 ? 1 : 0;
                warned += actual.Warnings.Count > 0 ? 1 : 0;
                hanging += expected.Hanging;
            }
            finally
            {
                foreach (var d in documents) d.Dispose();
            }
        }
        Assert.True(offPath > 500 && warned > 300 && hanging > 300, $"only {offPath} groups with abandoned lines, {warned} with warnings, {hanging} hanging lines");
    }

    /// <summary>A group of 1-30 lines with random links, types and blocks; every uuid unique, as the session makes them.</summary>
    private static (List<ClaudeCodeNode>, Dictionary<string, ClaudeCodeNode>) Group(Random random, List<JsonDocument> documents)
    {
        var group = new List<ClaudeCodeNode>();
        var byUuid = new Dictionary<string, ClaudeCodeNode>(StringComparer.Ordinal);
        var count = random.Next(1, 31);
        var noParentKeys = random.Next(20) == 0;
        for (var i = 0; i < count; i++)
        {
            var uuid = "u" + i;
            var type = random.Next(12) switch { 0 => "system", 1 => "compact_boundary", < 6 => "user", _ => "assistant" };
            string? parent = random.Next(10) switch
            {
                0 => null,
                1 => "missing" + i, // not in the file
                2 => "outside", // in the file, not in the group
                3 => "u" + random.Next(count), // anywhere, a later line or itself included
                _ => i > 0 ? "u" + random.Next(Math.Max(0, i - 3), i) : null,
            };
            string? logical = type == "compact_boundary" && random.Next(2) == 0 && i > 0 ? "u" + random.Next(i) : null;
            var blocks = new List<string>();
            for (var b = random.Next(3); b > 0; b--)
            {
                var id = "c" + random.Next(count);
                blocks.Add(type == "assistant" ? $$$"""{"type":"tool_use","id":"{{{id}}}","name":"Bash","input":{}}""" : $$"""{"type":"tool_result","tool_use_id":"{{id}}","content":"ok"}""");
            }
            var summary = type == "user" && random.Next(8) == 0 ? ",\"isCompactSummary\":true" : "";
            var subtype = type == "system" && random.Next(3) == 0 ? ",\"subtype\":\"compact_boundary\"" : "";
            var doc = JsonDocument.Parse($$$"""{"type":"{{{type}}}"{{{summary}}}{{{subtype}}},"message":{"content":[{{{string.Join(",", blocks)}}}]}}""");
            documents.Add(doc);
            var node = new ClaudeCodeNode(uuid, noParentKeys ? null : parent, logical, false, type, new SessionLine(i + 1, doc.RootElement), HasParentKey: !noParentKeys);
            group.Add(node);
            byUuid[uuid] = node;
        }
        var outside = JsonDocument.Parse("""{"type":"user","message":{"content":"x"}}""");
        documents.Add(outside);
        byUuid["outside"] = new ClaudeCodeNode("outside", null, null, true, "user", new SessionLine(999, outside.RootElement));
        return (group, byUuid);
    }

    /// <summary>The walk as it was before positions: the path as a set of uuids.</summary>
    private static class Reference
    {
        public static (List<ClaudeCodeNode> Nodes, List<ClaudeCodeNode> OffPath, List<string> Warnings, int Hanging) Of(
            List<ClaudeCodeNode> group, Dictionary<string, ClaudeCodeNode> byUuid)
        {
            var warnings = new List<string>();
            var leaf = group.LastOrDefault(n => n.IsTurn);
            if (leaf is null) return ([], [], warnings, 0);
            if (!group.Any(n => n.HasParentKey)) return (group, [], warnings, 0);
            var position = new Dictionary<string, int>(StringComparer.Ordinal);
            for (var k = 0; k < group.Count; k++) position[group[k].Uuid] = k;
            var on = new HashSet<string>(StringComparer.Ordinal);
            for (var current = leaf; current is not null;)
            {
                if (!on.Add(current.Uuid))
                {
                    warnings.Add($"line {current.Line.Line}: uuid '{current.Uuid}' is its own ancestor; the path stops there");
                    break;
                }
                var next = current.ParentUuid ?? current.LogicalParentUuid;
                if (next is not null && position.ContainsKey(next))
                {
                    current = group[position[next]];
                    continue;
                }
                if (next is not null && !byUuid.ContainsKey(next) && current.ParentUuid is not null)
                {
                    var before = Previous(group, position[current.Uuid], on);
                    warnings.Add($"line {current.Line.Line}: parent uuid '{next}' is not in the file; "
                                 + (before is null ? "the path starts there" : $"the path goes on from line {before.Line.Line}, the turn before it"));
                    current = before;
                    continue;
                }
                current = PartBefore(current, group, position[current.Uuid], on);
            }
            var walked = on.Count;
            AddHanging(group, on);
            return (group.Where(n => on.Contains(n.Uuid)).ToList(), group.Where(n => n.IsTurn && !on.Contains(n.Uuid)).ToList(), warnings, on.Count - walked);
        }

        private static ClaudeCodeNode? PartBefore(ClaudeCodeNode root, List<ClaudeCodeNode> group, int index, HashSet<string> on)
        {
            var previous = index > 0 ? group[index - 1] : null;
            var afterBoundary = previous is not null && previous.IsBoundary && !on.Contains(previous.Uuid);
            if (!root.IsBoundary && !root.IsCompactSummary && !afterBoundary) return null;
            if (afterBoundary && (previous!.ParentUuid ?? previous.LogicalParentUuid) is null) on.Add(previous.Uuid);
            return Previous(group, index, on);
        }

        private static ClaudeCodeNode? Previous(List<ClaudeCodeNode> group, int index, HashSet<string> on)
        {
            for (var k = index - 1; k >= 0; k--)
                if (group[k].IsTurn && !on.Contains(group[k].Uuid)) return group[k];
            return null;
        }

        private static void AddHanging(List<ClaudeCodeNode> group, HashSet<string> on)
        {
            var calls = new HashSet<string>(StringComparer.Ordinal);
            var answered = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in group.Where(n => on.Contains(n.Uuid)))
                foreach (var (type, id) in ClaudeCodePath.Blocks(node))
                    (type == "tool_use" ? calls : answered).Add(id);
            foreach (var node in group)
            {
                if (on.Contains(node.Uuid) || node.Type != "user" || node.ParentUuid is null || !on.Contains(node.ParentUuid)) continue;
                var results = ClaudeCodePath.Blocks(node).Where(b => b.Type == "tool_result").Select(b => b.Id).ToList();
                if (results.Count > 0)
                {
                    if (results.All(id => calls.Contains(id) && !answered.Contains(id)))
                    {
                        on.Add(node.Uuid);
                        answered.UnionWith(results);
                    }
                    continue;
                }
                var children = group.Where(n => n.ParentUuid is not null).ToLookup(n => n.ParentUuid!, StringComparer.Ordinal);
                var below = new List<ClaudeCodeNode>();
                var stack = new Stack<ClaudeCodeNode>([node]);
                while (stack.Count > 0)
                {
                    var top = stack.Pop();
                    if (below.Contains(top)) continue;
                    below.Add(top);
                    foreach (var child in children[top.Uuid]) stack.Push(child);
                }
                if (below.All(n => n.Type != "assistant" && !ClaudeCodePath.Blocks(n).Any()))
                    on.UnionWith(below.Select(n => n.Uuid));
            }
        }
    }
}
