using TraceCurate.Traces;

namespace TraceCurate.Steps;

/// <summary>
/// One recipe step. A step sees one trace at a time and keeps it (maybe changed), or drops it with a reason.
/// </summary>
public interface IRecipeStep
{
    /// <summary>The step's name from the recipe (or its verb and position); prefixes its counters in the manifest.</summary>
    string Name { get; }

    /// <summary>
    /// True when the step judges each trace alone (a predicate, a map, hash sampling), so the runner may call it on any
    /// thread in any order. False for steps whose answer depends on the traces before (dedup, cap): the runner calls
    /// those, and every step after them, on one thread in input order.
    /// </summary>
    bool IsStateless { get; }

    /// <summary>Keeps or drops one trace. Throwing stops the run with an error naming the step and the trace.</summary>
    StepResult Apply(Trace trace, StepCounters counters);
}
