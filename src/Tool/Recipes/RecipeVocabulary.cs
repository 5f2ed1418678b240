using TraceCurate.Diagnostics;

namespace TraceCurate.Recipes;

/// <summary>
/// The names a recipe may use that other rooms define, as plain values: the parser checks each name where it knows its
/// line and column, without depending on the rooms that define them (which depend on the recipe model).
/// <c>TraceCurate.Catalog.RecipeNames</c> composes it from the registries; <c>TraceCurate.Pipeline.RecipeLoader</c>
/// adds the step check.
/// </summary>
public sealed record RecipeVocabulary
{
    /// <summary>The verbs a step may have, in the order messages list them.</summary>
    public required IReadOnlyList<string> StepVerbs { get; init; }

    /// <summary>The output format names, in the order messages list them (matched ignoring case).</summary>
    public required IReadOnlyList<string> OutputFormats { get; init; }

    /// <summary>The output formats that can hold a sub-agent inside its parent's record (<c>subagents: inline</c>).</summary>
    public required IReadOnlyList<string> InliningFormats { get; init; }

    /// <summary>The values of an output's <c>subagents</c> key; the last, <c>inline</c>, needs an inlining format.</summary>
    public required IReadOnlyList<string> SubagentModes { get; init; }

    /// <summary>Whether a report's <c>by</c> names a grouping, and the help text listing them.</summary>
    public required Func<string, bool> IsGroupKey { get; init; }

    public required string GroupKeyHelp { get; init; }

    /// <summary>Files the run writes at the top of the output folder: the manifest, then a shard's part manifest.</summary>
    public required IReadOnlyList<string> ReservedFiles { get; init; }

    /// <summary>
    /// Builds the steps of a recipe that has errors of its own, so one <c>check</c> reports the steps' errors too; none
    /// when only the names are checked.
    /// </summary>
    public Func<Recipe, IEnumerable<Diagnostic>> CheckSteps { get; init; } = _ => [];

    internal bool IsOutputFormat(string name) => OutputFormats.Contains(name, StringComparer.OrdinalIgnoreCase);

    internal bool CanInline(string name) => InliningFormats.Contains(name, StringComparer.OrdinalIgnoreCase);
}
