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
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        string Find(string id)
        {
            while (parent.TryGetValue(id, out var up) && up != id) id = up;
            return id;
        }
        var sessionOf = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            var id = node.SessionId ?? stem;
            parent.TryAdd(id, id);
            sessionOf.TryAdd(node.Uuid, id);
        }
        foreach (var node in nodes)
        {
            if ((node.ParentUuid ?? node.LogicalParentUuid) is not { } link || !sessionOf.TryGetValue(link, out var other)) continue;
            var (a, b) = (Find(node.SessionId ?? stem), Find(other));
            if (a != b) parent[b] = a;
        }
        foreach (var group in nodes.GroupBy(n => Find(n.SessionId ?? stem), StringComparer.Ordinal))
        {
            var members = group.ToList();
            var ids = members.Select(n => n.SessionId ?? stem).Distinct(StringComparer.Ordinal).ToList();
            var name = ids.Contains(stem) ? stem : members[^1].SessionId ?? stem;
            yield return (name, ids, members);
        }
    }
}
