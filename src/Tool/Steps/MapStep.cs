using TraceCurate.Recipes;
using TraceCurate.Scripting;
using TraceCurate.Traces;

namespace TraceCurate.Steps;

/// <summary><c>map: EXPR</c> replaces each trace by the C# expression's result (usually <c>t with { … }</c>).</summary>
internal sealed class MapStep(string name, Snippet<Func<Trace, Trace>> transform) : IRecipeStep
{
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
        // The analysis (error classes, recoveries, outcome) is recomputed so later steps see figures that match the new content.
        return StepResult.Keep(TraceAnalyzer.Analyze(mapped));
    }
}
