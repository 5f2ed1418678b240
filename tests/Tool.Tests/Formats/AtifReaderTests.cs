using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>ATIF trajectories (input-formats-2 §2): figures recomputed here from the raw steps.</summary>
public sealed class AtifReaderTests
{
    [Fact]
    public void The_sample_pairs_results_by_source_call_id_sums_step_metrics_and_resolves_the_sub_agent_file()
    {
        var path = RepoPaths.Samples("atif", "run-7.trajectory.json");
        var steps = JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("steps").EnumerateArray().ToList();
        var agent = steps.Where(s => s.GetProperty("source").GetString() == "agent").ToList();
        var calls = agent.Where(s => s.TryGetProperty("tool_calls", out _)).SelectMany(s => s.GetProperty("tool_calls").EnumerateArray()).ToList();
        long Sum(string key) => agent.Sum(s => s.GetProperty("metrics").GetProperty(key).GetInt64());

        Assert.Equal("atif", FormatDetector.Detect(path).Format);
        var traces = ReaderRun.File(new AtifReader(), path, ReadOptions.Default).Select(TraceAnalyzer.Analyze).ToList();
        Assert.Equal(2, traces.Count);
        var main = traces[0];
        Assert.Equal("run-7", main.Id);
        Assert.Equal(calls.Select(c => c.GetProperty("function_name").GetString()), main.Actions.Select(a => a.Name));
        Assert.Equal("2 failed, 3 passed\nExit Code: 1", main.Actions[0].Output);
        Assert.Equal(1, main.Actions[0].ExitCode);
        Assert.True(main.Actions[0].Failed);
        Assert.Null(main.Actions[0].NativeIsError);
        Assert.Equal(Sum("prompt_tokens") - Sum("cached_tokens"), main.Usage.InputTokens);
        Assert.Equal(Sum("cached_tokens"), main.Usage.CacheReadTokens);
        Assert.Equal(Sum("completion_tokens"), main.Usage.OutputTokens);
        Assert.Equal(agent.Sum(s => s.GetProperty("metrics").GetProperty("cost_usd").GetDecimal()), main.Usage.CostUsd);
        Assert.Equal("Make the tests pass", main.Task);
        Assert.Equal(agent.Count, main.Turns);

        var child = traces[1];
        Assert.Equal("run-7#agent=run-7-fixer", child.Id);
        Assert.Equal(TraceKind.Subagent, child.Kind);
        Assert.Equal("run-7", child.ParentId);
        Assert.Equal(0, Assert.Single(child.Actions).ExitCode);
    }
}
