namespace TraceCurate.Recipes;

/// <summary>A loaded, validated recipe (version 1). Paths it reads are already resolved against the recipe's folder.</summary>
public sealed partial record Recipe
{
    /// <summary>The recipe file's full path.</summary>
    public required string Path { get; init; }

    /// <summary>The recipe file's text, for positions in block scalars and for the manifest's hash.</summary>
    public required string Text { get; init; }

    public required string Name { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<InputSpec> Inputs { get; init; } = [];

    /// <summary>Full paths of the imported .csx helper files, in recipe order.</summary>
    public IReadOnlyList<string> Imports { get; init; } = [];

    public IReadOnlyList<StepDefinition> Steps { get; init; } = [];

    public IReadOnlyList<OutputSpec> Outputs { get; init; } = [];

    public BadRecordPolicy OnBadRecord { get; init; } = BadRecordPolicy.Fail;

    /// <summary><c>params:</c>, in recipe order, after any <c>--set</c> overrides.</summary>
    public IReadOnlyList<RecipeParam> Params { get; init; } = [];

    /// <summary><c>rejects:</c>: the file (relative to the output folder) listing every dropped trace; null for none.</summary>
    public string? Rejects { get; init; }

    /// <summary>Where <c>rejects:</c> stands in the recipe, for errors about its path found at run time.</summary>
    public RecipePosition? RejectsPosition { get; init; }

    /// <summary>The folder that relative input and import paths are resolved against.</summary>
    public string Directory => System.IO.Path.GetDirectoryName(Path)!;
}

public enum BadRecordPolicy
{
    Fail,
    Skip,
}
