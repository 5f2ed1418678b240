using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Scripting;

namespace TraceCurate.Tests.Pipeline;

public sealed class ExportJobTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 5, 44, 8, 500, TimeSpan.Zero);

    [Theory]
    [InlineData("7d", "2026-11-14T05:44:08Z")]
    [InlineData("12h", "2026-11-20T17:44:08Z")]
    [InlineData("30m", "2026-11-21T05:14:08Z")]
    [InlineData("2w", "2026-11-07T05:44:08Z")]
    [InlineData("2026-04-01", "2026-04-01T00:00:00Z")]
    [InlineData("2026-04-01T12:00:00+02:00", "2026-04-01T10:00:00Z")]
    public void Since_resolves_to_an_absolute_utc_instant_to_the_second(string text, string expected) =>
        Assert.Equal(expected, TraceCurate.Traces.TraceJsonWriter.FormatTime(ExportJob.ResolveSince(text, Now)!.Value));

    [Theory]
    [InlineData("7")]
    [InlineData("d7")]
    [InlineData("999999999w")]
    [InlineData("yesterday")]
    public void Since_rejects_what_is_neither_a_duration_nor_a_date(string text) => Assert.Null(ExportJob.ResolveSince(text, Now));

    [Fact]
    public void A_plan_without_snippets_compiles_nothing()
    {
        var recipe = new Recipe { Path = "/tmp/x.yaml", Text = "", Name = "x" };
        using var plan = RecipePlan.Prepare(recipe, CompileCache.Disabled);
        // With the cache disabled, any compile would produce a SHA-256 key; "none" means Roslyn never ran.
        Assert.Equal("none", plan.Snippets.CacheKey);
        Assert.True(plan.Snippets.FromCache);
    }
}
