using McMaster.Extensions.CommandLineUtils;
using TraceCurate.Diagnostics;
using TraceCurate.Inspect;

namespace TraceCurate.Cli;

/// <summary><c>report INPUT… -o report.html</c>: the statistics as one self-contained HTML page of charts (docs/inspect.md).</summary>
internal static class ReportCommand
{
    public static void Register(CommandLineApplication app, TextWriter stderr) => app.Command("report", cmd =>
    {
        cmd.Description = "Write an HTML report with charts (inline SVG, no network) of the statistics `inspect` shows.";
        var inputs = cmd.Argument("INPUT", "Trace files, folders (read recursively) or globs.", multipleValues: true);
        var output = cmd.Option("-o|--out <FILE>", "The HTML file to write (required). Replaced only when the new one is complete.", CommandOptionType.SingleValue);
        var title = cmd.Option("--title <TEXT>", "The page title (default: 'trace-curate report').", CommandOptionType.SingleValue);
        var common = InspectCliOptions.Add(cmd);
        cmd.HelpOption("-h|--help");
        cmd.OnExecute(() =>
        {
            if (string.IsNullOrEmpty(output.Value())) throw new UsageException("missing -o|--out FILE");
            var inspection = InspectJob.Run(InspectCliOptions.Read(common, inputs, stderr));
            var path = ReportFile.Write(output.Value()!, HtmlReport.Render(inspection, title.Value() ?? "trace-curate report"));
            stderr.WriteLine($"wrote {Diagnostics.DisplayPath.For(path)}: {inspection.Total.Traces:N0} trace(s) from {inspection.Inputs.Count} input(s)");
            return CliApp.Ok;
        });
    });
}
