using System.Text;
using TraceCurate.Manifests;
using TraceCurate.Reading;

namespace TraceCurate.Pipeline;

/// <summary>Builds the manifest of a run from what it read, counted and wrote. Paths relative to the recipe's folder.</summary>
public static class ManifestBuilder
{
    public static ManifestModel Build(RecipePlan plan, IReadOnlyList<InputStats> inputs, Funnel funnel, IReadOnlyList<OutputEntry> outputs, long? limit)
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
            Inputs = inputs.Select(i => new InputEntry(Relative(recipe.Directory, i.File.Path), i.File.Reader.Format, i.Bytes,
                i.Sha256 ?? "", i.Records, i.Traces, i.BadRecords, i.Truncated) { Read = i.Read }).ToList(),
            Steps = funnel.Steps.Select((s, i) => new StepEntry(s.Name, recipe.Steps[i].Verb, funnel.Counters(i))).ToList(),
            Outputs = outputs,
        };
    }

    public static string Relative(string baseDirectory, string path) => Path.GetRelativePath(baseDirectory, path).Replace('\\', '/');
}
