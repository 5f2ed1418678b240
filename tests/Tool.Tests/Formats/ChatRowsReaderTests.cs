using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// Chat-message dataset rows (input-formats-2 §1) in each dialect. Expected calls, pairings and results are recomputed
/// here from the raw rows (tool_calls by id, function_call/observation by order, fenced blocks in {role, text} turns),
/// not copied from the reader's output.
/// </summary>
public sealed class ChatRowsReaderTests
{
    private static readonly ChatRowsReader Reader = new();

    private static IReadOnlyList<Trace> Read(string path, ReadOptions? options = null) =>
        ReaderRun.File(Reader, path, options ?? ReadOptions.Default).Select(TraceAnalyzer.Analyze).ToList();

    private static List<JsonElement> Rows(string path) =>
        File.ReadAllLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();

    [Fact]
    public void OpenAi_rows_pair_tool_messages_by_id_and_take_the_exit_code_the_text_states()
    {
        var path = RepoPaths.Samples("chat-rows", "openai-trl.jsonl");
        var row = Rows(path)[0];
        var messages = row.GetProperty("messages").EnumerateArray().ToList();
        var calls = messages.Where(m => m.TryGetProperty("tool_calls", out _)).SelectMany(m => m.GetProperty("tool_calls").EnumerateArray()).ToList();
        var results = messages.Where(m => m.GetProperty("role").GetString() == "tool")
            .ToDictionary(m => m.GetProperty("tool_call_id").GetString()!, m => m.GetProperty("content").GetString()!);

        var trace = Read(path)[0];
        Assert.Equal("acme__pager-12#1", trace.Id); // no run id column: instance_id#row
        Assert.Equal("chat-rows", trace.Format);
        Assert.Equal(calls.Select(c => c.GetProperty("id").GetString()), trace.Actions.Select(a => a.Id));
        Assert.Equal(calls.Select(c => c.GetProperty("function").GetProperty("arguments").GetString()), trace.Actions.Select(a => a.Input));
        Assert.Equal(calls.Select(c => results[c.GetProperty("id").GetString()!]), trace.Actions.Select(a => a.Output));
        Assert.Equal(new[] { 1, 0 }, trace.Actions.Select(a => a.ExitCode ?? -99));
        Assert.Equal([true, false], trace.Actions.Select(a => a.Failed));
        Assert.All(trace.Actions, a => Assert.Null(a.NativeIsError)); // rows carry no error flag
        Assert.Equal("pytest -q", trace.Actions[0].Arguments!.Value.GetProperty("command").GetString());
        Assert.Equal("Fix the off-by-one in pager.py", trace.Task);
        Assert.Equal("acme__pager-12", trace.Meta("instance_id"));
        Assert.Equal("1", trace.Meta("resolved"));
        Assert.Null(trace.Meta("messages")); // the list column is the conversation, not metadata
        Assert.Equal("m1", trace.Model);
        Assert.Equal(Outcome.Success, trace.Outcome);
        Assert.StartsWith("resolved", trace.OutcomeEvidence);
        Assert.Null(trace.Usage.TotalTokens); // unknown, never 0
        Assert.Equal(messages.Count, trace.Messages.Count);
    }

    [Fact]
    public void Trl_rows_without_ids_pair_by_order_with_object_arguments_and_the_classifier_judges_the_text()
    {
        var path = RepoPaths.Samples("chat-rows", "openai-trl.jsonl");
        var messages = Rows(path)[1].GetProperty("messages").EnumerateArray().ToList();
        var calls = messages.Where(m => m.TryGetProperty("tool_calls", out _)).SelectMany(m => m.GetProperty("tool_calls").EnumerateArray()).ToList();
        var outputs = messages.Where(m => m.GetProperty("role").GetString() == "tool").Select(m => m.GetProperty("content").GetString()).ToList();

        var trace = Read(path)[1];
        Assert.Equal(calls.Select(c => c.GetProperty("function").GetProperty("arguments").GetProperty("command").GetString()),
            trace.Actions.Select(a => a.Arguments!.Value.GetProperty("command").GetString()));
        Assert.Equal(outputs, trace.Actions.Select(a => a.Output)); // in call order
        Assert.Equal(new[] { "call_0", "call_1" }, trace.Actions.Select(a => a.Id));
        Assert.Equal([false, true], trace.Actions.Select(a => a.Failed)); // "No such file or directory"
        Assert.Equal("Fix the off-by-one in pager.py", trace.Task); // text parts
        Assert.Equal(Outcome.Failure, trace.Outcome); // resolved: false
        Assert.StartsWith("not_resolved", trace.OutcomeEvidence);
    }

    [Fact]
    public void ShareGpt_function_calls_pair_with_the_next_observation_and_the_system_column_is_the_system_prompt()
    {
        var path = RepoPaths.Samples("chat-rows", "sharegpt.jsonl");
        var row = Rows(path)[0];
        var items = row.GetProperty("conversations").EnumerateArray().ToList();
        var call = JsonDocument.Parse(items.Single(i => i.GetProperty("from").GetString() == "function_call").GetProperty("value").GetString()!).RootElement;

        var trace = Assert.Single(Read(path));
        var action = Assert.Single(trace.Actions);
        Assert.Equal(call.GetProperty("name").GetString(), action.Name);
        Assert.Equal(call.GetProperty("arguments").GetProperty("code").GetString(), action.Arguments!.Value.GetProperty("code").GetString());
        Assert.Equal(items.Single(i => i.GetProperty("from").GetString() == "observation").GetProperty("value").GetString(), action.Output);
        Assert.Equal(row.GetProperty("system").GetString(), trace.Messages[0].Text);
        Assert.Equal(Role.System, trace.Messages[0].Role);
        Assert.Equal(row.GetProperty("tools").GetString(), trace.Meta("tools"));
        Assert.Equal("What is 17 * 23?", trace.Task);
        Assert.Equal("sharegpt#1", trace.Id);
    }

    [Fact]
    public void Swe_agent_text_turns_make_one_action_per_fenced_command_answered_by_the_next_user_turn()
    {
        var path = RepoPaths.Samples("chat-rows", "swe-agent-turns.jsonl");
        var row = Rows(path)[0];
        var turns = row.GetProperty("trajectory").EnumerateArray().ToList();
        var commands = new List<string>();
        var results = new List<string?>();
        for (var i = 0; i < turns.Count; i++)
        {
            if (turns[i].GetProperty("role").GetString() != "ai") continue;
            var text = turns[i].GetProperty("text").GetString()!;
            var fence = text.LastIndexOf("```\n", text.Length - 4, StringComparison.Ordinal);
            commands.Add(text[(fence + 4)..text.LastIndexOf("\n```", StringComparison.Ordinal)]);
            results.Add(i + 1 < turns.Count && turns[i + 1].GetProperty("role").GetString() == "user" ? turns[i + 1].GetProperty("text").GetString() : null);
        }

        var trace = Assert.Single(Read(path));
        Assert.Equal(commands, trace.Actions.Select(a => a.Input));
        Assert.Equal(results, trace.Actions.Select(a => a.Output));
        Assert.Equal([false, true, false], trace.Actions.Select(a => a.Failed)); // the NameError traceback
        Assert.StartsWith("We're currently solving", trace.Task);
        Assert.Equal(Outcome.Success, trace.Outcome); // target: true
        Assert.Equal("swe-agent-llama-70b", trace.Model);
        Assert.Equal("submitted", trace.Meta("exit_status"));
    }

    [Fact]
    public void A_plain_array_of_messages_is_one_trajectory_named_after_the_file()
    {
        var trace = Assert.Single(Read(RepoPaths.Samples("chat-rows", "messages-array.json")));
        Assert.Equal("messages-array", trace.Id);
        Assert.Equal("a.txt\nb.txt", Assert.Single(trace.Actions).Output);
        Assert.Equal("ls", trace.Actions[0].Arguments!.Value.GetProperty("command").GetString());
    }

    [Fact]
    public void Xml_function_calls_in_text_are_actions_and_the_next_user_message_is_the_result()
    {
        using var temp = new TempFolder();
        var messages = JsonSerializer.Serialize(new object[]
        {
            new { role = "user", content = "Fix it" },
            new { role = "assistant", content = "Look.\n<function=bash>\n<parameter=command>\nls -la\n</parameter>\n</function>" },
            new { role = "user", content = "OBSERVATION:\ntotal 0" },
            new { role = "assistant", content = "Done." },
        });
        var path = temp.Write("smith.jsonl", JsonSerializer.Serialize(new { instance_id = "x__y-1", traj_id = "x__y-1.abc", resolved = true, messages }) + "\n");
        var trace = Assert.Single(Read(path));
        Assert.Equal("x__y-1.abc", trace.Id);
        var action = Assert.Single(trace.Actions);
        Assert.Equal("bash", action.Name);
        Assert.Equal("ls -la", action.Arguments!.Value.GetProperty("command").GetString());
        Assert.Equal("OBSERVATION:\ntotal 0", action.Output);
    }

    [Fact]
    public void The_messages_column_setting_names_another_list_column()
    {
        using var temp = new TempFolder();
        var path = temp.Write("dialog.jsonl", """{"id":"r1","dialog":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]}""" + "\n");
        var options = new ReadOptions { Settings = new Dictionary<string, string> { ["messages_column"] = "dialog" } };
        var trace = Assert.Single(Read(path, options));
        Assert.Equal("r1", trace.Id);
        Assert.Equal(["hi", "hello"], trace.Messages.Select(m => m.Text));
        Assert.Throws<TraceCurate.Diagnostics.BadRecordException>(() => Read(path)); // without it, no list column
    }

    [Fact]
    public void A_tool_message_that_answers_no_call_is_kept_and_warned_about()
    {
        using var temp = new TempFolder();
        var path = temp.Write("orphan.jsonl", """{"messages":[{"role":"user","content":"hi"},{"role":"tool","tool_call_id":"zz","content":"stray"},{"role":"assistant","content":"ok"}]}""" + "\n");
        var trace = Assert.Single(Read(path));
        Assert.Empty(trace.Actions);
        Assert.Contains(trace.Messages, m => m.Text == "stray");
        Assert.Contains(trace.Warnings, w => w.Contains("answers no call"));
    }

    [Theory]
    [InlineData("chat-rows", "openai-trl.jsonl")]
    [InlineData("chat-rows", "sharegpt.jsonl")]
    [InlineData("chat-rows", "swe-agent-turns.jsonl")]
    [InlineData("chat-rows", "messages-array.json")]
    public void Chat_row_samples_are_detected_as_chat_rows_and_mini_swe_agent_does_not_claim_them(string folder, string file)
    {
        var path = RepoPaths.Samples(folder, file);
        Assert.Equal("chat-rows", FormatDetector.Detect(path).Format);
        Assert.False(new MiniSweAgentReader().Sniff(FormatDetector.ReadHead(path)));
        Assert.False(new SweAgentReader().Sniff(FormatDetector.ReadHead(path)));
    }

    [Fact]
    public void Chat_rows_claim_neither_mini_swe_agent_nor_swe_agent_nor_trace_files()
    {
        Assert.False(Reader.Sniff(FormatDetector.ReadHead(RepoPaths.Samples("mini-swe-agent", "wordcount-tie.traj.json"))));
        Assert.False(Reader.Sniff(FormatDetector.ReadHead(RepoPaths.Samples("swe-agent", "example__timekit-17.traj"))));
        using var temp = new TempFolder();
        var mini = temp.Write("mini.json", """[{"role":"user","content":"fix"},{"role":"assistant","content":"```bash\nls\n```"},{"role":"user","content":"<returncode>0</returncode>\n<output>\na\n</output>"}]""");
        Assert.Equal("mini-swe-agent", FormatDetector.Detect(mini).Format);
        var traceLine = temp.Write("t.jsonl", TraceCurate.Tests.Support.Export.Lines("trace", null, SpecScenario.WithSed())[0] + "\n");
        Assert.Equal("trace", FormatDetector.Detect(traceLine).Format);
        Assert.False(Reader.Sniff(FormatDetector.ReadHead(traceLine)));
    }
}
