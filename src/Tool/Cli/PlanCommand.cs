using McMaster.Extensions.CommandLineUtils;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;

namespace TraceCurate.Cli;

/// <summary>
/// <c>plan RECIPE --list-inputs</c>: prints every file a build of the recipe reads (the recipe, its imports, its resolved
/// inputs), one full path per line, so build systems such as MSBuild can decide whether the build is up to date.
/// </summary>
internal static class PlanCommand
{
    public static void Register(CommandLineApplication app, TextWriter stdout) => app.Command("plan", cmd =>
    {
        cmd.Description = "Show what a run of the recipe would read. With --list-inputs: every file it depends on, one full path per line.";
        var recipe = cmd.Argument("RECIPE", "The recipe file (YAML).");
        var list = cmd.Option("--list-inputs", "Print the recipe, its imports and its input files, one full path per line.", CommandOptionType.NoValue);
        var json = cmd.Option("--json", "Print the result as one JSON document on stdout (docs/cli.md#json-output); errors too.", CommandOptionType.NoValue);
        cmd.HelpOption("-h|--help");
        cmd.OnExecute(() =>
        {
            var loaded = RecipeLoader.Load(CliOptions.RequiredArgument(recipe));
            var inputs = RecipeJob.ResolveInputs(loaded, new RunOptions());
            if (json.HasValue())
            {
                CliJson.Write(stdout, "plan", true, w =>
                {
                    w.WriteString("recipe", loaded.Path);
                    w.WriteString("name", loaded.Name);
                    CliJson.Strings(w, "imports", loaded.Imports);
                    w.WriteStartArray("inputs");
                    foreach (var input in inputs)
                    {
                        w.WriteStartObject();
                        w.WriteString("path", input.Path);
                        w.WriteString("format", input.Reader.Format);
                        w.WriteNumber("bytes", input.Length);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                });
                return CliApp.Ok;
            }
            if (list.HasValue())
            {
                foreach (var path in new[] { loaded.Path }.Concat(loaded.Imports).Concat(inputs.Select(i => i.Path))) stdout.WriteLine(path);
                return CliApp.Ok;
            }
            stdout.WriteLine($"recipe {Diagnostics.DisplayPath.For(loaded.Path)}: {loaded.Steps.Count} step(s), {loaded.Outputs.Count} output(s)");
            foreach (var input in inputs)
                stdout.WriteLine($"  {Diagnostics.DisplayPath.For(input.Path)} ({input.Reader.Format}, {input.Length:N0} bytes)");
            return CliApp.Ok;
        });
    });
}
