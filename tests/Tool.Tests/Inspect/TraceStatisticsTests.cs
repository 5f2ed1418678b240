using TraceCurate.Inspect;

namespace TraceCurate.Tests.Inspect;

public sealed class TraceStatisticsTests
{
    private static TraceStatistics Of(IEnumerable<TraceCurate.Traces.Trace> traces)
    {
        var s = new TraceStatistics();
        foreach (var t in traces) s.Add(t);
        return s;
    }

    [Fact]
    public void Counts_actions_failures_interrupts_recoveries_and_outcomes_of_the_hand_made_set()
    {
        var s = Of(InspectFixtures.HandMade());
        Assert.Equal(3, s.Traces);
        Assert.Equal(3, s.Messages);
        Assert.Equal(5, s.Actions);
        Assert.Equal(2, s.FailedActions);
        Assert.Equal(1, s.InterruptedActions);
        Assert.Equal(1, s.ErrorRecoveries);
        Assert.Equal(1, s.UnrecoveredErrors);
        Assert.Equal(2, s.TracesWithFailedActions);
        Assert.Equal(1, s.TracesWithErrorRecovery);
        Assert.Equal((1, 1, 1), (s.OutcomeSuccess, s.OutcomeFailure, s.OutcomeUnknown));
        Assert.Equal(0.4, s.FailureRate, 10);
        Assert.Equal(2, s.Models["a"]);
        Assert.Equal(1, s.Models["b"]);
    }

    [Fact]
    public void Per_tool_failure_rate_and_nearest_rank_percentiles_match_hand_computation()
    {
        var bash = Of(InspectFixtures.HandMade()).Tools["bash"];
        Assert.Equal(4, bash.Calls);
        Assert.Equal(2, bash.Failed);
        Assert.Equal(1, bash.Interrupted);
        Assert.Equal(0.5, bash.FailureRate, 10);
        // durations 10, 20, 40, 50: p50 rank ⌈0.5·4⌉ = 2 → 20; p95 rank ⌈0.95·4⌉ = 4 → 50
        Assert.Equal(20, bash.DurationMs.Percentile(50));
        Assert.Equal(50, bash.DurationMs.Percentile(95));
    }

    [Fact]
    public void Tokens_sum_what_is_known_and_an_unknown_figure_stays_null()
    {
        var s = Of(InspectFixtures.HandMade());
        Assert.Equal(300, s.InputTokens);
        Assert.Equal(10, s.OutputTokens);
        Assert.Equal(5, s.CacheReadTokens);
        Assert.Null(s.CacheWriteTokens);
        Assert.Equal(2, s.TracesWithUsage);
        Assert.Equal([110.0, 205.0], s.TokensPerTrace.Sorted);
        Assert.Equal(0.5m, s.CostUsd);
        Assert.Equal(1, s.TracesWithCost);
    }

    [Fact]
    public void Cost_is_null_not_zero_when_no_trace_knows_it()
    {
        var s = Of(InspectFixtures.HandMade().Skip(1));
        Assert.Null(s.CostUsd);
        Assert.Equal(0, s.TracesWithCost);
        Assert.Null(s.CostPerTrace.Percentile(50));
    }

    [Theory]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 50, 2.0)]
    [InlineData(new[] { 4.0, 3, 2, 1 }, 95, 4.0)]
    [InlineData(new[] { 7.0 }, 50, 7.0)]
    [InlineData(new[] { 7.0 }, 95, 7.0)]
    public void Percentile_is_the_nearest_rank_value(double[] values, int p, double expected)
    {
        var d = new Distribution();
        foreach (var v in values) d.Add(v);
        Assert.Equal(expected, d.Percentile(p));
    }

    [Fact]
    public void Percentile_of_one_to_a_hundred_picks_the_rank_itself()
    {
        var d = new Distribution();
        for (var i = 100; i >= 1; i--) d.Add(i);
        Assert.Equal(50, d.Percentile(50));
        Assert.Equal(95, d.Percentile(95));
        Assert.Equal(1, d.Percentile(1));
    }

    [Fact]
    public void Grouping_by_model_splits_the_figures_by_the_main_model()
    {
        var inspection = new Inspection(GroupKey.Parse("model"));
        foreach (var t in InspectFixtures.HandMade()) inspection.Add(t);
        Assert.Equal(["a", "b"], inspection.Groups.Keys);
        Assert.Equal(2, inspection.Groups["a"].Traces);
        Assert.Equal(3, inspection.Groups["a"].Actions);
        Assert.Equal(1, inspection.Groups["a"].FailedActions);
        Assert.Equal(0.5m, inspection.Groups["a"].CostUsd);
        Assert.Null(inspection.Groups["b"].CostUsd);
        Assert.Equal(1, inspection.Groups["b"].InterruptedActions);
    }

    [Fact]
    public void Grouping_by_tool_puts_a_trace_in_every_tool_group_and_by_meta_reads_the_path()
    {
        var byTool = new Inspection(GroupKey.Parse("tool"));
        var byMeta = new Inspection(GroupKey.Parse("meta:dataset"));
        foreach (var t in InspectFixtures.HandMade())
        {
            byTool.Add(t);
            byMeta.Add(t);
        }
        Assert.Equal(2, byTool.Groups["bash"].Traces);
        Assert.Equal(1, byTool.Groups["edit"].Traces);
        Assert.Equal(1, byTool.Groups["(no tool)"].Traces);
        Assert.Equal(1, byMeta.Groups["x"].Traces);
        Assert.Equal(2, byMeta.Groups["(unknown)"].Traces);
        Assert.Null(GroupKey.Parse("colour"));
    }
}
