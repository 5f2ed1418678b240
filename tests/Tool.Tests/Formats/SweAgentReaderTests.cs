using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The SWE-agent reader on the sample and every <c>.traj</c> of the shared corpus. Step counts and flagged errors come
/// from a plain scan of the raw document with the definition of input-formats §11, and the per-file facts cited there.
/// </summary>
public sealed class SweAgentReaderTests
{
    private static readonly SweAgentReader Reader = new();

    /// <summary>§11's definition of a flagged SWE-agent error, applied to observations only.</summary>
    private static readonly Regex Flagged = new(
        @"^Traceback \(most recent call last\):|Your proposed edit has introduced new syntax error|command not found|^\w+(Error|Exception): ",
        RegexOptions.Multiline | RegexOptions.CultureInvariant);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.EnumerateFiles(RepoPaths.Samples("swe-agent")).Order(StringComparer.Ordinal)) data.Add(f);
        // Demonstrations that hold only history have no trajectory to compare with; SweAgentCorpusCountTests read them.
        foreach (var f in RepoPaths.CorpusFiles("swe-agent", ".traj").Where(HasTrajectory)) data.Add(f);
        return data;
    }

    private static bool HasTrajectory(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        return doc.RootElement.TryGetProperty("trajectory", out _);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Each_file_has_one_action_per_step_and_the_failures_its_observations_flag(string path)
    {
        using var raw = JsonDocument.Parse(File.ReadAllBytes(path));
        var steps = raw.RootElement.GetProperty("trajectory").EnumerateArray().ToList();
        var info = raw.RootElement.GetProperty("info");
        var trace = Assert.Single(ReaderRun.File(Reader, path));

        Assert.Equal(Path.GetFileNameWithoutExtension(path), trace.Id);
        Assert.Equal(steps.Count, trace.Actions.Count);
        Assert.Equal(steps.Count, trace.Turns);
        Assert.Equal(steps.Select(s => s.GetProperty("action").GetString()), trace.Actions.Select(a => a.Input));
        Assert.Equal(steps.Select(s => s.GetProperty("observation").GetString()), trace.Actions.Select(a => a.Output));
        var flagged = steps.Select((s, k) => (k, Flagged.IsMatch(s.GetProperty("observation").GetString()!.Replace("\r\n", "\n"))))
            .Where(x => x.Item2).Select(x => x.k);
        Assert.Equal(flagged, trace.Actions.Where(a => a.Failed).Select(a => a.Index));
        Assert.Equal(info.GetProperty("exit_status").GetString(), trace.NativeOutcome);
        Assert.Equal(info.GetProperty("exit_status").GetString(), trace.Meta("info.exit_status"));
        Assert.Equal(info.GetProperty("submission").GetString(), trace.Meta("info.submission"));
        var stats = info.GetProperty("model_stats");
        Assert.Equal(stats.GetProperty("tokens_sent").GetInt64(), trace.Usage.InputTokens);
        Assert.Equal(stats.GetProperty("tokens_received").GetInt64(), trace.Usage.OutputTokens);
        Assert.Equal(stats.GetProperty("instance_cost").GetDecimal(), trace.Usage.CostUsd);
        Assert.Equal(stats.GetProperty("api_calls").GetInt32(), trace.Usage.ApiCalls);
        Assert.Null(trace.Meta("trajectory")); // the mapped arrays are not copied into metadata
        Assert.Equal(steps.Count, trace.Messages.Count(m => m.Role == Role.Assistant));
    }

    [CorpusFact("swe-agent")]
    public void The_corpus_files_match_the_figures_of_the_spec()
    {
        // input-formats §11: pydicom (0.x) has 12 steps, errors at steps 2, 5, 6, 7, no model name, cost 1.26719;
        // sweagenttestrepo (1.x) has 5 steps, no error, model gpt-4o, 7,141 tokens sent.
        var dir = CorpusCounts.File("swe-agent");
        var pydicom = Assert.Single(ReaderRun.File(Reader, Path.Combine(dir, "pydicom__pydicom-1458.traj")));
        Assert.Equal([2, 5, 6, 7], pydicom.Actions.Where(a => a.Failed).Select(a => a.Index));
        Assert.Equal(["python_exception", "tool_misuse", "tool_misuse", "tool_misuse"], pydicom.Actions.Where(a => a.Failed).Select(a => a.ErrorClass!));
        Assert.Null(pydicom.Model);
        Assert.Equal(1.26719m, pydicom.Usage.CostUsd);
        Assert.Equal("/pydicom__pydicom", pydicom.Cwd); // state is a JSON string in 0.x
        Assert.StartsWith("We're currently solving", pydicom.Task); // after the is_demo demonstration
        Assert.Contains(pydicom.Messages, m => m.Kind == MessageKind.Injected && m.Text!.Contains("demonstration", StringComparison.Ordinal));

        var small = Assert.Single(ReaderRun.File(Reader, Path.Combine(dir, "sweagenttestrepo-1c2844.traj")));
        Assert.Equal(5, small.Actions.Count);
        Assert.DoesNotContain(small.Actions, a => a.Failed);
        Assert.Equal("gpt-4o", small.Model);
        Assert.Equal(7141, small.Usage.InputTokens);
        Assert.Equal(["find_file", "open", "edit", "python3", "submit"], small.Actions.Select(a => a.Name));
        Assert.Equal("call_fJuazlMUN5fQDQ73G6XSpYpx", small.Actions[0].Id); // from history tool_calls
        Assert.Equal("step-4", small.Actions[4].Id); // the final submit has no history entry
    }

    [Fact]
    public void The_sample_fails_once_then_recovers_and_submits()
    {
        var trace = Assert.Single(ReaderRun.File(Reader, RepoPaths.Samples("swe-agent", "example__timekit-17.traj")));
        Assert.Equal([true, false, false, false, false], trace.Actions.Select(a => a.Failed));
        Assert.Equal("submit", trace.Actions[^1].Name);
        Assert.Equal("claude-sonnet-4-20250514", trace.Model);
        Assert.Equal(TimeSpan.FromMilliseconds(410), trace.Actions[0].Duration); // execution_time 0.41
        Assert.Equal("timekit/durations.py", trace.Actions[1].Arguments!.Value.GetProperty("path").GetString());
        Assert.Equal([Role.System, Role.User], trace.Messages.Take(2).Select(m => m.Role));
        Assert.Equal("submitted", trace.NativeOutcome);
    }

    [Fact]
    public void A_demonstration_file_with_only_history_reads_its_steps_from_the_history()
    {
        const string demo = """
            {"history": [
              {"role": "system", "content": "SETTING: demo"},
              {"role": "user", "content": "Fix the bug."},
              {"role": "assistant", "content": "Look first.\nls", "thought": "Look first.", "action": "ls\n"},
              {"role": "user", "content": "bash: lss: command not found"},
              {"role": "assistant", "content": "Submit.", "thought": "Submit.", "action": "submit\n"},
              {"role": "user", "content": "diff --git a/x b/x"}
            ], "info": {}}
            """;
        var trace = Parse(demo, "demo.traj");
        Assert.Equal(["ls", "submit"], trace.Actions.Select(a => a.Name));
        Assert.Equal([true, false], trace.Actions.Select(a => a.Failed));
        Assert.Equal("Fix the bug.", trace.Task);
        Assert.Null(trace.NativeOutcome);
    }

    [Fact]
    public void A_document_that_is_not_an_object_or_not_json_is_a_bad_record_with_its_line()
    {
        Assert.Throws<BadRecordException>(() => Parse("[1, 2]", "x.traj"));
        var e = Assert.Throws<BadRecordException>(() => Parse("{\n  \"trajectory\": [\n    {\"action\": }\n  ]\n}", "y.traj"));
        Assert.Equal(3, e.Line);
    }

    [Theory]
    [InlineData(true, """{"history": [{"role": "system", "content": "SETTING: …", "agent": "main", "message_type": "system_prompt"}]}""")]
    [InlineData(true, """{"history": [{"role": "user", "content": "demo", "is_demo": true}]}""")]
    [InlineData(true, """{"history": [], "info": {"exit_status": "submitted"}}""")]
    [InlineData(true, """{"trajectory": [{"action": "ls", "observation": "a.py", "response": "look"}], "history": []}""")]
    [InlineData(false, """{"history": [{"role": "user", "content": "hi"}]}""")] // a chat history, nothing of SWE-agent's
    [InlineData(false, """{"history": [], "info": {"note": "x"}}""")]
    [InlineData(false, """{"instance_id": "a__b-1", "trajectory": [{"role": "system", "text": "…", "mask": false}]}""")] // a chat dataset row
    public void The_sniff_needs_steps_or_swe_agent_history_entries(bool swe, string json) =>
        Assert.Equal(swe, Reader.Sniff(new FormatHead("x.traj", Encoding.UTF8.GetBytes(json), complete: true)));

    [Fact]
    public void A_document_with_neither_trajectory_nor_history_read_as_swe_agent_is_an_error_naming_the_format()
    {
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => Parse("""{"messages": [{"role": "user", "content": "hi"}]}""", "x.traj"));
        Assert.Contains("read as 'swe-agent', the file holds no swe-agent record", Assert.Single(e.Diagnostics).Message);
    }

    private static Trace Parse(string json, string name)
    {
        var file = new InputFile("/data/" + name, Reader, ReadOptions.Default);
        return Assert.Single(Reader.Parse(new RawRecord(file, 1, Encoding.UTF8.GetBytes(json)), ReadOptions.Default));
    }
}
