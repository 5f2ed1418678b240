namespace TraceCurate.Steps;

/// <summary>
/// Named counters a step adds while judging a trace (<c>redacted.email</c>, …). The runner gives each trace its own
/// set and folds them into the run's funnel in input order, so totals never depend on the thread count, and traces
/// past <c>--limit</c> count nothing. Not thread-safe: one set is used by one thread.
/// </summary>
public sealed class StepCounters
{
    private List<KeyValuePair<string, long>>? _added;

    public void Add(string name, long value = 1) => (_added ??= []).Add(new(name, value));

    /// <summary>The counters added, in order; null when none was (most traces: nothing to enumerate).</summary>
    internal List<KeyValuePair<string, long>>? Added => _added;
}
