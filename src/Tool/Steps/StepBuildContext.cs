using TraceCurate.Recipes;
using TraceCurate.Scripting;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Steps;

/// <summary>What a step factory may use: the recipe (for positions and paths) and the snippet set to register code in.</summary>
public sealed class StepBuildContext(Recipe recipe, SnippetSet snippets)
{
    public Recipe Recipe { get; } = recipe;

    public SnippetSet Snippets { get; } = snippets;

    public YamlNodes Yaml { get; } = new(recipe.Path);

    /// <summary>The snippet written in a scalar node, with its exact position in the recipe.</summary>
    public SnippetText SnippetOf(YamlNode node, string what)
    {
        if (node is not YamlScalarNode scalar || string.IsNullOrWhiteSpace(scalar.Value))
            throw Yaml.Error(node, $"{what} must be a C# expression");
        return SnippetText.FromScalar(scalar, Recipe.Path, Recipe.Text);
    }
}
