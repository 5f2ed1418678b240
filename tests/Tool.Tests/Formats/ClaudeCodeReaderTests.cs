using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;
using Xunit.Abstractions;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The Claude Code reader on the project's sample (samples/claude-code/cart-rounding.jsonl: streamed multi-line
/// responses, a parallel Task call with an inline sidechain, a tool error in each chain, a rejection). Expected figures
/// come from <see cref="RawSessionScan"/> over the raw lines, or are hand-counted as noted.
/// </summary>
public sealed partial class ClaudeCodeReaderTests(ITestOutputHelper output)
{
    private const string SessionId = "7b3e9c1a-5d2f-4e8b-9a61-0c4d8e2f1b37";

    private static readonly string Sample = Path.Combine(RepoPaths.Samples("claude-code"), "cart-rounding.jsonl");

    private static readonly ClaudeCodeReader Reader = new();

    [Fact]
    public void The_sample_gives_the_main_trace_and_one_subagent_trace_linked_to_it()
    {
        var traces = ReaderRun.File(Reader, Sample);
        var root = RawSessionScan.Lines(Sample).First(l => RawSessionScan.True(l, "isSidechain"));
        Assert.Equal([SessionId, SessionId + "#agent=" + RawSessionScan.Str(root, "uuid")], traces.Select(t => t.Id));
        Assert.Equal(TraceKind.Main, traces[0].Kind);
        Assert.Null(traces[0].ParentId);
        Assert.Equal(TraceKind.Subagent, traces[1].Kind);
        Assert.Equal(SessionId, traces[1].ParentId);
        Assert.Equal("toolu_01TaQm8vLz", traces[1].Meta("parentToolUseId"));
        Assert.All(traces[1].Messages, m => Assert.True(m.IsSidechain));
        Assert.All(traces[0].Messages, m => Assert.False(m.IsSidechain));
        Assert.StartsWith("List every function under src/", traces[1].Task);
    }

    [Fact]
    public void Each_chain_has_one_action_per_tool_use_block_of_its_lines()
    {
        var blocks = RawSessionScan.Blocks(Sample).Where(x => RawSessionScan.Str(x.Block, "type") == "tool_use").ToList();
        var main = blocks.Where(x => !RawSessionScan.True(x.Line, "isSidechain")).Select(x => RawSessionScan.Str(x.Block, "id")).ToList();
        var side = blocks.Where(x => RawSessionScan.True(x.Line, "isSidechain")).Select(x => RawSessionScan.Str(x.Block, "id")).ToList();
        var traces = ReaderRun.File(Reader, Sample);
        Assert.Equal((8, 2), (main.Count, side.Count)); // hand count of the sample
        Assert.Equal(main, traces[0].Actions.Select(a => a.Id));
        Assert.Equal(side, traces[1].Actions.Select(a => a.Id));
        Assert.All(traces.SelectMany(t => t.Actions), a => Assert.NotNull(a.Output));
    }

    [Fact]
    public void Failed_is_is_error_true_except_the_rejection()
    {
        var flagged = RawSessionScan.Blocks(Sample).Where(x => RawSessionScan.Str(x.Block, "type") == "tool_result" && RawSessionScan.True(x.Block, "is_error")).ToList();
        var rejections = flagged.Count(x => RawSessionScan.ContentText(x.Block).StartsWith("The user doesn't want to proceed", StringComparison.Ordinal));
        var traces = ReaderRun.File(Reader, Sample);
        var actions = traces.SelectMany(t => t.Actions).ToList();
        Assert.Equal((3, 1), (flagged.Count, rejections));
        Assert.Equal(flagged.Count, actions.Count(a => a.NativeIsError == true));
        Assert.Equal(flagged.Count - rejections, actions.Count(a => a.Failed));
        Assert.Equal(["toolu_01GgYz9dEf"], traces[0].Actions.Where(a => a.Failed).Select(a => a.Id));
        Assert.Equal(["toolu_01ScPd5zSb"], traces[1].Actions.Where(a => a.Failed).Select(a => a.Id));
        var rejected = Assert.Single(actions, a => a.Rejected);
        Assert.Equal(("toolu_01EeWx7bCd", "rejected", false), (rejected.Id, rejected.ErrorClass, rejected.Interrupted));
        Assert.All(actions.Where(a => a.NativeIsError == false), a => Assert.False(a.Failed));
    }

    [Fact]
    public void The_exit_code_is_read_from_a_leading_exit_code_line_only()
    {
        var main = ReaderRun.File(Reader, Sample)[0];
        Assert.Equal(1, main.Actions.Single(a => a.Id == "toolu_01GgYz9dEf").ExitCode);
        Assert.Null(main.Actions.Single(a => a.Id == "toolu_01JjAb1fGh").ExitCode);
    }

    [Fact]
    public void Streamed_lines_of_one_response_merge_into_one_assistant_message_and_turn()
    {
        var ids = RawSessionScan.Lines(Sample).Where(l => RawSessionScan.Str(l, "type") == "assistant" && !RawSessionScan.True(l, "isSidechain"))
            .Select(l => RawSessionScan.Str(l.GetProperty("message"), "id")).ToList();
        var main = ReaderRun.File(Reader, Sample)[0];
        var assistants = main.Messages.Where(m => m.Role == Role.Assistant).ToList();
        Assert.True(ids.Count > ids.Distinct().Count()); // the sample really streams some responses over several lines
        Assert.Equal(ids.Distinct().Count(), assistants.Count);
        Assert.Equal(ids.Distinct().Count(), main.Turns);
        var first = assistants[0];
        Assert.Equal(["Grep", "Task"], first.ToolCalls.Select(c => c.Name));
        Assert.StartsWith("I'll look at how the cart total", first.Text);
        Assert.Equal("tool_use", first.StopReason);
        Assert.Equal(Enumerable.Range(1, assistants.Count), assistants.Select(m => m.Turn));
        Assert.StartsWith("The sum is computed in floating point", assistants[1].Thinking);
    }

    [Fact]
    public void Usage_is_counted_once_per_response_with_the_largest_output_and_no_cost()
    {
        var traces = ReaderRun.File(Reader, Sample);
        var lines = RawSessionScan.Lines(Sample).Where(l => RawSessionScan.Str(l, "type") == "assistant").ToList();
        foreach (var (trace, side) in new[] { (traces[0], false), (traces[1], true) })
        {
            var mine = lines.Where(l => RawSessionScan.True(l, "isSidechain") == side).ToList();
            var perResponse = mine.GroupBy(l => (RawSessionScan.Str(l.GetProperty("message"), "id"), RawSessionScan.Str(l, "requestId")))
                .Select(g => (First: g.First().GetProperty("message").GetProperty("usage"), Output: g.Max(l => RawSessionScan.Long(l.GetProperty("message").GetProperty("usage"), "output_tokens"))))
                .ToList();
            Assert.Equal(perResponse.Sum(r => RawSessionScan.Long(r.First, "input_tokens")), trace.Usage.InputTokens);
            Assert.Equal(perResponse.Sum(r => RawSessionScan.Long(r.First, "cache_read_input_tokens")), trace.Usage.CacheReadTokens);
            Assert.Equal(perResponse.Sum(r => RawSessionScan.Long(r.First, "cache_creation_input_tokens")), trace.Usage.CacheWriteTokens);
            Assert.Equal(perResponse.Sum(r => r.Output), trace.Usage.OutputTokens);
            Assert.Equal(perResponse.Count, trace.Usage.ApiCalls);
            Assert.Null(trace.Usage.CostUsd);
            Assert.True(trace.Usage.Approximate);
        }
        var perLine = lines.Where(l => !RawSessionScan.True(l, "isSidechain")).Sum(l => RawSessionScan.Long(l.GetProperty("message").GetProperty("usage"), "cache_read_input_tokens"));
        Assert.True(traces[0].Usage.CacheReadTokens < perLine);
    }

    [Fact]
    public void Trace_level_fields_come_from_the_envelope_and_the_path()
    {
        var main = ReaderRun.File(Reader, Sample)[0];
        Assert.Equal("claude-code", main.Format);
        Assert.Equal("claude-sonnet-4-20250514", main.Model);
        Assert.Equal("/home/ana/shop", main.Cwd);
        Assert.Equal("the cart total is off by a cent for 3 x 19.99; find out why and fix it", main.Task);
        Assert.Equal("end_turn", main.NativeOutcome);
        Assert.Equal("1.0.108", main.Meta("version"));
        Assert.Equal("Fix cart total rounding", main.Meta("summaries.0"));
        var first = RawSessionScan.Lines(Sample).Where(l => RawSessionScan.Str(l, "timestamp") is not null && !RawSessionScan.True(l, "isSidechain"))
            .Select(l => DateTimeOffset.Parse(RawSessionScan.Str(l, "timestamp")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(first.Min(), main.StartedAt);
        Assert.Equal(first.Max() - first.Min(), main.Duration);
        Assert.Empty(main.Warnings);
    }
}
