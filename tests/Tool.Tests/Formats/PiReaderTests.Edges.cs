using TraceCurate.Diagnostics;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>The Pi reader on tiny hand-written sessions: versions, bad lines, settings, forks and odd entries.</summary>
public sealed partial class PiReaderTests
{
    private const string V3Header = """{"type":"session","version":3,"id":"s1","timestamp":"2026-02-10T08:00:00.000Z","cwd":"/w"}""";

    private static string Entry(string id, string? parent, string message) =>
        $$"""{"type":"message","id":"{{id}}","parentId":{{(parent is null ? "null" : $"\"{parent}\"")}},"timestamp":"2026-02-10T08:00:01.000Z","message":{{message}}}""";

    private const string UserHi = """{"role":"user","content":"hi","timestamp":1}""";

    private const string CallLs = """{"role":"assistant","content":[{"type":"toolCall","id":"c1","name":"bash","arguments":{"command":"ls"}}],"provider":"p","model":"m","usage":{"input":1,"output":2,"cacheRead":0,"cacheWrite":0,"cost":{"total":0.5}},"stopReason":"toolUse","timestamp":2}""";

    [Fact]
    public void A_bad_line_in_the_middle_names_its_line_in_the_file()
    {
        var text = string.Join("\n", V3Header, Entry("a", null, UserHi), "{\"type\":\"message\",", Entry("b", "a", UserHi)) + "\n";
        var e = Assert.Throws<BadRecordException>(() => ReaderRun.Text(Reader, text));
        Assert.Equal(3, e.Line);
        Assert.Contains("invalid JSON", e.Message);
    }

    [Fact]
    public void A_field_of_the_wrong_type_names_the_line_of_its_entry()
    {
        var text = string.Join("\n", V3Header, Entry("a", null, UserHi), Entry("b", "a", """{"role":"toolResult","toolCallId":7}""")) + "\n";
        var e = Assert.Throws<BadRecordException>(() => ReaderRun.Text(Reader, text));
        Assert.Equal(3, e.Line);
        Assert.Contains("toolCallId", e.Message);
    }

    [Fact]
    public void A_truncated_last_line_is_skipped_with_a_warning_on_the_trace()
    {
        var text = string.Join("\n", V3Header, Entry("a", null, UserHi), Entry("b", "a", CallLs), """{"type":"message","id":"c","parentId":"b","timest""");
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        Assert.Single(trace.Actions);
        Assert.Null(trace.Actions[0].Output);
        Assert.Equal("no_result", trace.Actions[0].ErrorClass);
        Assert.False(trace.Actions[0].Failed);
        Assert.Contains(trace.Warnings, w => w.StartsWith("line 4:", StringComparison.Ordinal) && w.Contains("truncated"));
    }

    [Fact]
    public void A_file_whose_first_line_is_not_a_header_is_no_pi_file_and_the_error_says_so()
    {
        // Not a bad record to skip: nothing in the file is Pi's, so reading it (with a forced format) is the error.
        var e = Assert.Throws<TraceCurateException>(() => ReaderRun.Text(Reader, Entry("a", null, UserHi) + "\n"));
        Assert.Equal("TC0006", Assert.Single(e.Diagnostics).Code);
        Assert.Contains("read as 'pi', the file holds no pi record", e.Message);
    }

    [Fact]
    public void An_unknown_branches_value_is_a_recipe_error()
    {
        var e = Assert.Throws<TraceCurateException>(() => ReaderRun.Text(Reader, V3Header + "\n", settings: ("branches", "some")));
        Assert.Contains("'branches' must be 'active' or 'all'", e.Message);
    }

    [Fact]
    public void Version_1_entries_get_line_ids_and_link_in_file_order()
    {
        var v1 = string.Join("\n",
            """{"type":"session","id":"old","timestamp":"2025-01-01T00:00:05.000Z","cwd":"/w","provider":"anthropic","modelId":"claude-x"}""",
            """{"type":"message","timestamp":"2025-01-01T00:00:01.000Z","message":{"role":"user","content":[{"type":"text","text":"go"}],"timestamp":1}}""",
            """{"type":"compaction","timestamp":"2025-01-01T00:00:02.000Z","summary":"earlier work","firstKeptEntryIndex":1,"tokensBefore":10}""",
            """{"type":"message","timestamp":"2025-01-01T00:00:03.000Z","message":{"role":"hookMessage","customType":"x","content":"injected","display":true,"timestamp":3}}""") + "\n";
        var traces = ReaderRun.Text(Reader, v1, settings: ("branches", "all"));
        var trace = Assert.Single(traces);
        Assert.Equal("old#leaf=L4", trace.Id);
        Assert.Equal([MessageKind.Normal, MessageKind.CompactionSummary, MessageKind.Custom], trace.Messages.Select(m => m.Kind));
        Assert.Equal(["anthropic/claude-x"], trace.Models);
        Assert.Equal(DateTimeOffset.Parse("2025-01-01T00:00:01Z", System.Globalization.CultureInfo.InvariantCulture), trace.StartedAt);
        Assert.Equal(TimeSpan.FromSeconds(4), trace.Duration);
    }

    [Fact]
    public void A_forked_session_points_at_its_parent_file()
    {
        var header = """{"type":"session","version":3,"id":"f","timestamp":"2026-02-10T08:00:00.000Z","cwd":"/w","parentSession":"/home/a/.pi/s.jsonl"}""";
        var trace = Assert.Single(ReaderRun.Text(Reader, header + "\n" + Entry("a", null, UserHi) + "\n"));
        Assert.Equal(TraceKind.Fork, trace.Kind);
        Assert.Equal("/home/a/.pi/s.jsonl", trace.ParentId);
    }

    [Fact]
    public void A_user_bash_command_is_a_command_message_and_not_an_action()
    {
        var bash = """{"role":"bashExecution","command":"git status","output":"clean","exitCode":0,"cancelled":false,"truncated":false,"timestamp":3}""";
        var text = string.Join("\n", V3Header, Entry("a", null, UserHi), Entry("b", "a", bash)) + "\n";
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        Assert.Empty(trace.Actions);
        var command = Assert.Single(trace.Messages, m => m.Kind == MessageKind.Command);
        Assert.Equal("!git status\nclean", command.Text);
    }

    [Fact]
    public void A_blocked_call_is_rejected_and_a_result_without_a_call_is_a_warning()
    {
        var blocked = """{"role":"toolResult","toolCallId":"c1","toolName":"bash","content":[{"type":"text","text":"Tool execution was blocked: rm -rf"}],"isError":true,"timestamp":3}""";
        var stray = """{"role":"toolResult","toolCallId":"zz","toolName":"bash","content":[{"type":"text","text":"?"}],"isError":false,"timestamp":4}""";
        var text = string.Join("\n", V3Header, Entry("a", null, UserHi), Entry("b", "a", CallLs), Entry("c", "b", blocked), Entry("d", "c", stray)) + "\n";
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        var action = Assert.Single(trace.Actions);
        Assert.True(action.Rejected);
        Assert.False(action.Failed);
        Assert.Equal("hook_block", action.ErrorClass);
        Assert.Contains(trace.Warnings, w => w.Contains("'zz'"));
        Assert.Equal(0.5m, trace.Usage.CostUsd);
    }
}
