using System.Text.Json;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>One Pi session entry (a line after the header) with its tree links, after migration to v2+ ids.</summary>
internal sealed record PiEntry(string Id, string? ParentId, string Type, JsonElement Value, long Line)
{
    /// <summary>The entry's fields when the streaming pass read it (then <see cref="Value"/> is undefined).</summary>
    public PiFastLine? Fast { get; init; }
}

/// <summary>
/// A Pi session file as a tree of entries (input-formats §3, "Branching"): the header, the entries in file order, and
/// the paths a reader follows: the active path (last entry back to the root) or one path per leaf.
/// </summary>
internal sealed class PiSessionTree
{
    private readonly Dictionary<string, PiEntry> _byId;

    private PiSessionTree(PiLine header, int version, List<PiEntry> entries, List<string> warnings)
    {
        _byId = new Dictionary<string, PiEntry>(entries.Count, StringComparer.Ordinal); // sized once: grown from empty, its copies were a tenth of the reader's allocation
        Header = header.Value;
        Version = version;
        Entries = entries;
        Warnings = warnings;
        foreach (var e in entries)
        {
            if (!_byId.TryAdd(e.Id, e)) warnings.Add($"line {e.Line}: entry id '{e.Id}' repeats an earlier entry; the first one is used in paths");
        }
    }

    public JsonElement Header { get; }

    /// <summary>The header's <c>version</c>, 1 when absent.</summary>
    public int Version { get; }

    public IReadOnlyList<PiEntry> Entries { get; }

    public List<string> Warnings { get; }

    /// <summary>The tree, or null when the file's first line is not a Pi session header (or there is no line): not a Pi file.</summary>
    public static PiSessionTree? Build(PiSessionLines file)
    {
        var lines = file.Lines;
        if (lines.Count == 0) return null;
        var header = lines[0];
        if (header.Fast is null && SniffFields.IsOneOf(header.Value, "type", "session")) // the header is never streamed (PiSessionLines)
        {
            var version = 1;
            try
            {
                version = (int)(Json.Integer(header.Value, "version") ?? 1);
            }
            catch (BadRecordException e)
            {
                throw SessionLines.AtLine(e, header.Line);
            }
            var warnings = new List<string>(file.Warnings);
            if (version > 3) warnings.Add($"session version {version} is newer than this reader knows (3); read as version 3");
            return new PiSessionTree(header, version, PiMigration.Entries(lines, version, warnings), warnings);
        }
        return null;
    }

    /// <summary>The path pi rebuilds as context: the last entry in file order back to the root, root first.</summary>
    public IReadOnlyList<PiEntry> ActivePath() => Entries.Count == 0 ? [] : PathTo(Entries[^1]);

    /// <summary>Entries that no other entry names as its parent, in file order.</summary>
    public IReadOnlyList<PiEntry> Leaves()
    {
        var parents = new HashSet<string>(Entries.Where(e => e.ParentId is not null).Select(e => e.ParentId!), StringComparer.Ordinal);
        return Entries.Where(e => !parents.Contains(e.Id) && ReferenceEquals(_byId[e.Id], e)).ToList();
    }

    public IReadOnlyList<PiEntry> PathTo(PiEntry leaf)
    {
        var path = new List<PiEntry>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var current = leaf; current is not null;)
        {
            if (!seen.Add(current.Id))
            {
                Warnings.Add($"line {current.Line}: entry '{current.Id}' is its own ancestor; the path stops there");
                break;
            }
            path.Add(current);
            if (current.ParentId is null) break;
            if (!_byId.TryGetValue(current.ParentId, out var parent))
            {
                Warnings.Add($"line {current.Line}: parent entry '{current.ParentId}' is not in the file; the path starts at line {current.Line}");
                break;
            }
            current = parent;
        }
        path.Reverse();
        return path;
    }
}
