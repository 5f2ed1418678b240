namespace TraceCurate.Recipes;

/// <summary>One entry of <c>outputs:</c>: a path relative to the output folder, a format, and the format's options.</summary>
public sealed record OutputSpec(string Path, string Format, RecipePosition Position)
{
    /// <summary>Options other than path and format, by key, as strings.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();
}
