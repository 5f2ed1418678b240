using TraceCurate.Recipes;
using TraceCurate.Scripting;
using TraceCurate.Traces;

namespace TraceCurate.Pipeline.Steps;

/// <summary><c>map: EXPR</c> replaces each trace by the C# expression's result (usually <c>t with { … }</c>).</summary>
internal sealed class MapStep(string name, Snippet<Func<Trace, Trace>> transform) : IRecipeStep
{
    /// <summary>
    /// Recomputes the analysis (outcome, failed actions, recoveries) of a mapped trace, so later steps see figures
    /// that match the new content. Identity until the analysis layer is present; it sets this to its analyzer
    /// (<c>MapStep.Reanalyze = TraceAnalyzer.Analyze</c>) once, before any run.
    /// </summary>
    public static Func<Trace, Trace> Reanalyze { get; set; } = t => t;

    public string Name { get; } = name;

    public bool IsStateless => true;

    public static IRecipeStep Create(StepDefinition definition, StepBuildContext context) =>
        new MapStep(definition.Name, context.Snippets.AddTransform(context.SnippetOf(definition.Value, "map")));

    public StepResult Apply(Trace trace, StepCounters counters)
    {
        var mapped = transform.Delegate(trace)
            ?? throw new InvalidOperationException("the map expression returned null; return a Trace (e.g. t with { … }), or use 'where' to drop traces");
        // The source and the split are bookkeeping, not content: a map that builds a new Trace keeps them.
        if (!ReferenceEquals(mapped, trace) && ReferenceEquals(mapped.Source, TraceSource.None)) mapped = mapped with { Source = trace.Source };
        if (mapped.Split is null && trace.Split is not null) mapped = mapped with { Split = trace.Split };
        return StepResult.Keep(Reanalyze(mapped));
    }
}
