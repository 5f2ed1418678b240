using TraceCurate.Traces;

namespace TraceCurate.Steps;

/// <summary>
/// <c>export --since</c>: keeps traces that started at or after an absolute UTC instant (a relative <c>7d</c> is resolved
/// once, before the run, so that a rebuild selects the same traces). A trace with no start time is dropped as
/// <c>no-start-time</c>: whether it is recent cannot be known.
/// </summary>
internal sealed class SinceStep(string name, DateTimeOffset since) : IRecipeStep
{
    public string Name { get; } = name;

    public bool IsStateless => true;

    public StepResult Apply(Trace trace, StepCounters counters) => trace.StartedAt switch
    {
        null => StepResult.Drop("no-start-time"),
        { } started when started < since => StepResult.Drop("before-since"),
        _ => StepResult.Keep(trace),
    };
}
