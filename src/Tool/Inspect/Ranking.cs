namespace TraceCurate.Inspect;

/// <summary>One named figure of a ranking (a model's traces, a tool's statistics).</summary>
public readonly record struct Ranked<T>(string Key, T Value);

/// <summary>
/// Named figures in the order <c>inspect</c> shows them: the largest count first, ties by name (ordinal). Sorted here,
/// on an array of <see cref="Ranked{T}"/>, rather than by LINQ's <c>OrderByDescending(…).ThenBy(…)</c>: LINQ's ordering
/// over key-value pairs is generic code the installed tool's ReadyToRun image does not hold (it reaches it through
/// generic virtual methods), so every <c>inspect</c> JIT-compiled about twenty-five methods for it at start-up, while
/// a sort of an array of a type of this assembly is precompiled.
/// </summary>
public static class Ranking
{
    public static Ranked<T>[] Of<T>(IReadOnlyDictionary<string, T> figures, Func<T, long> count)
    {
        var ranked = new Ranked<T>[figures.Count];
        var i = 0;
        foreach (var (key, value) in figures) ranked[i++] = new Ranked<T>(key, value);
        // Keys are unique, so the order is total and an unstable sort gives the same order as LINQ's stable one.
        Array.Sort(ranked, (a, b) =>
        {
            var byCount = count(b.Value).CompareTo(count(a.Value));
            return byCount != 0 ? byCount : string.CompareOrdinal(a.Key, b.Key);
        });
        return ranked;
    }
}
