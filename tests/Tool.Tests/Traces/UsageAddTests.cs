using TraceCurate.Traces;

namespace TraceCurate.Tests.Traces;

/// <summary>
/// <see cref="Usage.Add"/> gives a side as it is when the other is <see cref="Usage.Unknown"/>. The reference is the
/// figure-by-figure sum with an empty usage that is equal to Unknown but not it, so it takes the sum's path.
/// </summary>
public sealed class UsageAddTests
{
    public static TheoryData<Usage> Usages() =>
    [
        new Usage { InputTokens = 3, OutputTokens = 4, CacheReadTokens = 5, CacheWriteTokens = 6, CostUsd = 1.50m, ReasoningTokens = 7, ApiCalls = 2, Approximate = true },
        new Usage { OutputTokens = 0, CostUsd = 0.000100m },
        new Usage { ApiCalls = 1 },
        new Usage(),
    ];

    [Theory]
    [MemberData(nameof(Usages))]
    public void Unknown_on_either_side_gives_what_the_sum_gives(Usage usage)
    {
        var empty = new Usage();
        Assert.NotSame(Usage.Unknown, empty);
        foreach (var (added, expected) in new[] { (Usage.Unknown.Add(usage), empty.Add(usage)), (usage.Add(Usage.Unknown), usage.Add(empty)) })
        {
            Assert.Equal(expected, added);
            Assert.Equal(expected.CostUsd?.ToString(System.Globalization.CultureInfo.InvariantCulture), added.CostUsd?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}
