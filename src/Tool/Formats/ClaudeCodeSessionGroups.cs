namespace TraceCurate.Formats;

/// <summary>
/// Splits a file's lines into sessions by <c>sessionId</c> (input-formats §4, last point), except that sessions whose
/// lines link to each other are one conversation: a resumed session can start in a new file whose first lines repeat
/// the history under the old session id, and whose new lines name those as parents. Linked ids are read as one
/// session, named after the file when the file stem is one of them (Claude Code names the file after the session it
/// writes), else after the session of the last line.
/// </summary>
internal static class ClaudeCodeSessionGroups
{
    public static IEnumerable<(string SessionId, IReadOnlyList<string> SessionIds, List<ClaudeCodeNode> Nodes)> Of(
        List<ClaudeCodeNode> nodes, string stem)
    {
        var keys = Keys(nodes, stem);
        // One session id (nearly every file): one group of every line in file order, named after that id, as Linked
        // finds it without indexing every uuid (with one id, the stem is that id, or no line names another).
        if (keys.Length > 0 && Array.TrueForAll(keys, k => k == keys[0])) return [(keys[0], [keys[0]], nodes)];
        return Linked(nodes, keys, stem);
    }

    /// <summary>Each line's session id, read from its JSON once (a property lookup and a string), not at every use.</summary>
    internal static string[] Keys(List<ClaudeCodeNode> nodes, string stem)
    {
        var keys = new string[nodes.Count];
        for (var i = 0; i < nodes.Count; i++) keys[i] = nodes[i].SessionId ?? stem;
        return keys;
    }

    /// <summary>The groups of linked session ids, whatever the number of ids (<see cref="Of"/> without its shortcut).</summary>
    internal static IEnumerable<(string SessionId, IReadOnlyList<string> SessionIds, List<ClaudeCodeNode> Nodes)> Linked(
        List<ClaudeCodeNode> nodes, string[] keys, string stem)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string id)
        {
            while (parent.TryGetValue(id, out var up) && up != id) id = up;
            return id;
        }
        var sessionOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < nodes.Count; i++)
        {
            parent.TryAdd(keys[i], keys[i]);
            sessionOf.TryAdd(nodes[i].Uuid, keys[i]);
        }
        for (var i = 0; i < nodes.Count; i++)
        {
            if ((nodes[i].ParentUuid ?? nodes[i].LogicalParentUuid) is not { } link || !sessionOf.TryGetValue(link, out var other)) continue;
            var (a, b) = (Find(keys[i]), Find(other));
            if (a != b) parent[b] = a;
        }
        var groups = new Dictionary<string, (List<string> Ids, List<ClaudeCodeNode> Members)>(StringComparer.Ordinal);
        var order = new List<string>();
        for (var i = 0; i < nodes.Count; i++)
        {
            var root = Find(keys[i]);
            if (!groups.TryGetValue(root, out var group))
            {
                groups[root] = group = ([], []);
                order.Add(root);
            }
            if (!group.Ids.Contains(keys[i])) group.Ids.Add(keys[i]);
            group.Members.Add(nodes[i]);
        }
        foreach (var root in order)
        {
            var (ids, members) = groups[root];
            var name = ids.Contains(stem) ? stem : members[^1].SessionId ?? stem;
            yield return (name, ids, members);
        }
    }
}
