using TraceCurate.Traces;

namespace TraceCurate.Steps;

/// <summary>
/// One recipe step. A step sees one trace at a time and keeps it (maybe changed), or drops it with a reason.
/// <para><b>Lifetime:</b> nothing keeps a <see cref="Trace"/> after its batch is written. Once every writer has had the
/// traces of a batch, the runner releases their records, and the shared chunk a line record's bytes
/// (<see cref="TraceSource.Raw"/>) and lazy fields point into is reused for later records. A step that must remember
/// traces across calls (dedup, cap) keeps a key, a hash or a count computed from them, never the trace.</para>
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
