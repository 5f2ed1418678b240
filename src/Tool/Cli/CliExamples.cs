using McMaster.Extensions.CommandLineUtils;

namespace TraceCurate.Cli;

/// <summary>
/// The examples that end each command's --help. They run from the repository's root as written (a test runs every
/// one, in the order of the command table, so a later example may read what an earlier one wrote under out/).
/// </summary>
internal static class CliExamples
{
    public const string Heading = "Examples (from the trace-curate repository's root):";

    public static readonly IReadOnlyDictionary<string, string[]> ByCommand = new Dictionary<string, string[]>
    {
        ["run"] = ["dotnet trace-curate run recipes/quickstart.yaml", "dotnet trace-curate run recipes/all-formats.yaml --json --quiet --out out/all-formats"],
        ["check"] = ["dotnet trace-curate check recipes/quickstart.yaml", "dotnet trace-curate check recipes/steps-tour.yaml --json"],
        ["verify"] = ["dotnet trace-curate verify recipes/quickstart.yaml --out out/quickstart"],
        ["diff"] = ["dotnet trace-curate diff out/quickstart out/quickstart", "dotnet trace-curate diff out/quickstart/manifest.json out/quickstart/manifest.json --json"],
        ["merge"] = ["dotnet trace-curate run recipes/quickstart.yaml --shard 0/1 --out out/quickstart-parts/0",
            "dotnet trace-curate merge out/quickstart-parts/0 --out out/quickstart-merged --json"],
        ["recover"] = ["dotnet trace-curate recover out/quickstart"],
        ["plan"] = ["dotnet trace-curate plan recipes/quickstart.yaml", "dotnet trace-curate plan recipes/quickstart.yaml --list-inputs"],
        ["emit"] = ["dotnet trace-curate emit slurm recipes/quickstart.yaml --shards 4 -o out/slurm/quickstart.sh"],
        ["export"] = ["dotnet trace-curate export samples/agenttrace --format sharegpt --filter success -o out/agenttrace.sharegpt.jsonl"],
        ["inspect"] = ["dotnet trace-curate inspect samples/claude-code", "dotnet trace-curate inspect samples --skip-unknown --by format"],
        ["report"] = ["dotnet trace-curate report samples/claude-code -o out/claude-code.html"],
    };

    /// <summary>Ends the command's help with its examples.</summary>
    public static void Add(CommandLineApplication cmd) =>
        cmd.ExtendedHelpText = Environment.NewLine + Heading + Environment.NewLine +
                               string.Concat(ByCommand[cmd.Name!].Select(e => "  " + e + Environment.NewLine));
}
