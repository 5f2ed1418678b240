using TraceCurate.Recipes;
using TraceCurate.Scripting;
using TraceCurate.Traces;

namespace TraceCurate.Steps;

/// <summary><c>where: EXPR</c> keeps the traces for which the C# predicate is true.</summary>
internal sealed class WhereStep(string name, Snippet<Func<Trace, bool>> predicate) : IRecipeStep
{
    public string Name { get; } = name;

    public bool IsStateless => true;

    public static IRecipeStep Create(StepDefinition definition, StepBuildContext context) =>
        new WhereStep(definition.Name, context.Snippets.AddPredicate(context.SnippetOf(definition.Value, "where")));

    public StepResult Apply(Trace trace, StepCounters counters) =>
        predicate.Delegate(trace) ? StepResult.Keep(trace) : StepResult.Drop("predicate-false");
}
