using TraceCurate.Exports;
using TraceCurate.Inspect;

namespace TraceCurate.Catalog;

/// <summary>
/// Every output format the tool writes: the writers of <see cref="ExportRegistry"/> and the HTML report that Inspect
/// registers (<see cref="ReportWriter.Format"/>). Names are case-insensitive. The loader, the staging area, the shard
/// guard and the <c>export</c> command all ask here, so a format's properties live in its one record.
/// </summary>
public static class OutputFormats
{
    public static IReadOnlyList<OutputFormat> All { get; } = [.. ExportRegistry.Formats, ReportWriter.Format];

    public static OutputFormat? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<string> Names => All.Select(f => f.Name).Order(StringComparer.Ordinal);

    /// <summary>The formats that can hold a sub-agent inside its parent's record, for messages.</summary>
    public static IEnumerable<string> InliningNames => All.Where(f => f.Inlines).Select(f => f.Name).Order(StringComparer.Ordinal);

    public static bool IsConcatenable(string name) => Find(name)?.Concatenable == true;

    public static bool CanInline(string name) => Find(name)?.Inlines == true;
}
