using System.Text;
using TraceCurate.Manifests;
using TraceCurate.Reading;

namespace TraceCurate.Pipeline;

/// <summary>Builds the manifest of a run from what it read, counted and wrote. Paths relative to the recipe's folder.</summary>
public static class ManifestBuilder
{
    /// <param name="stoppedIn">
    /// The index of the input where <c>--limit</c> stopped the reading, if it did. That input and every later one are
    /// recorded without bytes and SHA-256: the producer had read ahead of the limit by as much as the threads' timing let
    /// it (a whole file hashed in one run, half of it or none in another), and a manifest must not depend on that.
    /// Every earlier input was read whole before the stopping one began, so its hash is complete in every run.
    /// </param>
    public static ManifestModel Build(RecipePlan plan, IReadOnlyList<InputStats> inputs, Funnel funnel, IReadOnlyList<OutputEntry> outputs, long? limit,
        int? stoppedIn = null)
    {
        var recipe = plan.Recipe;
        return new ManifestModel
        {
            ToolVersion = ToolVersion.Current,
            RuntimeVersion = Environment.Version.ToString(),
            Recipe = new RecipeEntry(recipe.Name, Path.GetFileName(recipe.Path), ManifestModel.Sha(Encoding.UTF8.GetBytes(recipe.Text))),
            Params = recipe.Params.Select(p => new KeyValuePair<string, object>(p.Name, p.Value)).ToList(),
            Imports = recipe.Imports.Select(i => new FileEntry(Relative(recipe.Directory, i), ManifestModel.Sha(File.ReadAllBytes(i)))).ToList(),
            CompileCacheKey = plan.Snippets.CacheKey,
            Unsafe = recipe.Unsafe,
            Limit = limit,
            Inputs = inputs.Select(i => i.File.Index >= stoppedIn
                ? Entry(recipe.Directory, i, 0, "")
                : Entry(recipe.Directory, i, i.Bytes, i.Sha256 ?? "")).ToList(),
            Steps = funnel.Steps.Select((s, i) => new StepEntry(s.Name, recipe.Steps[i].Verb, funnel.Counters(i))).ToList(),
            Outputs = outputs,
        };
    }

    private static InputEntry Entry(string directory, InputStats i, long bytes, string sha256) =>
        new(Relative(directory, i.File.Path), i.File.Reader.Format, bytes, sha256, i.Records, i.Traces, i.BadRecords, i.Truncated) { Read = i.Read };

    public static string Relative(string baseDirectory, string path) => Path.GetRelativePath(baseDirectory, path).Replace('\\', '/');
}
