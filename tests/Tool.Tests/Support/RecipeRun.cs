using System.Text.Json;
using TraceCurate.Pipeline;
using TraceCurate.Scripting;

namespace TraceCurate.Tests.Support;

/// <summary>Runs a recipe text in process against files in a temporary folder, as `run` would.</summary>
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
