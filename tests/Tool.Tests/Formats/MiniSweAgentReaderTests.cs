using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The mini-swe-agent reader (input-formats §7) on the sample, whose figures are recounted from the raw messages here,
/// and on hand-written bare-array files like the project's own test data.
/// </summary>
public sealed class MiniSweAgentReaderTests
{
    private static readonly MiniSweAgentReader Reader = new();

    [Fact]
    public void The_sample_has_one_action_per_bash_block_and_fails_where_the_return_code_is_not_zero()
    {
        var path = RepoPaths.Samples("mini-swe-agent", "wordcount-tie.traj.json");
        using var raw = JsonDocument.Parse(File.ReadAllBytes(path));
        var messages = raw.RootElement.GetProperty("messages").EnumerateArray().ToList();
        var blocks = messages.Where(m => m.GetProperty("role").GetString() == "assistant")
            .Select(m => Regex.Match(m.GetProperty("content").GetString()!, "```bash\n(.*?)\n```", RegexOptions.Singleline))
            .Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();
        var codes = messages.Select(m => Regex.Match(m.GetProperty("content").GetString()!, "<returncode>(-?[0-9]+)</returncode>"))
            .Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();

        var trace = Assert.Single(ReaderRun.File(Reader, path));
        Assert.Equal("wordcount-tie", trace.Id); // .traj.json stripped
        Assert.Equal(blocks, trace.Actions.Select(a => a.Input));
        Assert.Equal(codes, trace.Actions.Select(a => a.ExitCode ?? -99));
        Assert.Equal(codes.Select(c => c != 0), trace.Actions.Select(a => a.Failed));
        var info = raw.RootElement.GetProperty("info");
        Assert.Equal(info.GetProperty("exit_status").GetString(), trace.NativeOutcome);
        Assert.Equal(info.GetProperty("model_stats").GetProperty("instance_cost").GetDecimal(), trace.Usage.CostUsd);
        Assert.Equal("anthropic/claude-sonnet-4-5-20250929", trace.Model);
        Assert.Equal(info.GetProperty("submission").GetString(), trace.Meta("info.submission"));
        Assert.StartsWith("Please solve this issue", trace.Task);
        Assert.Equal(blocks.Count, trace.Turns);
    }

    [Fact]
    public void A_bare_array_reads_the_bash_block_and_the_returncode_tag_and_feedback_is_injected()
    {
        const string json = """
            [
              {"role": "system", "content": "You are a helpful assistant."},
              {"role": "user", "content": "Please solve this issue: x"},
              {"role": "assistant", "content": "Look.\n\n```bash\ncat missing.py\n```"},
              {"role": "user", "content": "<returncode>1</returncode>\n<output>\ncat: missing.py: No such file or directory\n</output>"},
              {"role": "assistant", "content": "I will just think."},
              {"role": "user", "content": "Please always provide EXACTLY ONE action in triple backticks."},
              {"role": "assistant", "content": "Run it.\n\n```bash\nsleep 999\n```"},
              {"role": "user", "content": "<returncode>-1</returncode>\n<output>\n</output>"},
              {"role": "assistant", "content": "Done.\n\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT\n```"}
            ]
            """;
        var trace = Parse(json, "local.traj.json");
        Assert.Equal(["cat missing.py", "sleep 999", "echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT"], trace.Actions.Select(a => a.Input));
        Assert.Equal([1, -1, -99], trace.Actions.Select(a => a.ExitCode ?? -99));
        Assert.Equal([true, false, false], trace.Actions.Select(a => a.Failed)); // -1: not executed; no result: not failed
        Assert.Equal("no_result", trace.Actions[1].ErrorClass);
        Assert.Null(trace.Actions[2].Output); // the run ended before an observation
        Assert.Equal(4, trace.Turns);
        Assert.Contains(trace.Messages, m => m.Kind == MessageKind.Injected && m.Text!.StartsWith("Please always", StringComparison.Ordinal));
        Assert.Equal("Please solve this issue: x", trace.Task);
        Assert.Null(trace.Metadata);
    }

    [Fact]
    public void Bare_arrays_and_current_files_are_detected_and_swe_agent_files_are_not()
    {
        // A bare list of {role, content} is mini-swe-agent only with its marks: an observation with <returncode>, or extra.
        Assert.True(Reader.Sniff(Head("[\n  {\"role\": \"system\", \"content\": \"x\"},\n  {\"role\": \"user\", \"content\": \"<returncode>0</returncode>\\nok\"}\n]")));
        Assert.True(Reader.Sniff(Head("[{\"role\": \"assistant\", \"content\": \"x\", \"extra\": {\"actions\": []}}]")));
        Assert.False(Reader.Sniff(Head("[\n  {\n    \"role\": \"system\",\n    \"content\": \"x\"\n  }\n]")));
        Assert.True(Reader.Sniff(Head("{\"info\": {\"mini_version\": \"1.0\"}, \"messages\": []}")));
        Assert.True(Reader.Sniff(Head("{\"trajectory_format\": \"mini-swe-agent-1.1\", \"messages\": []}")));
        Assert.False(Reader.Sniff(Head("{\"trajectory\": [], \"history\": [], \"info\": {}}")));
        Assert.False(Reader.Sniff(Head("[{\"source\": \"agent\", \"action\": \"run\"}]")));
    }

    private static FormatHead Head(string text) => new("x.json", Encoding.UTF8.GetBytes(text), complete: true);

    [Fact]
    public void The_final_exit_message_is_the_outcome_and_metadata_not_a_user_message()
    {
        // mini-swe-agent 2.x ends its messages with {role: "exit"}; a bare list has no info, so it is the only outcome.
        const string json = """
            [
              {"role": "system", "content": "You are a helpful assistant."},
              {"role": "user", "content": "Please solve this issue: x"},
              {"role": "assistant", "content": "THOUGHT: done\n\n```bash\necho COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT\n```"},
              {"role": "exit", "content": "diff --git a/x b/x", "extra": {"exit_status": "Submitted", "submission": "diff --git a/x b/x"}}
            ]
            """;
        var trace = Parse(json, "run.traj.json");
        Assert.Equal([Role.System, Role.User, Role.Assistant], trace.Messages.Select(m => m.Role));
        Assert.DoesNotContain(trace.Messages, m => m.Text == "diff --git a/x b/x");
        Assert.Equal("Submitted", trace.NativeOutcome);
        Assert.Equal("diff --git a/x b/x", trace.Meta("exit.extra.submission"));
    }

    [Fact]
    public void An_assistant_tool_call_the_reader_cannot_read_is_a_warning_not_a_silent_drop()
    {
        const string json = """{"info": {"mini_version": "2.0"}, "messages": [{"role": "user", "content": "x"}, {"role": "assistant", "content": "", "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "bash", "arguments": "{}"}}]}]}""";
        var trace = Parse(json, "run.traj.json");
        Assert.Empty(trace.Actions);
        Assert.Contains(trace.Warnings, w => w.Contains("tool_calls but no command", StringComparison.Ordinal));
    }

    [Fact]
    public void A_document_without_messages_read_as_mini_swe_agent_is_an_error_naming_the_format()
    {
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => Parse("""{"trajectory": []}""", "x.traj.json"));
        Assert.Contains("read as 'mini-swe-agent', the file holds no mini-swe-agent record", Assert.Single(e.Diagnostics).Message);
    }

    private static Trace Parse(string json, string name)
    {
        var file = new InputFile("/data/" + name, Reader, ReadOptions.Default);
        return Assert.Single(Reader.Parse(new RawRecord(file, 1, Encoding.UTF8.GetBytes(json)), ReadOptions.Default));
    }
}
