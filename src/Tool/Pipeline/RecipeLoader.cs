using TraceCurate.Catalog;
using TraceCurate.Recipes;

namespace TraceCurate.Pipeline;

/// <summary>
/// Loads a recipe as the tool does: <see cref="RecipeParser"/> with every name the registries define
/// (<see cref="RecipeNames"/>) and, when the recipe has errors of its own, every step built and every snippet
/// compiled as well, so one <c>check</c> reports all of them in the same list.
/// </summary>
public static class RecipeLoader
{
    private static readonly RecipeVocabulary Words = RecipeNames.Vocabulary with
    {
        AllErrors = RecipePlan.AllErrors,
    };

    public static Recipe Load(string path) => RecipeParser.Load(path, Words);

    public static Recipe Parse(string text, string fullPath) => RecipeParser.Parse(text, fullPath, Words);
}
