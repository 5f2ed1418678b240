namespace TraceCurate.Recipes;

/// <summary>A 1-based position in a recipe file, for diagnostics.</summary>
public readonly record struct RecipePosition(string File, long Line, int Column)
{
    public static RecipePosition Of(string file, YamlDotNet.Core.Mark mark) => new(file, mark.Line, (int)mark.Column);
}
