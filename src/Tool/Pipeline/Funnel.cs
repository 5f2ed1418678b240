namespace TraceCurate.Pipeline;

/// <summary>
/// The run's counts: per step <c>in</c>, <c>kept</c>, <c>dropped</c>, <c>dropped.&lt;reason&gt;</c> and whatever the step
/// added. Counter names are output contract (manifest, summary): stable and lower-case.
/// </summary>
public sealed class Funnel(IReadOnlyList<IRecipeStep> steps)
{
    private readonly Dictionary<string, long>[] _counts = steps.Select(_ => new Dictionary<string, long>(StringComparer.Ordinal)).ToArray();

    public IReadOnlyList<IRecipeStep> Steps { get; } = steps;

    public void Add(int step, string name, long value = 1)
    {
        var counts = _counts[step];
        counts[name] = counts.GetValueOrDefault(name) + value;
    }

    public void Merge(int step, StepCounters counters)
    {
        foreach (var (name, value) in counters.Added) Add(step, name, value);
    }

    public long Get(int step, string name) => _counts[step].GetValueOrDefault(name);

    /// <summary>One step's counters, <c>in</c>, <c>kept</c>, <c>dropped</c> first, then the rest by name.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Counters(int step) => Order(_counts[step]);

    /// <summary>The manifest's counter order: <c>in</c>, <c>kept</c>, <c>dropped</c> (always), then the rest by name.</summary>
    public static IReadOnlyList<KeyValuePair<string, long>> Order(IReadOnlyDictionary<string, long> counts)
    {
        string[] head = ["in", "kept", "dropped"];
        return head.Select(h => new KeyValuePair<string, long>(h, counts.GetValueOrDefault(h)))
            .Concat(counts.Where(p => !head.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
            .ToList();
    }
}
