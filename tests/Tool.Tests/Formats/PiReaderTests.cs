using Xunit.Abstractions;
using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The Pi reader on the project's own sample (samples/pi/fix-grid-snap.jsonl: a v3 session with a branch, a compaction,
/// tool errors, a skipped call and an abort). Expected figures come from walking the raw file's parentId links with
/// plain JSON scanning (<see cref="ActivePath"/>), or are hand-counted from the sample as noted.
/// </summary>
public sealed partial class PiReaderTests(ITestOutputHelper output)
{
    private static readonly string Sample = Path.Combine(RepoPaths.Samples("pi"), "fix-grid-snap.jsonl");

    private static readonly PiReader Reader = new();

    [Fact]
    public void The_sample_reads_as_one_trace_on_the_active_path_with_the_header_id()
    {
        var traces = ReaderRun.File(Reader, Sample);
        var trace = Assert.Single(traces);
        Assert.Equal("9d1e7c20-6a4b-4f0e-8c3d-55b2a1f0e9aa", trace.Id);
        Assert.Equal("pi", trace.Format);
        Assert.Equal("/home/ana/geo", trace.Cwd);
        Assert.Equal(TraceKind.Main, trace.Kind);
    }

    [Fact]
    public void Actions_are_the_tool_calls_on_the_active_path_joined_with_their_results_by_id()
    {
        var path = ActivePath(Sample);
        var calls = path.Where(IsAssistant).SelectMany(e => Content(e).Where(b => RawSessionScan.Str(b, "type") == "toolCall"))
            .Select(b => RawSessionScan.Str(b, "id")).ToList();
        var trace = ReaderRun.File(Reader, Sample).Single();
        Assert.Equal(9, calls.Count); // hand count: 7 calls before the branch point, 2 after; the abandoned commit call is off the path
        Assert.Equal(calls, trace.Actions.Select(a => a.Id));
        Assert.Equal(Enumerable.Range(0, calls.Count), trace.Actions.Select(a => a.Index));
        Assert.All(trace.Actions, a => Assert.NotNull(a.Output));
        Assert.DoesNotContain(trace.Actions, a => a.Id == "toolu_01Yh8");
    }

    [Fact]
    public void Failed_counts_isError_results_except_the_abort_and_the_skipped_call()
    {
        var path = ActivePath(Sample);
        var flagged = path.Where(e => RoleOf(e) == "toolResult" && RawSessionScan.True(e.GetProperty("message"), "isError")).ToList();
        var harness = flagged.Count(e => RawSessionScan.ContentText(e.GetProperty("message")) is var t
            && (t.EndsWith("Command aborted", StringComparison.Ordinal) || t.StartsWith("Skipped due to queued user message", StringComparison.Ordinal)));
        var trace = ReaderRun.File(Reader, Sample).Single();
        Assert.Equal(4, flagged.Count);
        Assert.Equal(flagged.Count, trace.Actions.Count(a => a.NativeIsError == true));
        Assert.Equal(flagged.Count - harness, trace.Actions.Count(a => a.Failed));
        Assert.Equal(new[] { "toolu_01Ra7", "toolu_01Tc3" }, trace.Actions.Where(a => a.Failed).Select(a => a.Id));
        Assert.Equal(new[] { "toolu_01Wf6", "toolu_01Xg7" }, trace.Actions.Where(a => a.Interrupted).Select(a => a.Id));
        Assert.Equal("skipped", trace.Actions.Single(a => a.Id == "toolu_01Wf6").ErrorClass);
        Assert.Equal("interrupted", trace.Actions.Single(a => a.Id == "toolu_01Xg7").ErrorClass);
    }

    [Fact]
    public void The_exit_code_comes_from_the_trailing_command_exited_line_only()
    {
        var trace = ReaderRun.File(Reader, Sample).Single();
        Assert.Equal(1, trace.Actions.Single(a => a.Id == "toolu_01Ra7").ExitCode);
        Assert.Null(trace.Actions.Single(a => a.Id == "toolu_01Ve5").ExitCode); // success: pi writes no exit line
        Assert.Null(trace.Actions.Single(a => a.Id == "toolu_01Tc3").ExitCode);
    }

    [Fact]
    public void Compaction_and_branch_summary_entries_become_messages_of_their_kind()
    {
        var trace = ReaderRun.File(Reader, Sample).Single();
        var compaction = Assert.Single(trace.Messages, m => m.Kind == MessageKind.CompactionSummary);
        Assert.StartsWith("The user asked to fix TestSnap", compaction.Text);
        var branch = Assert.Single(trace.Messages, m => m.Kind == MessageKind.BranchSummary);
        Assert.StartsWith("Committed the Snap fix", branch.Text);
        Assert.True(trace.Messages.ToList().IndexOf(compaction) < trace.Messages.ToList().IndexOf(branch));
    }

    [Fact]
    public void Usage_and_cost_are_summed_over_the_assistant_messages_on_the_path()
    {
        var usages = ActivePath(Sample).Where(IsAssistant).Select(e => e.GetProperty("message").GetProperty("usage")).ToList();
        var trace = ReaderRun.File(Reader, Sample).Single();
        Assert.Equal(usages.Sum(u => RawSessionScan.Long(u, "input")), trace.Usage.InputTokens);
        Assert.Equal(usages.Sum(u => RawSessionScan.Long(u, "output")), trace.Usage.OutputTokens);
        Assert.Equal(usages.Sum(u => RawSessionScan.Long(u, "cacheRead")), trace.Usage.CacheReadTokens);
        Assert.Equal(usages.Sum(u => RawSessionScan.Long(u, "cacheWrite")), trace.Usage.CacheWriteTokens);
        Assert.Equal(usages.Sum(u => u.GetProperty("cost").GetProperty("total").GetDecimal()), trace.Usage.CostUsd);
        Assert.Equal(usages.Count, trace.Usage.ApiCalls);
        Assert.Equal(usages.Count, trace.Turns);
        Assert.False(trace.Usage.Approximate);
    }

    [Fact]
    public void Trace_level_fields_come_from_the_header_and_the_path()
    {
        var trace = ReaderRun.File(Reader, Sample).Single();
        Assert.Equal("anthropic/claude-sonnet-4-5", trace.Model);
        Assert.Equal(["anthropic/claude-sonnet-4-5"], trace.Models);
        Assert.Equal("go test fails in ./pkg/grid, fix it", trace.Task);
        Assert.Equal(DateTimeOffset.Parse("2026-02-10T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture), trace.StartedAt);
        Assert.Equal("stop", trace.NativeOutcome);
        Assert.Equal("Fix grid Snap for negative values", trace.Meta("title"));
        Assert.Equal("3", trace.Meta("version"));
        Assert.Contains("thinking_level_change", trace.Meta("events"));
        Assert.Empty(trace.Warnings);
        var aborted = trace.Messages.Last(m => m.Role == Role.Assistant && m.StopReason == "aborted");
        Assert.Null(aborted.Text);
        Assert.Contains(trace.Messages, m => m.Thinking?.StartsWith("Snap rounds toward zero", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void Branches_all_gives_one_trace_per_leaf_with_the_leaf_in_the_id()
    {
        var traces = ReaderRun.File(Reader, Sample, ("branches", "all"));
        Assert.Equal(
            ["9d1e7c20-6a4b-4f0e-8c3d-55b2a1f0e9aa#leaf=e8f9a0b1", "9d1e7c20-6a4b-4f0e-8c3d-55b2a1f0e9aa#leaf=a7b9c1d3"],
            traces.Select(t => t.Id));
        var abandoned = traces[0];
        Assert.Contains(abandoned.Actions, a => a.Id == "toolu_01Yh8");
        Assert.DoesNotContain(abandoned.Messages, m => m.Kind == MessageKind.BranchSummary);
        Assert.Equal(8, abandoned.Actions.Count); // 7 shared calls + the commit
        Assert.Equal(ReaderRun.File(Reader, Sample).Single().Actions.Select(a => a.Id), traces[1].Actions.Select(a => a.Id));
    }

    /// <summary>Entries from the last one back to the root by parentId, root first: the spec's active path, computed apart from the reader.</summary>
    internal static List<JsonElement> ActivePath(string path)
    {
        var entries = RawSessionScan.Lines(path).Skip(1).ToList();
        var byId = entries.ToDictionary(e => RawSessionScan.Str(e, "id")!);
        var result = new List<JsonElement>();
        for (var e = entries[^1]; ; e = byId[RawSessionScan.Str(e, "parentId")!])
        {
            result.Insert(0, e);
            if (RawSessionScan.Str(e, "parentId") is null) break;
        }
        return result;
    }

    private static string? RoleOf(JsonElement entry) =>
        RawSessionScan.Str(entry, "type") == "message" ? RawSessionScan.Str(entry.GetProperty("message"), "role") : null;

    private static bool IsAssistant(JsonElement entry) => RoleOf(entry) == "assistant";

    private static IEnumerable<JsonElement> Content(JsonElement entry) =>
        entry.GetProperty("message").GetProperty("content").EnumerateArray();
}
