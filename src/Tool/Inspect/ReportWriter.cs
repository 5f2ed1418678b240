using System.Text;
using TraceCurate.Exports;
using TraceCurate.Traces;

namespace TraceCurate.Inspect;

/// <summary>
/// <c>format: report</c> (the recipe's <c>report:</c> key): the HTML report of the kept traces, written at Complete.
/// Inputs are named relative to their common folder, so the page does not depend on the current directory or --out.
/// </summary>
internal sealed class ReportWriter(OutputTarget target, ExportOptions options) : ITraceWriter
{
    /// <summary>The report as an output format, registered in <c>TraceCurate.Catalog.OutputFormats</c>.</summary>
    public static OutputFormat Format { get; } = new("report", (target, options) => new ReportWriter(target, options));

    private readonly Inspection _inspection = new(options.Get("by") is { } by ? GroupKey.Parse(by) : null);

    public long Records { get; private set; }

    public void Write(Trace trace)
    {
        _inspection.Add(trace);
        Records++;
    }

    public void Complete()
    {
        var paths = _inspection.Inputs.Select(i => i.Path).ToList();
        var common = CommonFolder(paths);
        foreach (var input in _inspection.Inputs)
            input.Path = common is null ? Path.GetFileName(input.Path) : Path.GetRelativePath(common, input.Path).Replace('\\', '/');
        using var stream = target.OpenFile();
        var html = HtmlReport.Render(_inspection, options.Get("title") ?? "trace-curate report");
        stream.Write(new UTF8Encoding(false).GetBytes(html));
    }

    private static string? CommonFolder(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0 || paths.Any(p => !Path.IsPathRooted(p))) return null;
        var common = Path.GetDirectoryName(paths[0]);
        while (common is not null && !paths.All(p => p.StartsWith(common.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            common = Path.GetDirectoryName(common);
        return common;
    }

    public void Dispose() { }
}
