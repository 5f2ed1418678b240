namespace TraceCurate.Recipes;

/// <summary>
/// One entry of <c>inputs:</c>: a file, a folder (read recursively) or a glob, relative to the recipe (or to the current
/// directory when it came from <c>--input</c>), with an optional forced format and format-specific settings.
/// </summary>
public sealed record InputSpec(string Pattern, string BaseDirectory, RecipePosition Position)
{
    public string? Format { get; init; }

    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary><c>skip_unknown: true</c>: a file of a folder or glob that no reader claims is skipped and listed, not an error.</summary>
    public bool SkipUnknown { get; init; }
}
