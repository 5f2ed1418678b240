using TraceCurate.Formats;
using TraceCurate.Pipeline;
using TraceCurate.Scripting;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Support;

/// <summary>Runs a recipe written into a temp folder, in process, the way <c>run</c> does, and reads inputs directly.</summary>
internal static class RecipeRuns
{
    public sealed record Outcome(RunResult Result, string OutDir, string Log);

    public static Outcome Run(TempDir dir, string recipeYaml, RunOptions? options = null, string recipeName = "recipe.yaml")
    {
        var recipe = dir.File(recipeName, recipeYaml);
        var log = new StringWriter();
        var outDir = dir.Combine("out-" + Path.GetFileNameWithoutExtension(recipeName));
        var result = RecipeJob.Run(recipe, (options ?? new RunOptions()) with { OutDir = outDir, Log = log, Cache = CompileCache.Disabled, Threads = 2 });
        return new Outcome(result, outDir, log.ToString());
    }

    /// <summary>All traces of one file, read through the reader's own Split and Parse (no pipeline).</summary>
    public static IReadOnlyList<Trace> Read(ITraceReader reader, string path, ReadOptions? options = null)
    {
        var file = new InputFile(path, reader, options ?? ReadOptions.Default);
        using var stream = FormatDetector.Open(path);
        return reader.Split(stream, file).ToList().SelectMany(r => reader.Parse(r, file.Options)).ToList();
    }
}
