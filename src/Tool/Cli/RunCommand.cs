using McMaster.Extensions.CommandLineUtils;
using TraceCurate.Pipeline;
using TraceCurate.Reading;
using TraceCurate.Recipes;
using TraceCurate.Scripting;

namespace TraceCurate.Cli;

/// <summary><c>run RECIPE</c>: builds the recipe's outputs and manifest, then prints the funnel to stderr.</summary>
internal static class RunCommand
{
    public static void Register(CommandLineApplication app, TextWriter stdout, TextWriter stderr) => app.Command("run", cmd =>
    {
        cmd.Description = "Run a recipe: read its inputs, apply its steps, write its outputs and manifest.json.";
        var recipe = cmd.Argument("RECIPE", "The recipe file (YAML).");
        var outDir = cmd.Option("-o|--out <DIR>", "Output folder (default: ./out/<recipe name>). Previous outputs are replaced only when the new ones are complete.", CommandOptionType.SingleValue);
        var threads = cmd.Option("--threads <N>", "Threads for parsing and predicates (default: all cores). Outputs are identical for every value.", CommandOptionType.SingleValue);
        var limit = cmd.Option("--limit <N>", "Stop after N input traces, to try a recipe quickly.", CommandOptionType.SingleValue);
        var inputs = cmd.Option("-i|--input <PATH>", "Read these inputs (file, folder or glob; repeatable) instead of the recipe's.", CommandOptionType.MultipleValue);
        var format = cmd.Option("--format <NAME>", "Read every input as this format instead of detecting it.", CommandOptionType.SingleValue);
        var skipBad = cmd.Option("--skip-bad-records", "Skip malformed records (counted and reported) instead of stopping.", CommandOptionType.NoValue);
        var shard = cmd.Option("--shard <I/N>", "Run only shard I of N (0-based) into a part folder; join the parts with 'merge'.", CommandOptionType.SingleValue);
        var shards = cmd.Option("--shards <N>", "Run one of N shards, the index taken from SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX.", CommandOptionType.SingleValue);
        var unitSize = cmd.Option("--unit-size <BYTES>", "In a sharded run, cut JSONL files larger than this into line-aligned work units (default 67108864).", CommandOptionType.SingleValue);
        var maxRecord = cmd.Option("--max-record-bytes <N>", "A record (line or session file) longer than N bytes is a bad record (default: 256 MiB).", CommandOptionType.SingleValue);
        var maxBad = cmd.Option("--max-bad-records <N>", "When skipping bad records, fail once more than N were skipped (default: 1000).", CommandOptionType.SingleValue);
        var timeout = cmd.Option("--timeout <DURATION>", "Fail when the run takes longer (e.g. 90s, 15m, 2h), naming the trace being judged.", CommandOptionType.SingleValue);
        var sets = cmd.Option("--set <NAME_VALUE>", "Override a recipe parameter (params:), e.g. --set min_actions=5; repeatable.", CommandOptionType.MultipleValue);
        var noCache = cmd.Option("--no-cache", "Compile the snippets even when a cached build exists, hash every input again, and cache nothing.", CommandOptionType.NoValue);
        var secrets = new SecretOptions(cmd);
        var json = cmd.Option("--json", "Print the summary as one JSON document on stdout (docs/cli.md#json-output); errors too.", CommandOptionType.NoValue);
        var quiet = cmd.Option("-q|--quiet", "Draw no progress line (drawn on stderr only when it is a terminal).", CommandOptionType.NoValue);
        var skipUnknown = cmd.Option("--skip-unknown", "Skip files of folder and glob inputs that no reader claims (counted and listed) instead of stopping.", CommandOptionType.NoValue);
        cmd.HelpOption("-h|--help");
        cmd.OnExecute(() =>
        {
            var options = new RunOptions
            {
                OutDir = outDir.Value(),
                Threads = CliOptions.Int(threads, 1) ?? Environment.ProcessorCount,
                Limit = CliOptions.Long(limit, 1),
                Inputs = inputs.Values.Where(v => v is not null).Select(v => v!).ToList(),
                Format = format.Value(),
                SkipBadRecords = skipBad.HasValue(),
                SkipUnknown = skipUnknown.HasValue(),
                Shard = CliOptions.Shard(shard, shards),
                UnitBytes = CliOptions.Long(unitSize, 1) ?? TraceCurate.Reading.WorkPlan.DefaultUnitBytes,
                MaxRecordBytes = CliOptions.Long(maxRecord, 1),
                MaxBadRecords = CliOptions.Long(maxBad, 0),
                Timeout = CliOptions.Duration(timeout),
                Secrets = secrets.Values(),
                Params = RecipeOverrides.Parse(sets.Values.Where(v => v is not null)!),
                Cache = noCache.HasValue() ? CompileCache.Disabled : CompileCache.Default(),
                InputHashes = noCache.HasValue() ? InputHashCache.Disabled : InputHashCache.Beside(CompileCache.Default().Directory),
                Log = stderr,
                Progress = CliOptions.Progress(stderr, quiet),
            };
            var result = RecipeJob.Run(CliOptions.RequiredArgument(recipe), options);
            if (json.HasValue()) RunSummaryJson.Write(stdout, "run", result);
            else RunSummary.Print(result, stderr);
            return CliApp.Ok;
        });
    });
}
