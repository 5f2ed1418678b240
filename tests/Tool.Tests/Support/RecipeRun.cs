using System.Text.Json;
using TraceCurate.Pipeline;
using TraceCurate.Scripting;

namespace TraceCurate.Tests.Support;

/// <summary>
/// Runs a recipe text in process against files in a temporary folder, as `run` would: the one recipe-running helper
/// of the tests (it replaced RecipeRuns; reading one file without a recipe is <see cref="ReaderRun"/>).
/// </summary>
public static class RecipeRun
{
    /// <summary>One compile cache for the test run, so recipes compiled by several tests compile once.</summary>
    public static CompileCache Cache { get; } = CompileCache.At(Path.Combine(Path.GetTempPath(), "trace-curate-tests", "compile-cache"));

    /// <summary>Writes <paramref name="recipe"/> as recipe.yaml in the folder and runs it into the folder's "out".</summary>
    public static RunResult Run(TempFolder folder, string recipe, int threads = 1, IReadOnlyDictionary<string, string>? sets = null, string outDir = "out")
    {
        var path = folder.Write("recipe.yaml", recipe);
        return RecipeJob.Run(path, new RunOptions
        {
            OutDir = folder[outDir],
            Threads = threads,
            Cache = Cache,
            Params = sets ?? new Dictionary<string, string>(),
        });
    }

    public sealed record Outcome(RunResult Result, string OutDir, string Log);

    /// <summary>
    /// Writes <paramref name="recipeYaml"/> as <paramref name="recipeName"/> and runs it on two threads, without the compile
    /// cache, into the folder's "out-NAME", capturing the run's log.
    /// </summary>
    public static Outcome RunLogged(TempFolder folder, string recipeYaml, RunOptions? options = null, string recipeName = "recipe.yaml")
    {
        var recipe = folder.Write(recipeName, recipeYaml);
        var log = new StringWriter();
        var outDir = folder.File("out-" + Path.GetFileNameWithoutExtension(recipeName));
        var result = RecipeJob.Run(recipe, (options ?? new RunOptions()) with { OutDir = outDir, Log = log, Cache = CompileCache.Disabled, Threads = 2 });
        return new Outcome(result, outDir, log.ToString());
    }

    /// <summary>The ids of a `trace`-format output, in file order.</summary>
    public static List<string> Ids(string traceJsonlPath) =>
        File.ReadAllLines(traceJsonlPath).Where(l => l.Length > 0)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToList();

    /// <summary>A step's counter from a run's funnel, by step name.</summary>
    public static long Counter(RunResult result, string step, string counter)
    {
        var index = result.Funnel.Steps.Select(s => s.Name).ToList().IndexOf(step);
        Assert.True(index >= 0, $"no step named {step}");
        return result.Funnel.Get(index, counter);
    }
}
