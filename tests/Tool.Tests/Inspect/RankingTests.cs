using TraceCurate.Inspect;

namespace TraceCurate.Tests.Inspect;

/// <summary>
/// <see cref="Ranking"/> and <see cref="Distribution"/>'s sort replaced LINQ's ordering and the default sort of doubles
/// (for start-up: code the ReadyToRun image holds); both are checked here against those old paths.
/// </summary>
public sealed class RankingTests
{
    [Fact]
    public void Ranks_as_linq_ordering_by_count_descending_then_ordinal_name()
    {
        var random = new Random(27);
        for (var round = 0; round < 200; round++)
        {
            var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
            var size = random.Next(0, 40);
            for (var i = 0; i < size; i++)
                counts[Name(random)] = random.Next(0, 4) == 0 ? long.MaxValue - random.Next(0, 2) : random.Next(0, 5);
            var expected = counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value));
            Assert.Equal(expected, Ranking.Of(counts, c => c).Select(r => (r.Key, r.Value)));
        }
    }

    [Fact]
    public void Names_differing_only_in_case_or_beyond_ascii_keep_ordinal_order()
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal) { ["b"] = 1, ["B"] = 1, ["é"] = 1, ["e"] = 1, ["a"] = 2 };
        Assert.Equal(["a", "B", "b", "e", "é"], Ranking.Of(counts, c => c).Select(r => r.Key));
    }

    [Fact]
    public void A_distribution_sorts_as_the_default_sort_of_doubles()
    {
        var random = new Random(21);
        double[] specials = [0.0, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, 1e300, -1e300];
        for (var round = 0; round < 200; round++)
        {
            var d = new Distribution();
            var values = new List<double>();
            var size = random.Next(1, 300);
            for (var i = 0; i < size; i++)
            {
                var v = random.Next(0, 5) == 0 ? specials[random.Next(specials.Length)] : Math.Round(random.NextDouble() * 100, random.Next(0, 3));
                values.Add(v);
                d.Add(v);
            }
            var expected = values.ToArray();
            Array.Sort(expected);
            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), d.Sorted.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void NaN_sorts_first_as_in_the_default_sort()
    {
        var d = new Distribution();
        foreach (var v in new[] { 3.0, double.NaN, 1.0, double.NaN, 2.0 }) d.Add(v);
        Assert.True(double.IsNaN(d.Sorted[0]) && double.IsNaN(d.Sorted[1]));
        Assert.Equal([1.0, 2.0, 3.0], d.Sorted.Skip(2));
    }

    private static string Name(Random random)
    {
        const string letters = "aAbBzZ_-0é";
        return new string(Enumerable.Range(0, random.Next(1, 4)).Select(_ => letters[random.Next(letters.Length)]).ToArray());
    }
}
