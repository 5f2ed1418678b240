using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Pipeline;
using TraceCurate.Reading;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The OpenHands readers (input-formats-2 §4): trajectory files (<c>openhands</c>) and evaluation/resolver
/// <c>output.jsonl</c> rows (<c>openhands-output</c>). Every corpus and sample file is compared, run by run, with what
/// <c>tests/corpus-counts/openhands.py</c> counts in the raw JSON: calls, failures, rejections, exit codes, messages,
/// tokens, cost, the read report's items and unknown kinds. The hand-written cases cover the layouts the files here do not.
/// </summary>
public sealed class OpenHandsReaderTests
{
    public static readonly TheoryData<string> Corpus = new() { "openhands/basic.json", "openhands/resolver-output.jsonl" };

    public static readonly TheoryData<string> Samples = new() { "openhands/csv-last-row.json", "openhands-output/output.jsonl" };

    [CorpusTheory]
    [MemberData(nameof(Corpus))]
    public void A_corpus_file_has_the_runs_calls_failures_messages_and_usage_its_events_hold(string relative) =>
        AssertCounted(CorpusCounts.File(relative));

    // The samples are ours, but their figures are counted by the same independent script, not written down by hand.
    [CorpusTheory]
    [MemberData(nameof(Samples))]
    public void A_sample_has_the_runs_calls_failures_messages_and_usage_its_events_hold(string relative) =>
        AssertCounted(RepoPaths.Samples(relative.Split('/')));

    [CorpusFact]
    public void Every_openhands_corpus_file_is_counted_here()
    {
        var listed = Corpus.Cast<object[]>().Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        var unlisted = Directory.EnumerateFiles(CorpusCounts.File("openhands")).Select(p => "openhands/" + Path.GetFileName(p)).Where(p => !listed.Contains(p)).ToList();
        Assert.True(unlisted.Count == 0, "openhands corpus files no test counts: " + string.Join(", ", unlisted));
    }

    private static void AssertCounted(string path)
    {
        var expected = CorpusCounts.Run("openhands.py", path).GetProperty(path).EnumerateArray().ToList();
        var reader = FormatDetector.Detect(path);
        Assert.Equal(path.EndsWith(".jsonl", StringComparison.Ordinal) ? "openhands-output" : "openhands", reader.Format);

        var traces = ReaderRun.File(reader, path);
        Assert.Equal(expected.Select(e => e.GetProperty("id").GetString()), traces.Select(t => t.Id));
        foreach (var (e, t) in expected.Zip(traces))
        {
            Assert.Equal(Int(e, "tool_calls"), t.Actions.Count);
            // As the file records them (an error observation, a non-zero exit), before the analysis reads any text.
            Assert.Equal(Int(e, "failed"), t.Actions.Count(a => a.Failed));
            Assert.Equal(Int(e, "rejected"), t.Actions.Count(a => a.Rejected));
            Assert.Equal(Int(e, "exit_codes"), t.Actions.Count(a => a.ExitCode is not null));
            Assert.Equal(Int(e, "messages"), t.Messages.Count);
            Assert.Equal(Long(e, "input"), t.Usage.InputTokens);
            Assert.Equal(Long(e, "output"), t.Usage.OutputTokens);
            Assert.Equal(Long(e, "cache_read"), t.Usage.CacheReadTokens);
            Assert.Equal(Long(e, "cache_write"), t.Usage.CacheWriteTokens);
            Assert.Equal(Long(e, "api_calls"), (long?)t.Usage.ApiCalls);
            Assert.Equal(e.GetProperty("cost").ValueKind == JsonValueKind.Null ? null : e.GetProperty("cost").GetDecimal(), t.Usage.CostUsd);
            Assert.Equal("openhands", t.Agent);
        }

        // Through the pipeline's reading: the analysis adds the run_ipython failures only their text shows, and the read
        // report counts every event (an old pair as one item) and names the kinds outside the spec's lists.
        var counts = new ReadCounts();
        var analysed = TraceReading.Read([new InputFile(path, reader, ReadOptions.Default)], new TraceReadingOptions { Threads = 1, Counts = [counts] })
            .Select(r => r.Trace).ToList();
        foreach (var (e, t) in expected.Zip(analysed))
            Assert.Equal(Int(e, "failed") + Int(e, "flagged_text"), t.Actions.Count(a => a.Failed));
        Assert.Equal(expected.Sum(e => Int(e, "items")), counts.Read.Records);
        var unknown = expected.SelectMany(e => e.GetProperty("unknown").EnumerateObject())
            .GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Sum(p => p.Value.GetInt64()));
        Assert.Equal(unknown.OrderBy(p => p.Key, StringComparer.Ordinal).ToList(), counts.Read.NotUnderstood.ToList());
    }

    [Fact]
    public void The_trajectory_sample_keeps_each_kind_of_event_where_it_belongs()
    {
        var trace = Assert.Single(ReaderRun.File(new OpenHandsReader(), RepoPaths.Samples("openhands", "csv-last-row.json")));
        Assert.Equal("csv-last-row", trace.Id);
        Assert.StartsWith("The CSV parser drops the last row", trace.Task);
        Assert.Equal("anthropic/claude-sonnet-4-20250514", trace.Model);
        Assert.Equal("/workspace/csvkit_lite", trace.Cwd);
        Assert.Equal(Role.System, trace.Messages[0].Role);

        // Two calls of one model response: one assistant message, both calls on it, its reasoning as thinking.
        var first = trace.Messages.First(m => m.Role == Role.Assistant);
        Assert.Equal(["execute_bash", "str_replace_editor"], first.ToolCalls.Select(c => c.Name));
        Assert.Equal("The bug is probably in the line splitting.", first.Thinking);
        Assert.Equal(trace.Actions[0].Turn, trace.Actions[1].Turn);
        Assert.Equal("view", first.ToolCalls[1].Arguments!.Value.GetProperty("command").GetString()); // as the model wrote it

        Assert.Equal(["run", "read", "edit", "edit", "run_ipython", "think", "run", "run", "browse_interactive", "task_tracking", "run"],
            trace.Actions.Select(a => a.Name));
        Assert.Equal([1, null, null, null, null, null, null, null, null, null, 0], trace.Actions.Select(a => a.ExitCode)); // -1 is unknown
        Assert.True(trace.Actions[2].NativeIsError); // the error observation of a failed str_replace
        Assert.StartsWith("ERROR:", trace.Actions[2].Output);
        Assert.True(trace.Actions[6].Rejected);
        Assert.False(trace.Actions[6].Failed);
        Assert.Equal("/workspace/csvkit_lite/parser.py", trace.Actions[2].Input);
        Assert.False(trace.Actions[2].Arguments!.Value.TryGetProperty("thought", out _)); // the thought is the message text

        Assert.Contains(trace.Messages, m => m.Kind == MessageKind.CompactionSummary && m.Text!.Contains("splitlines()", StringComparison.Ordinal));
        Assert.Contains(trace.Messages, m => m.Kind == MessageKind.Injected && m.Text == "Added workspace context");
        Assert.StartsWith("Fixed: parse() uses splitlines()", trace.Messages[^1].Text);
        Assert.Empty(trace.Messages[^1].ToolCalls); // finish ends the run; it is no call

        Assert.Equal("finish", trace.NativeOutcome);
        Assert.Equal("finished", trace.Meta("agent_state"));
        Assert.Equal("true", trace.Meta("finish.task_completed"));
        Assert.Equal("0.39.0", trace.Meta("system.openhands_version"));
    }

    [Fact]
    public void Output_rows_give_the_report_verdict_as_the_outcome_and_keep_their_fields_as_metadata()
    {
        var path = RepoPaths.Samples("openhands-output", "output.jsonl");
        var traces = TraceReading.Read([new InputFile(path, new OpenHandsOutputReader(), ReadOptions.Default)], new TraceReadingOptions { Threads = 1 })
            .Select(r => r.Trace).ToList();
        Assert.Equal(["resolved", "unresolved", "resolver_failure"], traces.Select(t => t.NativeOutcome));
        Assert.Equal([Outcome.Success, Outcome.Failure, Outcome.Failure], traces.Select(t => t.Outcome));
        Assert.Equal("true", traces[0].Meta("test_result.report.resolved"));
        Assert.Equal("csvkit__csvkit_lite-12", traces[0].Meta("instance_id"));
        Assert.Null(traces[0].Meta("history"));
        Assert.Equal("AgentStuckInLoopError: Agent got stuck in a loop", traces[1].Meta("error"));
        Assert.Null(traces[1].Usage.CostUsd); // accumulated_cost 0.0: an unpriced model, not a free run
        Assert.Equal("openai/gpt-4o-2024-08-06", traces[1].Model); // from metadata.llm_config: the old rows keep no response
        Assert.Equal("7", traces[2].Meta("issue.number"));
        Assert.StartsWith("Please fix the following issue", traces[2].Task);
    }

    [Fact]
    public void A_trajectory_object_pairs_by_tool_call_id_and_reads_the_older_exit_code_place()
    {
        // The server's {"trajectory": [...]}; observations without a cause, answered by tool_call_id; extras.exit_code.
        const string json = """
            {"trajectory": [
              {"id": 1, "source": "user", "action": "message", "args": {"content": "count the lines"}},
              {"id": 2, "source": "agent", "action": "run", "args": {"command": "wc -l a.txt", "thought": "Count."},
               "tool_call_metadata": {"function_name": "execute_bash", "tool_call_id": "c1", "model_response": {"id": "r1", "model": "m"}}},
              {"id": 3, "source": "agent", "action": "run", "args": {"command": "wc -l b.txt", "thought": ""},
               "tool_call_metadata": {"function_name": "execute_bash", "tool_call_id": "c2", "model_response": {"id": "r1", "model": "m"}}},
              {"id": 4, "source": "agent", "observation": "run", "content": "wc: b.txt: No such file", "extras": {"exit_code": 1},
               "tool_call_metadata": {"function_name": "execute_bash", "tool_call_id": "c2"}},
              {"id": 5, "source": "agent", "observation": "run", "content": "3 a.txt", "extras": {"exit_code": 0},
               "tool_call_metadata": {"function_name": "execute_bash", "tool_call_id": "c1"}},
              {"id": 6, "source": "environment", "observation": "error", "content": "AgentStuckInLoopError", "extras": {}},
              {"id": 7, "source": "environment", "observation": "agent_state_changed", "content": "", "extras": {"agent_state": "error", "reason": "stuck"}}
            ]}
            """;
        using var temp = new TempFolder();
        Assert.Equal("openhands", FormatDetector.Detect(temp.Write("run.json", json)).Format);
        var trace = Assert.Single(ReaderRun.Text(new OpenHandsReader(), json, "run.json"));
        Assert.Equal(["3 a.txt", "wc: b.txt: No such file"], trace.Actions.Select(a => a.Output));
        Assert.Equal([0, 1], trace.Actions.Select(a => a.ExitCode));
        Assert.Equal([false, true], trace.Actions.Select(a => a.Failed));
        Assert.Equal(1, trace.Turns); // two calls, one response
        Assert.Contains(trace.Messages, m => m is { Kind: MessageKind.Injected, Text: "AgentStuckInLoopError" }); // an error of no call
        Assert.Equal("agent_state:error", trace.NativeOutcome);
        Assert.Equal("stuck", trace.Meta("agent_state_reason"));
    }

    [Fact]
    public void In_an_event_stream_a_state_change_between_a_call_and_its_observation_answers_nothing()
    {
        const string json = """
            [
              {"id": 0, "source": "user", "action": "message", "args": {"content": "test it"}},
              {"id": 1, "source": "agent", "action": "run", "args": {"command": "pytest -q", "thought": ""}},
              {"id": 2, "source": "environment", "observation": "agent_state_changed", "content": "", "extras": {"agent_state": "running"}},
              {"id": 3, "source": "agent", "cause": 1, "observation": "run", "content": "1 failed", "extras": {"metadata": {"exit_code": 1}}}
            ]
            """;
        var trace = Assert.Single(ReaderRun.Text(new OpenHandsReader(), json, "t.json"));
        var action = Assert.Single(trace.Actions);
        Assert.Equal("1 failed", action.Output);
        Assert.Equal(1, action.ExitCode);
        Assert.True(action.Failed);
        Assert.DoesNotContain(trace.Messages, m => m.Kind == MessageKind.Injected);
        Assert.Equal("running", trace.Meta("agent_state"));
    }

    [Fact]
    public void In_the_flat_layout_an_observation_answers_the_call_right_before_it_only()
    {
        const string row = """{"instance_id": "x-1", "test_result": {}, "history": [{"content": "task", "action": "message"}, {"content": "", "observation": "null"}, {"command": "ls", "thought": "look", "action": "run"}, {"content": "a.txt", "exit_code": -1, "observation": "run"}, {"content": "late", "observation": "run"}], "metrics": null, "error": null}""";
        var trace = Assert.Single(ReaderRun.Text(new OpenHandsOutputReader(), row + "\n", "output.jsonl"));
        var action = Assert.Single(trace.Actions);
        Assert.Equal("ls", action.Input);
        Assert.Equal("a.txt", action.Output);
        Assert.Null(action.ExitCode); // -1: unknown
        Assert.Equal("task", trace.Task);
        // The second observation answers nothing: the agent was shown it, so it is kept as such, not dropped.
        Assert.Equal([Role.User, Role.Assistant, Role.Tool, Role.User], trace.Messages.Select(m => m.Role));
        Assert.Equal(MessageKind.Injected, trace.Messages[^1].Kind);
        Assert.Null(trace.NativeOutcome); // an empty test_result says nothing
    }

    [Fact]
    public void A_file_of_another_format_read_as_openhands_is_an_error_naming_the_format()
    {
        var e = Assert.Throws<TraceCurateException>(() => ReaderRun.Text(new OpenHandsReader(), """[{"role": "user", "content": "hi"}]""", "x.json"));
        Assert.Contains("read as 'openhands', the file holds no openhands record", Assert.Single(e.Diagnostics).Message);
        var bad = Assert.Throws<BadRecordException>(() => ReaderRun.Text(new OpenHandsOutputReader(), """{"instance_id": "x"}""" + "\n", "output.jsonl"));
        Assert.Contains("'history'", bad.Message);
    }

    /// <summary>Every sample and corpus file: the OpenHands readers claim their own files only, and no other reader claims them.</summary>
    [CorpusFact]
    public void Only_openhands_files_are_sniffed_as_openhands_and_no_other_reader_claims_them()
    {
        var files = Directory.EnumerateFiles(RepoPaths.Samples(), "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains("dataset-project", StringComparison.Ordinal) && !f.Contains("references", StringComparison.Ordinal))
            .Concat(Directory.EnumerateFiles(CorpusCounts.File(""), "*", SearchOption.AllDirectories)).ToList();
        var seen = 0;
        foreach (var file in files)
        {
            var matching = FormatRegistry.Readers.Where(r => r.Sniff(FormatDetector.ReadHead(file))).Select(r => r.Format).ToList();
            var folder = Path.GetFileName(Path.GetDirectoryName(file));
            string? expected = folder == "openhands-output" || (folder == "openhands" && file.EndsWith(".jsonl", StringComparison.Ordinal)) ? "openhands-output"
                : folder == "openhands" ? "openhands" : null;
            if (expected is null) Assert.True(!matching.Any(f => f.StartsWith("openhands", StringComparison.Ordinal)), $"{file} sniffed as {string.Join(", ", matching)}");
            else
            {
                Assert.True(matching.SequenceEqual([expected]), $"{file} sniffed as {string.Join(", ", matching)}, not {expected} alone");
                seen++;
            }
        }
        Assert.Equal(4, seen); // two samples, two corpus files
    }

    private static int Int(JsonElement counts, string name) => counts.GetProperty(name).GetInt32();

    private static long? Long(JsonElement counts, string name) =>
        counts.GetProperty(name).ValueKind == JsonValueKind.Null ? null : counts.GetProperty(name).GetInt64();
}
