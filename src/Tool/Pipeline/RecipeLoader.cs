using TraceCurate.Catalog;
using TraceCurate.Recipes;
using TraceCurate.Scripting;

namespace TraceCurate.Pipeline;

/// <summary>
/// Loads a recipe as the tool does: <see cref="RecipeParser"/> with every name the registries define
/// (<see cref="RecipeNames"/>) and, when the recipe has errors of its own, every step built as well, so one
/// <c>check</c> reports the steps' errors in the same list.
/// </summary>
public static class RecipeLoader
{
    private static readonly RecipeVocabulary Words = RecipeNames.Vocabulary with
    {
        CheckSteps = recipe => RecipePlan.BuildSteps(recipe, new SnippetSet()).Errors,
    };

    public static Recipe Load(string path) => RecipeParser.Load(path, Words);

    public static Recipe Parse(string text, string fullPath) => RecipeParser.Parse(text, fullPath, Words);
}
