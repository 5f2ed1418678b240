using System.Text.Json;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// Reads the entries after the header with tree ids. Version 1 files have none (input-formats §3, "Versions and
/// migration"): entry k gets the synthetic id <c>L&lt;line&gt;</c> and the previous entry as parent, as pi's own
/// migration links them in file order. Entries of later versions that lack an id are linked the same way, with a warning.
/// </summary>
internal static class PiMigration
{
    public static List<PiEntry> Entries(List<PiLine> lines, int version, List<string> warnings)
    {
        var entries = new List<PiEntry>(lines.Count);
        string? previous = null;
        var missing = 0;
        for (var i = 1; i < lines.Count; i++)
        {
            var (line, value, fast) = lines[i];
            try
            {
                // The streaming pass read the same fields, of the same types (PiFastLine).
                var type = fast?.Type ?? Json.String(value, "type") ?? throw new BadRecordException("an entry has no 'type'");
                string id;
                string? parent;
                if (version >= 2 && (fast is null ? Json.String(value, "id") : fast.Id) is { } nativeId)
                {
                    id = nativeId;
                    parent = fast is null ? Json.String(value, "parentId") : fast.ParentId;
                }
                else
                {
                    if (version >= 2) missing++;
                    id = "L" + line.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    parent = previous;
                }
                entries.Add(new PiEntry(id, parent, type, value, line) { Fast = fast });
                previous = id;
            }
            catch (BadRecordException e)
            {
                throw SessionLines.AtLine(e, line);
            }
        }
        if (missing > 0) warnings.Add($"{missing} entr{(missing == 1 ? "y has" : "ies have")} no id in a version {version} file; linked in file order");
        return entries;
    }
}
