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
    /// Given a recipe that has errors of its own, its errors and whether its snippets can be compiled (imports and
    /// params read without error): every error of the recipe in recipe order, the steps' and the snippets' included,
    /// so one <c>check</c> reports them all. By default only the recipe's own errors, by position.
    /// </summary>
    public Func<Recipe, IEnumerable<Diagnostic>, bool, IReadOnlyList<Diagnostic>> AllErrors { get; init; } =
        (_, errors, _) => errors.OrderBy(e => e.Line).ThenBy(e => e.Column).ToList();

    internal bool IsOutputFormat(string name) => OutputFormats.Contains(name, StringComparer.OrdinalIgnoreCase);

    internal bool CanInline(string name) => InliningFormats.Contains(name, StringComparer.OrdinalIgnoreCase);
}
