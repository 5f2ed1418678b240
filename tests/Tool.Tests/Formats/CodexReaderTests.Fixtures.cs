using System.Text;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>The Codex reader on tiny hand-written rollouts, one rule of input-formats §5 each.</summary>
public sealed partial class CodexReaderTests
{
    private const string Meta = """{"timestamp":"2026-01-22T10:00:00.000Z","type":"session_meta","payload":{"id":"s-1","timestamp":"2026-01-22T10:00:00.000Z","cwd":"/srv"}}""";

    private static string Call(string id, string command) =>
        $$$"""{"timestamp":"2026-01-22T10:00:01.000Z","type":"response_item","payload":{"type":"function_call","name":"shell_command","arguments":"{\"command\":\"{{{command}}}\"}","call_id":"{{{id}}}"}}""";

    private static string Out(string id, string outputJson) =>
        $$$"""{"timestamp":"2026-01-22T10:00:02.000Z","type":"response_item","payload":{"type":"function_call_output","call_id":"{{{id}}}","output":{{{outputJson}}}}}""";

    private static Trace ParseText(string content, string fileName = "rollout-x.jsonl")
    {
        var file = new InputFile("/data/" + fileName, Reader, ReadOptions.Default);
        return Assert.Single(Reader.Parse(new RawRecord(file, 1, Encoding.UTF8.GetBytes(content)), ReadOptions.Default));
    }

    [Theory]
    [InlineData("\"Exit code: 2\\nWall time: 1.5 seconds\\nOutput:\\nboom\\n\"", 2, 1500)]
    [InlineData("\"{\\\"output\\\":\\\"x\\\",\\\"metadata\\\":{\\\"exit_code\\\":3,\\\"duration_seconds\\\":0.25}}\"", 3, 250)]
    [InlineData("\"Chunk ID: 1\\nWall time: 0.2 seconds\\nProcess exited with code 127\\nOutput:\\nsh: nope: not found\\n\"", 127, 200)]
    [InlineData("\"Exit code: 0\\nWall time: 0.1 seconds\\nOutput:\\nProcess exited with code 9\\n\"", 0, 100)]
    public void The_exit_code_is_read_from_the_output_text_in_the_spec_order(string output, int exit, int ms)
    {
        var trace = ParseText(string.Join('\n', Meta, Call("c1", "x"), Out("c1", output)) + "\n");
        var action = Assert.Single(trace.Actions);
        Assert.Equal(exit, action.ExitCode);
        Assert.Equal(exit != 0, action.Failed);
        Assert.Equal(TimeSpan.FromMilliseconds(ms), action.Duration);
    }

    [Fact]
    public void An_output_with_no_exit_code_is_a_success_with_an_unknown_code()
    {
        var trace = ParseText(string.Join('\n', Meta, Call("c1", "x"), Out("c1", "\"Traceback (most recent call last):\\nKeyError: 1\""), ""));
        var action = Assert.Single(trace.Actions);
        Assert.Null(action.ExitCode);
        Assert.False(action.Failed);
    }

    [Fact]
    public void An_output_given_as_content_items_joins_their_texts()
    {
        var items = """[{"type":"input_text","text":"Exit code: 1"},{"type":"input_image","image_url":"data:x"},{"type":"input_text","text":"more"}]""";
        var trace = ParseText(string.Join('\n', Meta, Call("c1", "x"), Out("c1", items), ""));
        Assert.Equal("Exit code: 1\nmore", trace.Actions[0].Output);
        Assert.True(trace.Actions[0].Failed);
    }

    [Fact]
    public void A_malformed_line_in_the_middle_is_a_bad_record_naming_its_line()
    {
        var content = string.Join('\n', Meta, Call("c1", "x"), "{\"timestamp\": oops", Out("c1", "\"Exit code: 0\""), "");
        var e = Assert.Throws<BadRecordException>(() => ParseText(content));
        Assert.Equal(3, e.Line);
    }

    [Fact]
    public void A_cut_last_line_is_dropped_with_a_warning()
    {
        var content = string.Join('\n', Meta, Call("c1", "x"), Out("c1", "\"Exit code: 0\"")) + "\n{\"timestamp\":\"2026-01-22T10:00:03.000Z\",\"type\":\"event_";
        var trace = ParseText(content);
        Assert.Single(trace.Actions);
        Assert.Contains(trace.Warnings, w => w.Contains("line 4", StringComparison.Ordinal));
    }

    [Fact]
    public void A_field_of_the_wrong_type_names_the_line_it_is_on()
    {
        var bad = """{"timestamp":"2026-01-22T10:00:01.000Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{}","call_id":7}}""";
        var e = Assert.Throws<BadRecordException>(() => ParseText(string.Join('\n', Meta, bad, "")));
        Assert.Equal(2, e.Line);
        Assert.Contains("call_id", e.Message);
    }

    [Fact]
    public void Token_count_pairs_are_counted_once_and_info_null_is_skipped()
    {
        static string Tokens(int input, int cached, int output) =>
            """{"timestamp":"2026-01-22T10:00:05.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":"""
            + $"{{\"input_tokens\":{input},\"cached_input_tokens\":{cached},\"output_tokens\":{output},\"reasoning_output_tokens\":0,\"total_tokens\":0}}}}}}}}";
        const string nullInfo = """{"timestamp":"2026-01-22T10:00:04.000Z","type":"event_msg","payload":{"type":"token_count","info":null}}""";
        var trace = ParseText(string.Join('\n', Meta, nullInfo, Tokens(100, 60, 10), Tokens(100, 60, 10), Tokens(250, 160, 30), Tokens(250, 160, 30), ""));
        Assert.Equal(2, trace.Usage.ApiCalls);
        Assert.Equal(250 - 160, trace.Usage.InputTokens);
        Assert.Equal(160, trace.Usage.CacheReadTokens);
        Assert.Equal(30, trace.Usage.OutputTokens);
        Assert.Null(trace.Usage.CostUsd); // Codex records no cost; unknown is not 0
    }

    [Fact]
    public void A_session_without_token_counts_has_unknown_usage_and_without_meta_takes_the_file_stem_as_id()
    {
        var trace = ParseText(string.Join('\n', Call("c1", "x"), Out("c1", "\"Exit code: 0\""), ""), "rollout-abc.jsonl.gz");
        Assert.Null(trace.Usage.TotalTokens);
        Assert.Equal("rollout-abc", trace.Id);
        Assert.Contains(trace.Warnings, w => w.Contains("session_meta", StringComparison.Ordinal));
    }

    [Fact]
    public void Forks_and_sub_agents_are_linked_to_their_parent()
    {
        const string fork = """{"timestamp":"2026-01-22T10:00:00.000Z","type":"session_meta","payload":{"id":"s-2","forked_from_id":"s-1"}}""";
        const string sub = """{"timestamp":"2026-01-22T10:00:00.000Z","type":"session_meta","payload":{"id":"s-3","source":{"subagent":{"thread_spawn":{"parent_thread_id":"s-1","depth":1}}}}}""";
        var forked = ParseText(fork + "\n");
        var spawned = ParseText(sub + "\n");
        Assert.Equal((TraceKind.Fork, "s-1"), (forked.Kind, forked.ParentId));
        Assert.Equal((TraceKind.Subagent, "s-1"), (spawned.Kind, spawned.ParentId));
    }

    [Fact]
    public void Compacted_history_becomes_a_compaction_summary_message_and_local_shell_calls_are_actions()
    {
        const string compacted = """{"timestamp":"2026-01-22T10:00:03.000Z","type":"compacted","payload":{"message":"Earlier: fixed the lint errors."}}""";
        const string shell = """{"timestamp":"2026-01-22T10:00:04.000Z","type":"response_item","payload":{"type":"local_shell_call","call_id":"ls1","status":"completed","action":{"type":"exec","command":["ls","-la"]}}}""";
        var output = Out("ls1", "\"{\\\"output\\\":\\\"total 0\\\",\\\"metadata\\\":{\\\"exit_code\\\":0}}\"");
        var trace = ParseText(string.Join('\n', Meta, compacted, shell, output, ""));
        Assert.Contains(trace.Messages, m => m.Kind == MessageKind.CompactionSummary && m.Text == "Earlier: fixed the lint errors.");
        var action = Assert.Single(trace.Actions);
        Assert.Equal(("local_shell", "ls1", 0), (action.Name, action.Id, action.ExitCode));
        Assert.Equal("ls", action.Arguments!.Value.GetProperty("command")[0].GetString());
    }

    [Fact]
    public void Event_copies_of_messages_are_not_messages_of_their_own()
    {
        const string user = """{"timestamp":"2026-01-22T10:00:01.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}}""";
        const string userEvent = """{"timestamp":"2026-01-22T10:00:01.000Z","type":"event_msg","payload":{"type":"user_message","message":"hi"}}""";
        const string agentEvent = """{"timestamp":"2026-01-22T10:00:02.000Z","type":"event_msg","payload":{"type":"agent_message","message":"hello"}}""";
        const string agent = """{"timestamp":"2026-01-22T10:00:02.000Z","type":"response_item","payload":{"type":"message","role":"assistant","content":[{"type":"output_text","text":"hello"}]}}""";
        var trace = ParseText(string.Join('\n', Meta, user, userEvent, agentEvent, agent, ""));
        Assert.Equal([Role.User, Role.Assistant], trace.Messages.Select(m => m.Role));
        Assert.Equal("hi", trace.Task);
        Assert.Equal(1, trace.Turns);
    }
}
