using TraceCurate.Formats;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// A trace's Model: the model of the most uses, of equal counts the first seen; models named but never used are listed
/// and never chosen. Expectations worked out by hand; the readers' own tests check the rule on sessions.
/// </summary>
public sealed class ModelTallyTests
{
    [Fact]
    public void The_most_used_model_wins_and_every_model_is_listed_in_the_order_first_seen()
    {
        var tally = new ModelTally();
        foreach (var model in new[] { "a", "b", "b", "c", "b", "a" }) tally.Add(model);
        Assert.Equal(["a", "b", "c"], tally.Seen);
        Assert.Equal("b", tally.MostUsed); // a 2, b 3, c 1
    }

    [Fact]
    public void Of_equal_counts_the_first_seen_wins_even_when_the_other_reached_the_count_first()
    {
        var tally = new ModelTally();
        foreach (var model in new[] { "x", "y", "y", "x" }) tally.Add(model);
        Assert.Equal("x", tally.MostUsed); // y had 2 before x did; both end at 2 and x was seen first
    }

    [Fact]
    public void A_model_named_but_not_used_is_listed_and_never_chosen()
    {
        var tally = new ModelTally();
        tally.Add("named-first", used: false);
        tally.Add("used");
        tally.Add("named-first", used: false);
        Assert.Equal(["named-first", "used"], tally.Seen);
        Assert.Equal("used", tally.MostUsed);
    }

    [Fact]
    public void No_use_at_all_gives_no_model()
    {
        var tally = new ModelTally();
        Assert.Null(tally.MostUsed);
        tally.Add("only-named", used: false);
        Assert.Null(tally.MostUsed);
        Assert.Equal(["only-named"], tally.Seen);
    }
}
