using TraceCurate.Diagnostics;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>The Claude Code reader on tiny hand-written sessions: rewinds, compaction, interrupts, bad lines, odd shapes.</summary>
public sealed partial class ClaudeCodeReaderTests
{
    private static string Line(string type, string uuid, string? parent, string message, string extra = "", string session = "s1", bool sidechain = false) =>
        $$"""{"parentUuid":{{(parent is null ? "null" : $"\"{parent}\"")}},"isSidechain":{{(sidechain ? "true" : "false")}},"sessionId":"{{session}}","cwd":"/w","version":"2.0.40","type":"{{type}}","uuid":"{{uuid}}","timestamp":"2026-01-20T09:00:0{{uuid.Length % 10}}.000Z","message":{{message}}{{extra}}}""";

    private static string Prompt(string text) => $$"""{"role":"user","content":"{{text}}"}""";

    private static string Use(string msgId, string callId, int output = 5, string model = "claude-x") =>
        $$$"""{"id":"{{{msgId}}}","type":"message","role":"assistant","model":"{{{model}}}","content":[{"type":"tool_use","id":"{{{callId}}}","name":"Bash","input":{"command":"ls"}}],"stop_reason":null,"usage":{"input_tokens":3,"cache_creation_input_tokens":10,"cache_read_input_tokens":100,"output_tokens":{{{output}}}}}""";

    private static string Say(string msgId, string text, string model = "claude-x") =>
        $$$"""{"id":"{{{msgId}}}","type":"message","role":"assistant","model":"{{{model}}}","content":[{"type":"text","text":"{{{text}}}"}],"stop_reason":"end_turn","usage":{"input_tokens":1,"cache_creation_input_tokens":0,"cache_read_input_tokens":50,"output_tokens":2}}""";

    private static string Result(string callId, string text, bool? isError = null) =>
        $$"""{"role":"user","content":[{"type":"tool_result","tool_use_id":"{{callId}}","content":"{{text}}"{{(isError is { } e ? $",\"is_error\":{(e ? "true" : "false")}" : "")}}}]}""";

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    [Fact]
    public void A_rewound_branch_is_left_out_of_the_messages_but_counted_for_the_user_and_in_usage()
    {
        var text = Lines(
            Line("user", "u1", null, Prompt("first try")),
            Line("assistant", "a1", "u1", Use("m1", "t1")),
            Line("user", "r1", "a1", Result("t1", "old")),
            Line("user", "u2", null, Prompt("second try")),
            Line("assistant", "a2", "u2", Use("m2", "t2")),
            Line("user", "r2", "a2", Result("t2", "new")));
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        Assert.Equal(["t2"], trace.Actions.Select(a => a.Id));
        Assert.Equal("second try", trace.Task);
        // The abandoned response was paid for: usage counts both responses, once each; the messages hold only the path.
        Assert.Equal(2, trace.Usage.ApiCalls);
        Assert.Equal(1, trace.Messages.Count(m => m.Role == Role.Assistant));
        Assert.Equal(("3", "1", "1", "1"), (trace.Meta("abandoned.lines"), trace.Meta("abandoned.toolCalls"), trace.Meta("abandoned.responses"), trace.Meta("abandoned.userMessages")));
        Assert.Contains(trace.Warnings, w => w.StartsWith("3 line(s) on branches the session abandoned", StringComparison.Ordinal));
    }

    [Fact]
    public void A_compaction_boundary_continues_through_its_logical_parent()
    {
        var boundary = """{"parentUuid":null,"logicalParentUuid":"r1","isSidechain":false,"sessionId":"s1","type":"system","subtype":"compact_boundary","uuid":"cb","timestamp":"2026-01-20T09:00:05.000Z","content":"Conversation compacted","compactMetadata":{"trigger":"auto","preTokens":160000}}""";
        var text = Lines(
            Line("user", "u1", null, Prompt("go")),
            Line("assistant", "a1", "u1", Use("m1", "t1")),
            Line("user", "r1", "a1", Result("t1", "ok")),
            boundary,
            Line("user", "cs", "cb", Prompt("This session is being continued from a previous conversation."), ""","isCompactSummary":true"""),
            Line("assistant", "a2", "cs", Say("m2", "done")));
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        Assert.Equal(["t1"], trace.Actions.Select(a => a.Id));
        Assert.Equal(MessageKind.CompactionSummary, trace.Messages.Single(m => m.Text?.StartsWith("This session", StringComparison.Ordinal) == true).Kind);
        Assert.Equal("1", trace.Meta("compactions"));
        Assert.Equal("go", trace.Task);
    }

    [Fact]
    public void Parallel_results_whose_parent_is_not_the_previous_line_are_still_joined()
    {
        var twoCalls = Use("m1", "t1").Replace("""{"command":"ls"}}]""", """{"command":"ls"}},{"type":"tool_use","id":"t2","name":"Read","input":{"file_path":"/w/a"}}]""");
        var text = Lines(
            Line("user", "u1", null, Prompt("go")),
            Line("assistant", "a1", "u1", twoCalls),
            Line("user", "r2", "a1", Result("t2", "file")),
            Line("user", "r1", "a1", Result("t1", "listing")),
            Line("assistant", "a2", "r1", Say("m2", "done")));
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        Assert.Equal(["listing", "file"], trace.Actions.Select(a => a.Output));
        Assert.Empty(trace.Warnings);
    }

    [Fact]
    public void An_interrupt_marker_makes_the_turns_unanswered_and_rejected_calls_interrupted()
    {
        var text = Lines(
            Line("user", "u1", null, Prompt("go")),
            Line("assistant", "a1", "u1", Use("m1", "t1")),
            Line("user", "r1", "a1", Result("t1", "The user doesn't want to proceed with this tool use. The tool use was rejected.", true)),
            Line("user", "i1", "r1", """{"role":"user","content":[{"type":"text","text":"[Request interrupted by user for tool use]"}]}"""));
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        var action = Assert.Single(trace.Actions);
        Assert.Equal((true, false, false, "interrupted"), (action.Interrupted, action.Rejected, action.Failed, action.ErrorClass));
        Assert.Equal("interrupted", trace.NativeOutcome);
        Assert.Equal(MessageKind.Meta, trace.Messages[^1].Kind);
        Assert.Equal("go", trace.Task);
    }

    [Fact]
    public void A_bash_result_flagged_interrupted_is_not_a_failure()
    {
        var text = Lines(
            Line("user", "u1", null, Prompt("go")),
            Line("assistant", "a1", "u1", Use("m1", "t1")),
            Line("user", "r1", "a1", Result("t1", "partial output", true), ""","toolUseResult":{"stdout":"partial output","stderr":"","interrupted":true,"isImage":false}"""));
        var action = Assert.Single(Assert.Single(ReaderRun.Text(Reader, text)).Actions);
        Assert.Equal((true, false), (action.Interrupted, action.Failed));
    }

    [Fact]
    public void Synthetic_messages_count_for_neither_models_nor_usage()
    {
        var text = Lines(
            Line("user", "u1", null, Prompt("go")),
            Line("assistant", "a1", "u1", Say("m1", "No response requested.", "<synthetic>")),
            Line("assistant", "a2", "a1", Say("m2", "hello")));
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        Assert.Equal(["claude-x"], trace.Models);
        Assert.Equal(1, trace.Usage.ApiCalls);
        Assert.Equal(2, trace.Turns);
    }

    [Fact]
    public void A_file_with_two_session_ids_gives_one_trace_per_session()
    {
        var text = Lines(
            Line("user", "u1", null, Prompt("one"), session: "A"),
            Line("user", "u2", null, Prompt("two"), session: "B"));
        Assert.Equal(["A", "B"], ReaderRun.Text(Reader, text).Select(t => t.Id));
    }

    [Fact]
    public void A_bad_line_in_the_middle_names_its_line_and_a_cut_last_line_is_a_warning()
    {
        var good = Line("user", "u1", null, Prompt("go"));
        var bad = Assert.Throws<BadRecordException>(() => ReaderRun.Text(Reader, Lines(good, "{\"type\":", Line("assistant", "a1", "u1", Say("m1", "x")))));
        Assert.Equal(2, bad.Line);
        var trace = Assert.Single(ReaderRun.Text(Reader, good + "\n" + Line("assistant", "a1", "u1", Say("m1", "x"))[..40]));
        Assert.Contains(trace.Warnings, w => w.StartsWith("line 2:", StringComparison.Ordinal));
        Assert.Equal(0, trace.Turns);
    }

    [Fact]
    public void A_bad_field_names_its_line_and_a_bad_setting_is_a_recipe_error()
    {
        var text = Lines(Line("user", "u1", null, Prompt("go")), Line("assistant", "a1", "u1", """{"id":"m1","role":"assistant","content":[{"type":"tool_use","id":5}]}"""));
        Assert.Equal(2, Assert.Throws<BadRecordException>(() => ReaderRun.Text(Reader, text)).Line);
        var e = Assert.Throws<TraceCurateException>(() => ReaderRun.Text(Reader, text, settings: ("warmup", "yes")));
        Assert.Contains("'warmup' must be 'skip' or 'include'", e.Message);
    }

    [Fact]
    public void A_system_reminder_the_harness_adds_is_injected_and_not_the_task()
    {
        var text = Lines(
            Line("user", "u0", null, Prompt("<system-reminder>Todo list is empty</system-reminder>")),
            Line("user", "u1", "u0", Prompt("rename foo to bar")),
            Line("assistant", "a1", "u1", Say("m1", "done")));
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        Assert.Equal([MessageKind.Injected, MessageKind.Normal], trace.Messages.Where(m => m.Role == Role.User).Select(m => m.Kind));
        Assert.Equal("rename foo to bar", trace.Task);
    }
}
