using System.Text.RegularExpressions;

namespace TraceCurate.Tests.Architecture;

/// <summary>
/// The rooms table of <c>docs/architecture.md</c>, read as the rule the code must follow: each row's first cell names
/// a room (<c>`Traces/`</c>) and its last cell the rooms it may depend on, comma-separated, or <c>nothing</c>.
/// Anything else in that cell is an error, so the table cannot drift into prose the test would skip.
/// </summary>
public static class RoomTable
{
    private static readonly Regex Row = new(@"^\|\s*`(\w+)/`\s*\|.*\|\s*([^|]*?)\s*\|\s*$");

    public static IReadOnlyDictionary<string, IReadOnlySet<string>> Parse(string markdown)
    {
        var rows = markdown.Split('\n').Select(l => Row.Match(l.TrimEnd('\r'))).Where(m => m.Success).ToList();
        var rooms = rows.Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var table = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var m in rows)
        {
            var cell = m.Groups[2].Value.Replace("`", "").Replace("/", "");
            var to = cell == "nothing" ? [] : cell.Split(',').Select(s => s.Trim()).ToList();
            if (to.FirstOrDefault(r => !rooms.Contains(r)) is { } unknown)
                throw new FormatException($"room {m.Groups[1].Value}: '{unknown}' in 'depends on' is not a room of the table");
            if (!table.TryAdd(m.Groups[1].Value, to.ToHashSet(StringComparer.Ordinal)))
                throw new FormatException($"room {m.Groups[1].Value} has two rows");
        }
        return table;
    }
}
