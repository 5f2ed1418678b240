using System.Text.RegularExpressions;

namespace TraceCurate.Tests.Architecture;

/// <summary>One C# file of a room: the room is the first folder under <c>src/Tool</c> (its namespace <c>TraceCurate.&lt;Room&gt;</c>).</summary>
public sealed record RoomFile(string Room, string Path, string Text);

/// <summary>A reference from a file of one room to another room, with the text that makes it.</summary>
public sealed record RoomEdge(string From, string To, string Path, string Evidence)
{
    public override string ToString() => $"{From} -> {To}: {Path}: {Evidence}";
}

/// <summary>
/// Reads the room dependencies of the source as the compiler would let them happen: a <c>using TraceCurate.X…</c>
/// (plain, static or alias), a fully qualified <c>TraceCurate.X.…</c>, or a partly qualified <c>X.Type</c> (which
/// code anywhere under the <c>TraceCurate</c> namespace may write) where <c>Type</c> is declared in room X. Comments and
/// string literals are blanked first, so a message or a doc comment naming a room is no edge.
/// </summary>
public static class RoomGraph
{
    private static readonly Regex Using = new(@"^\s*(?:global\s+)?using\s+(?:static\s+)?(?:\w+\s*=\s*)?TraceCurate\.(\w+)", RegexOptions.Multiline);
    private static readonly Regex Qualified = new(@"(?<![\w.])(TraceCurate\.)?([A-Z]\w*)\.([A-Z]\w*)");
    private static readonly Regex Declaration = new(@"\b(?:class|struct|interface|enum|record|delegate\s+[\w<>\[\],.?\s]+?)\s+([A-Z]\w*)");
    private static readonly Regex Namespace = new(@"^\s*namespace\s+TraceCurate\.\w+\.(\w+)", RegexOptions.Multiline);
    private static readonly Regex Noise = new(@"//[^\n]*|/\*.*?\*/|@""(?:[^""]|"""")*""|""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)'", RegexOptions.Singleline);

    public static IReadOnlyList<RoomEdge> Edges(IReadOnlyList<RoomFile> files)
    {
        var rooms = files.Select(f => f.Room).ToHashSet(StringComparer.Ordinal);
        var code = files.Select(f => (File: f, Code: Noise.Replace(f.Text, m => new string(' ', m.Length)))).ToList();
        var declared = code.GroupBy(c => c.File.Room)
            .ToDictionary(g => g.Key, g => g.SelectMany(c => Declaration.Matches(c.Code).Concat(Namespace.Matches(c.Code)).Select(m => m.Groups[1].Value))
                .ToHashSet(StringComparer.Ordinal)); // its types, and its sub-namespaces (Steps.Redaction.…)
        var edges = new List<RoomEdge>();
        foreach (var (file, text) in code)
        {
            foreach (Match m in Using.Matches(text))
                edges.Add(new RoomEdge(file.Room, m.Groups[1].Value, file.Path, m.Value.Trim()));
            foreach (Match m in Qualified.Matches(Using.Replace(text, u => new string(' ', u.Length))))
            {
                var room = m.Groups[2].Value;
                var full = m.Groups[1].Success;
                // TraceCurate.X.Y names room X whatever Y is; X.Y alone only when X is a room that declares a type or a
                // sub-namespace Y (so `Steps.Count` on a property named Steps is no edge).
                if (full ? rooms.Contains(room) || declared.ContainsKey(room) : declared.TryGetValue(room, out var types) && types.Contains(m.Groups[3].Value))
                    edges.Add(new RoomEdge(file.Room, room, file.Path, m.Value));
            }
        }
        return edges.Where(e => e.From != e.To).ToList();
    }

    /// <summary>The edges the table does not allow (a room missing from the table allows nothing).</summary>
    public static IReadOnlyList<RoomEdge> Violations(IReadOnlyList<RoomEdge> edges, IReadOnlyDictionary<string, IReadOnlySet<string>> allowed) =>
        edges.Where(e => !allowed.TryGetValue(e.From, out var to) || !to.Contains(e.To)).ToList();

    /// <summary>The rooms of a cycle in the table, or none when its rooms depend one way.</summary>
    public static IReadOnlyList<string> Cycle(IReadOnlyDictionary<string, IReadOnlySet<string>> allowed)
    {
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 on the path, 2 done
        var path = new List<string>();
        bool Visit(string room)
        {
            if (state.GetValueOrDefault(room) == 2) return false;
            if (state.GetValueOrDefault(room) == 1) { path.Add(room); return true; }
            state[room] = 1;
            path.Add(room);
            foreach (var next in allowed.GetValueOrDefault(room) ?? new HashSet<string>())
                if (Visit(next)) return true;
            path.RemoveAt(path.Count - 1);
            state[room] = 2;
            return false;
        }
        foreach (var room in allowed.Keys.Order(StringComparer.Ordinal))
            if (Visit(room)) return path[path.IndexOf(path[^1])..];
        return [];
    }
}
