using TraceCurate.Pipeline;
using TraceCurate.Tests.Hardening;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

public sealed class DurationTests
{
    [Theory]
    [InlineData("90s", 90_000)]
    [InlineData("15m", 900_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("500ms", 500)]
    [InlineData("1.5s", 1500)]
    public void Durations_with_a_unit_parse(string text, double milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var value));
        Assert.Equal(milliseconds, value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("90")]
    [InlineData("s")]
    [InlineData("-1s")]
    [InlineData("0s")]
    [InlineData("1 m")]
    [InlineData("1d")]
    public void Durations_without_a_unit_or_not_positive_do_not_parse(string text) => Assert.False(Duration.TryParse(text, out _));

    [Fact]
    public void A_bad_timeout_is_a_usage_error()
    {
        using var s = new TempFolder();
        var (exit, _, err) = s.Cli("run", "whatever.yaml", "--timeout", "10");
        Assert.Equal(2, exit);
        Assert.Contains("--timeout takes a duration such as 90s, 15m or 2h, not '10'", err);
    }
}
