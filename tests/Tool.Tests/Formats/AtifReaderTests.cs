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

    /// <summary>
    /// Harbor's own agents name no call in their results (349 of 349 trajectory.json files of a published Harbor job
    /// folder: terminus-2, mini-swe-agent, a computer-use agent). Counted by tests/corpus-counts/atif.py from the raw file:
    /// every call is an action, every result is an action's output or, when no call can take it, a user message.
    /// </summary>
    [Fact]
    public void Results_that_name_no_call_are_the_outputs_of_the_steps_calls_or_feedback_never_dropped()
    {
        var path = RepoPaths.Samples("atif", "harbor-unnamed-results.trajectory.json");
        var counts = Assert.Single(CorpusCounts.Run("atif.py", path).GetProperty(path).EnumerateArray());
        var trace = TraceAnalyzer.Analyze(Assert.Single(ReaderRun.File(new AtifReader(), path, ReadOptions.Default)));

        Assert.Equal(counts.GetProperty("id").GetString(), trace.Id);
        Assert.Equal(counts.GetProperty("calls").GetInt32(), trace.Actions.Count);
        Assert.Equal(0, counts.GetProperty("named").GetInt32());
        Assert.Equal(counts.GetProperty("answered").GetInt32(), trace.Actions.Count(a => a.Output is not null));
        var feedback = trace.Messages.Where(m => m.Role == Role.User && m.Kind == MessageKind.Injected).ToList();
        Assert.Equal(counts.GetProperty("feedback").GetInt32(), feedback.Count);
        Assert.StartsWith("Previous response had parsing errors", feedback[0].Text);
        Assert.Equal("Count the lines of data.csv into count.txt", trace.Task);

        // One result for one call; one terminal capture after three calls goes to the last; two results for two calls
        // pair in order; a call with no result has none.
        Assert.Equal("data.csv\n$ ", trace.Actions[0].Output);
        Assert.Equal([null, null], trace.Actions.Skip(1).Take(2).Select(a => a.Output));
        Assert.EndsWith("12 data.csv\n$ ", trace.Actions[3].Output);
        Assert.Equal(["12 data.csv", "size: 12"], trace.Actions.Skip(4).Take(2).Select(a => a.Output));
        Assert.Null(trace.Actions[6].Output);
    }

    [Fact]
    public void A_result_naming_a_call_its_step_lacks_or_left_over_after_every_call_has_one_is_kept_as_feedback()
    {
        using var temp = new TempFolder();
        // A partial transcript (ADP's schema/atif.py allows it): step 2's result names a call of another step; step 3's
        // call has its own result, and one more result names none.
        var path = temp.Write("partial.json", """
            {"schema_version":"ATIF-v1.6","session_id":"p","agent":{"name":"a","version":"1"},"steps":[
             {"step_id":1,"source":"user","message":"go"},
             {"step_id":2,"source":"agent","message":"","observation":{"results":[{"source_call_id":"gone","content":"output of a call not kept"}]}},
             {"step_id":3,"source":"agent","message":"","tool_calls":[{"tool_call_id":"c1","function_name":"bash","arguments":{}}],
              "observation":{"results":[{"source_call_id":"c1","content":"ok"},{"content":"[timer] 3s"}]}}]}
            """);
        var counts = Assert.Single(CorpusCounts.Run("atif.py", path).GetProperty(path).EnumerateArray());
        var trace = Assert.Single(ReaderRun.File(new AtifReader(), path, ReadOptions.Default));

        Assert.Equal(1, counts.GetProperty("dangling").GetInt32());
        Assert.Equal(counts.GetProperty("calls").GetInt32(), trace.Actions.Count);
        Assert.Equal(counts.GetProperty("answered").GetInt32(), trace.Actions.Count(a => a.Output is not null));
        Assert.Equal("ok", trace.Actions[0].Output);
        var feedback = trace.Messages.Where(m => m.Role == Role.User && m.Kind == MessageKind.Injected).Select(m => m.Text).ToList();
        Assert.Equal(counts.GetProperty("feedback").GetInt32(), feedback.Count);
        Assert.Equal(["output of a call not kept", "[timer] 3s"], feedback);
    }

    /// <summary>ADP writes ATIF-v1.7 (its schema/atif.py), whose step metrics name the cost <c>cost</c>, not <c>cost_usd</c>.</summary>
    [Fact]
    public void A_v1_7_step_cost_named_cost_is_the_steps_cost_and_cost_usd_wins_when_a_step_has_both()
    {
        using var temp = new TempFolder();
        var path = temp.Write("adp.json", """
            {"schema_version":"ATIF-v1.7","trajectory_id":"adp-1","agent":{"name":"adp","version":"1"},"steps":[
             {"step_id":1,"source":"user","message":"go"},
             {"step_id":2,"source":"agent","message":"a","metrics":{"prompt_tokens":10,"completion_tokens":2,"cost":0.5}},
             {"step_id":3,"source":"agent","message":"b","metrics":{"prompt_tokens":12,"completion_tokens":3,"cost":0.25}},
             {"step_id":4,"source":"agent","message":"c","metrics":{"prompt_tokens":14,"completion_tokens":4,"cost_usd":0.125,"cost":9}}]}
            """);
        var trace = Assert.Single(ReaderRun.File(new AtifReader(), path, ReadOptions.Default));
        Assert.Equal(0.5m + 0.25m + 0.125m, trace.Usage.CostUsd);
        Assert.Equal(9, trace.Usage.OutputTokens);
    }

    [Fact]
    public void An_indented_trajectory_with_a_step_on_one_line_is_atif_and_a_jsonl_of_trajectories_too()
    {
        // The one-line step of the indented file is a whole JSON object on its own line, as a JSONL record would be.
        using var temp = new TempFolder();
        var indented = temp.Write("t.json", """
            {
              "schema_version": "ATIF-v1.5",
              "session_id": "s1",
              "steps": [
                { "step_id": 1, "source": "user", "message": "hi" }
              ]
            }
            """);
        Assert.Equal("atif", FormatDetector.Detect(indented).Format);
        var jsonl = temp.Write("t.jsonl", """
            {"schema_version":"ATIF-v1.5","session_id":"a","steps":[{"step_id":1,"source":"user","message":"hi"}]}
            {"schema_version":"ATIF-v1.5","session_id":"b","steps":[{"step_id":1,"source":"user","message":"ho"}]}
            """ + "\n");
        Assert.Equal("atif", FormatDetector.Detect(jsonl).Format);
        Assert.Equal(["a", "b"], ReaderRun.File(new AtifReader(), jsonl, ReadOptions.Default).Select(t => t.Id).ToArray());
    }
}
