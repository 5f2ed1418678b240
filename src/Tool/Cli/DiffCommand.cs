using TraceCurate.Manifests;
using McMaster.Extensions.CommandLineUtils;

namespace TraceCurate.Cli;

/// <summary><c>diff MANIFEST_A MANIFEST_B</c>: the change in counts per step and per output, as a Markdown table.</summary>
internal static class DiffCommand
{
    public static void Register(CommandLineApplication app, TextWriter stdout, TextWriter stderr) => app.Command("diff", cmd =>
    {
        cmd.Description = "Show how two builds differ (inputs, counts per step, outputs) as Markdown, for pull-request comments. Exit 0 when they are the same.";
        var a = cmd.Argument("MANIFEST_A", "The manifest before (a manifest.json, or a folder holding one).");
        var b = cmd.Argument("MANIFEST_B", "The manifest after.");
        var json = cmd.Option("--json", "Print the result as one JSON document on stdout (docs/cli.md#json-output); errors too.", CommandOptionType.NoValue);
        cmd.HelpOption("-h|--help");
        cmd.OnExecute(() =>
        {
            var before = ManifestJson.Read(Locate(CliOptions.RequiredArgument(a)));
            var after = ManifestJson.Read(Locate(CliOptions.RequiredArgument(b)));
            var diff = ManifestDiff.Compare(before, after);
            if (json.HasValue()) DiffJson.Write(stdout, diff);
            else stdout.Write(ManifestDiff.Markdown(before, after, diff));
            return diff.Same ? CliApp.Ok : CliApp.DataError;
        });
    });

    private static string Locate(string path) => Directory.Exists(path) ? Path.Combine(path, ManifestJson.FileName) : path;
}
