namespace TraceCurate.Inspect;

/// <summary>
/// The values of one figure (a duration, a token count) for percentiles and histograms. Percentiles use the
/// nearest-rank definition: with the n values sorted ascending as v[1..n], the p-th percentile is v[⌈p·n/100⌉]
/// (v[1] when that rank is 0). It is always one of the observed values, never an interpolation, so p50 of
/// {1, 2, 3, 4} is 2 and p95 of any 20 or fewer values is the largest. Null when there are no values.
/// </summary>
public sealed class Distribution
{
    // Made at the first value: a folder of thousands of sessions keeps one statistics block per input, each with a
    // distribution per figure and per tool, most of them never given a value.
    private List<double>? _values;
    private double[]? _sorted;

    public int Count => _values?.Count ?? 0;

    /// <summary>The sum in the order the values were added (so it is the same on every run).</summary>
    public double Sum { get; private set; }

    public void Add(double value)
    {
        (_values ??= []).Add(value);
        Sum += value;
        _sorted = null;
    }

    /// <summary>The values in ascending order.</summary>
    public IReadOnlyList<double> Sorted => SortedValues();

    // The figures read the array itself: indexing a double[] through IReadOnlyList<double> is generic code the
    // installed tool's ReadyToRun image does not hold (JIT-compiled by every inspect).
    private double[] SortedValues()
    {
        if (_sorted is null)
        {
            _sorted = _values is null ? [] : [.. _values];
            // With a comparison, not the default comparer: the default sort of doubles is generic code made by
            // reflection at run time, which the installed tool's ReadyToRun image cannot hold (eight methods
            // JIT-compiled by every inspect). CompareTo orders as the default does, NaN first.
            Array.Sort(_sorted, static (a, b) => a.CompareTo(b));
        }
        return _sorted;
    }

    public double? Min => Count == 0 ? null : SortedValues()[0];

    public double? Max => Count == 0 ? null : SortedValues()[^1];

    public double? Mean => Count == 0 ? null : Sum / Count;

    /// <summary>The nearest-rank percentile (see the class summary); <paramref name="p"/> in 1..100.</summary>
    public double? Percentile(int p)
    {
        if (p is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(p));
        if (Count == 0) return null;
        var rank = ((long)p * Count + 99) / 100; // ⌈p·n/100⌉ in integers, so no rounding error can move the rank
        return SortedValues()[(int)Math.Max(rank, 1) - 1];
    }
}
