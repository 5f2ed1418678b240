using TraceCurate.Steps;

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
        counts[name] = (counts.TryGetValue(name, out var count) ? count : 0) + value;
    }

    public void Merge(int step, StepCounters counters)
    {
        if (counters.Added is not { } added) return;
        foreach (var (name, value) in added) Add(step, name, value);
    }

    public long Get(int step, string name) => _counts[step].GetValueOrDefault(name);

    /// <summary>One step's counters, <c>in</c>, <c>kept</c>, <c>dropped</c> first, then the rest by name.</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Counters(int step) => Order(_counts[step]);

    /// <summary>The manifest's counter order: <c>in</c>, <c>kept</c>, <c>dropped</c> (always), then the rest by name.</summary>
    public static IReadOnlyList<KeyValuePair<string, long>> Order(IReadOnlyDictionary<string, long> counts)
    {
        // Plain loops: LINQ over key-value pairs of a value type has no ready-made native code and was JIT-compiled at
        // the end of every run.
        string[] head = ["in", "kept", "dropped"];
        var rest = new List<string>();
        foreach (var name in counts.Keys)
            if (Array.IndexOf(head, name) < 0) rest.Add(name);
        rest.Sort(StringComparer.Ordinal);
        var ordered = new List<KeyValuePair<string, long>>(head.Length + rest.Count);
        foreach (var name in head) ordered.Add(new(name, counts.GetValueOrDefault(name)));
        foreach (var name in rest) ordered.Add(new(name, counts[name]));
        return ordered;
    }
}
