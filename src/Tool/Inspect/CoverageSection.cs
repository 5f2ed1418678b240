using System.Globalization;
using TraceCurate.Formats;

namespace TraceCurate.Inspect;

/// <summary>
/// The short coverage section of <c>inspect</c>: what the readers read of the files (records, versions) and, one line
/// per file, what they could not: record types not understood, lines skipped or split (the read report, docs/inspect.md).
/// </summary>
internal static class CoverageSection
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Versions named in the summary line, most records first; the JSON has them all.</summary>
    private const int ShownVersions = 5;

    public static void Print(Inspection inspection, TextWriter o)
    {
        var total = new ReadReport();
        foreach (var input in inspection.Inputs) total.Merge(input.Read);
        var versions = Ranking.Of(total.Versions, count => count);
        var line = string.Create(C, $"coverage: {total.Records:N0} records read from {inspection.Inputs.Count:N0} file(s)");
        if (versions.Length > 0)
            line += "; versions " + string.Join(", ", versions.Take(ShownVersions).Select(p => string.Create(C, $"{p.Key} ({p.Value:N0})")))
                    + (versions.Length > ShownVersions ? ", …" : "");
        var troubled = inspection.Inputs.Where(i => i.Read.HasIssues).ToList();
        line += troubled.Count == 0 ? "; every record type understood, no line skipped" : string.Create(C, $"; {troubled.Count:N0} file(s) with notes:");
        o.WriteLine(line);
        foreach (var input in troubled) o.WriteLine($"  {input.Path}: {input.Read.Describe()}");
        o.WriteLine();
    }
}
