using McMaster.Extensions.CommandLineUtils;
using TraceCurate.Catalog;
using TraceCurate.Diagnostics;
using TraceCurate.Exports;
using TraceCurate.Manifests;
using TraceCurate.Pipeline;
using TraceCurate.Steps;
using TraceCurate.Traces;

namespace TraceCurate.Cli;

/// <summary><c>export INPUT… --format F</c>: a recipe without a file (docs/exports.md); the work is in <see cref="ExportJob"/>.</summary>
internal static class ExportCommand
{
    public static void Register(CommandLineApplication app, TextWriter stdout, TextWriter stderr) => app.Command("export", cmd =>
    {
        cmd.Description = "Export traces in a training format, optionally filtered by outcome and start time, through the recipe pipeline.";
        var inputs = cmd.Argument("INPUT", "Files, folders (read recursively) or globs.", multipleValues: true);
        var format = cmd.Option("-f|--format <FORMAT>", $"Output format: {string.Join(", ", OutputFormats.Names)}.", CommandOptionType.SingleValue);
        var filter = cmd.Option("--filter <FILTER>", $"Keep only: {string.Join(", ", OutcomeFilterStep.Filters)}.", CommandOptionType.SingleValue);
        var since = cmd.Option("--since <WHEN>", "Keep traces started since then: 30m, 12h, 7d, 2w (resolved once to a UTC time) or a date.", CommandOptionType.SingleValue);
        var metadata = cmd.Option("--include-metadata", "Add a metadata object (outcome, recoveries, usage, …) to every record.", CommandOptionType.NoValue);
        var subagents = cmd.Option("--subagents <MODE>", "Sub-agent traces: separate (default: a record each, parent in metadata), drop, or inline (after the parent's call; codeact and tao).", CommandOptionType.SingleValue);
        var output = cmd.Option("-o|--output <FILE>", "Write here, with FILE.manifest.json beside it (default: standard output, no manifest).", CommandOptionType.SingleValue);
        var threads = cmd.Option("--threads <N>", "Threads for parsing and filtering (default: all cores). Outputs are identical for every value.", CommandOptionType.SingleValue);
        var skipBad = cmd.Option("--skip-bad-records", "Skip malformed records (counted and reported) instead of stopping.", CommandOptionType.NoValue);
        var secrets = new SecretOptions(cmd);
        var json = cmd.Option("--json", "Print the summary as one JSON document on stdout (docs/cli.md#json-output); errors too. Needs -o.", CommandOptionType.NoValue);
        var quiet = cmd.Option("-q|--quiet", "Draw no progress line (drawn on stderr only when it is a terminal).", CommandOptionType.NoValue);
        var maxRecord = cmd.Option("--max-record-bytes <N>", "A record (line or session file) longer than N bytes is a bad record (default: 256 MiB).", CommandOptionType.SingleValue);
        var maxBad = cmd.Option("--max-bad-records <N>", "When skipping bad records, fail once more than N were skipped (default: 1000).", CommandOptionType.SingleValue);
        var skipUnknown = cmd.Option("--skip-unknown", "Skip files of folder and glob inputs that no reader claims (counted and listed) instead of stopping.", CommandOptionType.NoValue);
        cmd.HelpOption("-h|--help");
        cmd.OnExecute(() =>
        {
            var paths = inputs.Values.Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();
            if (paths.Count == 0) throw new UsageException("missing INPUT");
            var name = format.Value() ?? throw new UsageException("missing --format (" + string.Join(", ", OutputFormats.Names) + ")");
            if (OutputFormats.Find(name) is null)
                throw new UsageException($"unknown --format '{name}'; known formats: {string.Join(", ", OutputFormats.Names)}");
            if (filter.Value() is { } f && !OutcomeFilterStep.Filters.Contains(f))
                throw new UsageException($"unknown --filter '{f}'; known filters: {string.Join(", ", OutcomeFilterStep.Filters)}");
            if (subagents.Value() is { } mode)
            {
                if (Subagents.Parse(mode) is not { } parsed)
                    throw new UsageException($"unknown --subagents '{mode}'; known: {string.Join(", ", Subagents.ModeNames)}");
                if (parsed == SubagentMode.Inline && !OutputFormats.CanInline(name))
                    throw new UsageException($"--subagents inline is not expressible in --format {name}; it works with {string.Join(" and ", OutputFormats.InliningNames)}");
            }
            if (output.Value() is { } o && (Directory.Exists(o) || o.EndsWith('/') || o.EndsWith(Path.DirectorySeparatorChar)))
                throw new UsageException($"-o takes a file name, not the folder '{o}'");
            if (json.HasValue() && output.Value() is null) throw new UsageException("--json prints the summary on standard output: give -o FILE for the records");
            // Standard output is text here (written as UTF-8); Parquet bytes would be mangled.
            if (output.Value() is null && OutputFormats.Find(name)!.Binary)
                throw new UsageException($"--format {name} writes binary Parquet: give -o FILE");
            DateTimeOffset? from = null;
            if (since.Value() is { } s)
            {
                from = ExportJob.ResolveSince(s, DateTimeOffset.UtcNow)
                       ?? throw new UsageException($"--since takes a duration such as 7d, 12h, 30m, 2w or a date such as 2026-01-31, not '{s}'");
                stderr.WriteLine($"since {s}: traces started at or after {TraceJsonWriter.FormatTime(from.Value)} (UTC)");
            }
            var request = new ExportRequest
            {
                Inputs = paths,
                Format = name,
                Filter = filter.Value(),
                Since = from,
                IncludeMetadata = metadata.HasValue(),
                Subagents = subagents.Value(),
                OutputFile = output.Value(),
                Run = new RunOptions { Threads = CliOptions.Int(threads, 1) ?? Environment.ProcessorCount, SkipBadRecords = skipBad.HasValue(), SkipUnknown = skipUnknown.HasValue(), Log = stderr, Secrets = secrets.Values(), Progress = CliOptions.Progress(stderr, quiet),
                    MaxRecordBytes = CliOptions.Long(maxRecord, 1), MaxBadRecords = CliOptions.Long(maxBad, 0) },
            };
            using var raw = new MemoryStream();
            var result = ExportJob.Run(request, raw);
            if (request.OutputFile is null) stdout.Write(System.Text.Encoding.UTF8.GetString(raw.ToArray()));
            if (json.HasValue()) RunSummaryJson.Write(stdout, "export", result);
            else RunSummary.Print(result, stderr);
            return CliApp.Ok;
        });
    });
}
