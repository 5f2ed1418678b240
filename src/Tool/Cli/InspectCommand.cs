using McMaster.Extensions.CommandLineUtils;
using TraceCurate.Diagnostics;
using TraceCurate.Inspect;

namespace TraceCurate.Cli;

/// <summary><c>inspect INPUT…</c>: statistics of traces as a table, or as JSON with <c>--json</c> (docs/inspect.md).</summary>
internal static class InspectCommand
{
    public static void Register(CommandLineApplication app, TextWriter stdout, TextWriter stderr) => app.Command("inspect", cmd =>
    {
        cmd.Description = "Show statistics of traces: actions, failures, recoveries, outcomes, tools, tokens, cost, durations, telemetry.";
        var inputs = cmd.Argument("INPUT", "Trace files, folders (read recursively) or globs.", multipleValues: true);
        var json = cmd.Option("--json", "Print the statistics as one JSON document on stdout (and nothing else there).", CommandOptionType.NoValue);
        var common = InspectCliOptions.Add(cmd);
        cmd.HelpOption("-h|--help");
        cmd.OnExecute(() =>
        {
            var inspection = InspectJob.Run(InspectCliOptions.Read(common, inputs, stderr) with { JsonOnly = json.HasValue() });
            if (json.HasValue())
            {
                if (ReferenceEquals(stdout, Console.Out))
                {
                    // The console's own bytes (UTF-8, as Console.Out writes them), streamed: no whole document in memory.
                    stdout.Flush();
                    using var console = Console.OpenStandardOutput();
                    StatisticsJson.Write(inspection, console);
                }
                else
                {
                    stdout.Write(System.Text.Encoding.UTF8.GetString(StatisticsJson.Build(inspection)));
                    stdout.Flush();
                }
            }
            else StatisticsTable.Print(inspection, stdout);
            return CliApp.Ok;
        });
    });
}

/// <summary>The options <c>inspect</c> and <c>report</c> share: --by, --format, --threads, --skip-bad-records, --skip-unknown, --max-record-bytes, --quiet.</summary>
internal sealed record InspectCliOptions(CommandOption By, CommandOption Format, CommandOption Threads, CommandOption SkipBad, CommandOption SkipUnknown,
    CommandOption MaxRecord, CommandOption Quiet)
{
    public static InspectCliOptions Add(CommandLineApplication cmd) => new(
        cmd.Option("--by <KEY>", $"Also give the figures per group: {GroupKey.Help}.", CommandOptionType.SingleValue),
        cmd.Option("--format <NAME>", "Read every input as this format instead of detecting it.", CommandOptionType.SingleValue),
        cmd.Option("--threads <N>", "Threads for parsing (default: all cores). The figures are the same for every value.", CommandOptionType.SingleValue),
        cmd.Option("--skip-bad-records", "Skip malformed records (counted and reported) instead of stopping.", CommandOptionType.NoValue),
        cmd.Option("--skip-unknown", "Skip files of folder and glob inputs that no reader claims (counted and listed) instead of stopping.", CommandOptionType.NoValue),
        cmd.Option("--max-record-bytes <N>", "A record (line or session file) longer than N bytes is a bad record (default: 256 MiB).", CommandOptionType.SingleValue),
        cmd.Option("-q|--quiet", "Draw no progress line (drawn on stderr only when it is a terminal).", CommandOptionType.NoValue));

    public static InspectOptions Read(InspectCliOptions o, CommandArgument inputs, TextWriter stderr)
    {
        GroupKey? by = null;
        if (o.By.HasValue())
            by = GroupKey.Parse(o.By.Value()!) ?? throw new UsageException($"--by takes {GroupKey.Help}, not '{o.By.Value()}'");
        var paths = inputs.Values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
        if (paths.Count == 0) throw new UsageException("missing INPUT (a trace file, folder or glob)");
        return new InspectOptions
        {
            Inputs = paths,
            By = by,
            Format = o.Format.Value(),
            Threads = CliOptions.Int(o.Threads, 1) ?? Environment.ProcessorCount,
            SkipBadRecords = o.SkipBad.HasValue(),
            SkipUnknown = o.SkipUnknown.HasValue(),
            MaxRecordBytes = CliOptions.Long(o.MaxRecord, 1),
            Log = stderr,
            Progress = CliOptions.Progress(stderr, o.Quiet),
        };
    }
}
