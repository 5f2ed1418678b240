using TraceCurate.Exports;
using TraceCurate.Inspect;
using TraceCurate.Manifests;
using TraceCurate.Recipes;
using TraceCurate.Steps;

namespace TraceCurate.Catalog;

/// <summary>The names a recipe may use, from the registries: what the recipe parser checks names against.</summary>
public static class RecipeNames
{
    public static RecipeVocabulary Vocabulary { get; } = new()
    {
        StepVerbs = [.. StepRegistry.Verbs],
        OutputFormats = [.. OutputFormats.Names],
        InliningFormats = [.. OutputFormats.InliningNames],
        SubagentModes = Subagents.ModeNames,
        IsGroupKey = key => GroupKey.Parse(key) is not null,
        GroupKeyHelp = GroupKey.Help,
        ReservedFiles = [ManifestJson.FileName, PartManifest.FileName],
    };
}
