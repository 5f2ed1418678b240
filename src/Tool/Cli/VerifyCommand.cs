using McMaster.Extensions.CommandLineUtils;
using TraceCurate.Pipeline;
using TraceCurate.Scripting;

namespace TraceCurate.Cli;

/// <summary><c>verify RECIPE [--out DIR]</c>: rebuilds into a temporary folder and compares with DIR's manifest.</summary>
internal static class VerifyCommand
{
    public static void Register(CommandLineApplication app, TextWriter stdout, TextWriter stderr) => app.Command("verify", cmd =>
    {
        cmd.Description = "Rebuild a recipe into a temporary folder and check it matches the manifest in the output folder. Exit 0 when identical.";
        var recipe = cmd.Argument("RECIPE", "The recipe file (YAML).");
        var outDir = cmd.Option("-o|--out <DIR>", "The build to check (default: ./out/<recipe name>).", CommandOptionType.SingleValue);
        var threads = cmd.Option("--threads <N>", "Threads for the rebuild (default: all cores).", CommandOptionType.SingleValue);
        var json = cmd.Option("--json", "Print the result as one JSON document on stdout (docs/cli.md#json-output); errors too.", CommandOptionType.NoValue);
        var quiet = cmd.Option("-q|--quiet", "Draw no progress line (drawn on stderr only when it is a terminal).", CommandOptionType.NoValue);
        cmd.HelpOption("-h|--help");
        cmd.OnExecute(() =>
        {
            var options = new RunOptions { Threads = CliOptions.Int(threads, 1) ?? Environment.ProcessorCount, Cache = CompileCache.Default(), Log = stderr, Progress = CliOptions.Progress(stderr, quiet) };
            var differences = VerifyJob.Run(CliOptions.RequiredArgument(recipe), outDir.Value(), options);
            foreach (var d in differences) stderr.WriteLine(d);
            if (json.HasValue())
            {
                // The differences are data here, not errors of the command: ok says whether the build verified.
                CliJson.Write(stdout, "verify", differences.Count == 0, w =>
                {
                    w.WriteBoolean("identical", differences.Count == 0);
                    w.WriteStartArray("differences");
                    foreach (var d in differences) CliJson.WriteDiagnostic(w, d);
                    w.WriteEndArray();
                });
                return differences.Count == 0 ? CliApp.Ok : CliApp.DataError;
            }
            stdout.WriteLine(differences.Count == 0 ? "verified: the rebuild is identical to the manifest" : $"{differences.Count} difference(s)");
            return differences.Count == 0 ? CliApp.Ok : CliApp.DataError;
        });
    });
}
