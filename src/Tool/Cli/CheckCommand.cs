using McMaster.Extensions.CommandLineUtils;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Scripting;

namespace TraceCurate.Cli;

/// <summary><c>check RECIPE</c>: loads and validates the recipe and compiles its snippets; reads no trace, writes nothing.</summary>
internal static class CheckCommand
{
    public static void Register(CommandLineApplication app, TextWriter stdout, TextWriter stderr) => app.Command("check", cmd =>
    {
        cmd.Description = "Validate a recipe and compile its C# snippets; report errors at their YAML position. Runs nothing.";
        var recipe = cmd.Argument("RECIPE", "The recipe file (YAML).");
        var sets = cmd.Option("--set <NAME_VALUE>", "Override a recipe parameter (params:), as run does; repeatable.", CommandOptionType.MultipleValue);
        var noCache = cmd.Option("--no-cache", "Compile even when a cached build exists, and cache nothing.", CommandOptionType.NoValue);
        var json = cmd.Option("--json", "Print the result as one JSON document on stdout (docs/cli.md#json-output); errors too.", CommandOptionType.NoValue);
        cmd.HelpOption("-h|--help");
        cmd.OnExecute(() =>
        {
            var loaded = RecipeOverrides.Apply(RecipeLoader.Load(CliOptions.RequiredArgument(recipe)),
                RecipeOverrides.Parse(sets.Values.Where(v => v is not null)!));
            using var plan = RecipePlan.Prepare(loaded, noCache.HasValue() ? CompileCache.Disabled : CompileCache.Default());
            if (json.HasValue())
            {
                CliJson.Write(stdout, "check", true, w =>
                {
                    w.WriteString("recipe", loaded.Path);
                    w.WriteString("name", loaded.Name);
                    CliJson.Strings(w, "steps", loaded.Steps.Select(s => s.Name));
                    CliJson.Strings(w, "outputs", loaded.Outputs.Select(o => o.Path));
                    w.WriteBoolean("snippets_from_cache", plan.Snippets.FromCache);
                });
                return CliApp.Ok;
            }
            stdout.WriteLine($"{Diagnostics.DisplayPath.For(loaded.Path)}: ok: {loaded.Steps.Count} step(s), {loaded.Outputs.Count} output(s), " +
                             $"snippets {(plan.Snippets.FromCache ? "loaded from the compile cache" : "compiled")}");
            return CliApp.Ok;
        });
    });
}
