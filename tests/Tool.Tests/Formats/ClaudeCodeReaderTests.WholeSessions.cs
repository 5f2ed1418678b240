using System.Globalization;
using System.Text.Json;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// Whole Claude Code sessions (issue 20, item 1): compacted parts, files without parent links, resumed sessions and
/// sub-agent files. The counts are compared with tests/corpus-counts/claude_code.py run over the raw files, which
/// counts every line whatever its place in the uuid graph; link checks read the raw lines with <see cref="RawSessionScan"/>.
/// </summary>
public sealed partial class ClaudeCodeReaderTests
{
    [CorpusTheory("claude-code")]
    [InlineData("claude-code/1af7fc5e.jsonl")]
    [InlineData("claude-code/5c0375b4.jsonl")]
    [InlineData("claude-code/claude_agent.jsonl")]
    [InlineData("claude-code/claude_session.jsonl")]
    [InlineData("claude-code/simonw-no-parent-links.jsonl")]
    [InlineData("claude-code/vsla-5f8cbb78-inline-subagents.jsonl")]
    [InlineData("claude-code/vsla-f67ab274-compacted.jsonl")]
    [InlineData("claude-code/subagent-folder")]
    public void Corpus_counts_match_an_independent_count_of_the_raw_files(string relative) =>
        AssertCountsMatchTheRawFiles(CorpusCounts.File(relative));

    [Theory]
    [InlineData("cart-rounding.jsonl")]
    [InlineData("compact-boundary-linked.jsonl")]
    [InlineData("compact-boundary-unlinked.jsonl")]
    [InlineData("resumed-duplicates.jsonl")]
    [InlineData("no-parent-links.jsonl")]
    [InlineData("subagent-session")]
    public void Sample_counts_match_an_independent_count_of_the_raw_files(string name) =>
        AssertCountsMatchTheRawFiles(RepoPaths.Samples("claude-code", name));

    /// <summary>
    /// Tool calls (distinct ids), failed calls (is_error true), user and assistant messages, and usage per API call
    /// summed over every trace of the file or folder, plus what the traces report as abandoned branches.
    /// </summary>
    private void AssertCountsMatchTheRawFiles(string path)
    {
        var expected = CorpusCounts.Run("claude_code.py", path).GetProperty("total");
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList()
            : [path];
        var traces = files.SelectMany(f => ReaderRun.File(Reader, f, ("warmup", "include"))).ToList();
        var actions = traces.SelectMany(t => t.Actions).ToList();
        var usage = traces.Select(t => t.Usage).Aggregate(Usage.Unknown, (a, b) => a.Add(b));
        int Abandoned(string what) => traces.Sum(t => int.Parse(t.Meta("abandoned." + what) ?? "0", CultureInfo.InvariantCulture));
        var actual = new Dictionary<string, long>
        {
            ["tool_calls"] = actions.Select((a, k) => a.Id ?? "#" + k).Distinct().Count() + Abandoned("toolCalls"),
            ["failed_calls"] = actions.Where(a => a.NativeIsError == true).Select(a => a.Id).Distinct().Count(),
            ["user_messages"] = traces.Sum(t => t.Messages.Count(m => m.Role == Role.User)) + Abandoned("userMessages"),
            ["assistant_messages"] = traces.Sum(t => t.Messages.Count(m => m.Role == Role.Assistant)) + Abandoned("responses"),
            ["api_calls"] = usage.ApiCalls ?? 0,
            ["input_tokens"] = usage.InputTokens ?? 0,
            ["output_tokens"] = usage.OutputTokens ?? 0,
            ["cache_read_tokens"] = usage.CacheReadTokens ?? 0,
            ["cache_creation_tokens"] = usage.CacheWriteTokens ?? 0,
        };
        output.WriteLine($"{path}: {files.Count} file(s), {traces.Count} trace(s); script: {expected}");
        foreach (var (key, value) in actual)
            Assert.True(expected.GetProperty(key).GetInt64() == value, $"{key}: the raw file has {expected.GetProperty(key).GetInt64()}, the traces {value}");
        Assert.True(expected.GetProperty("tool_calls").GetInt64() > 0 || expected.GetProperty("assistant_messages").GetInt64() > 0); // a file that holds something
    }

    [CorpusFact("claude-code")]
    public void A_twice_compacted_session_is_one_trace_of_three_parts_with_the_first_task_and_start()
    {
        var file = CorpusCounts.File("claude-code/vsla-f67ab274-compacted.jsonl");
        var lines = RawSessionScan.Lines(file).ToList();
        var summaries = lines.Where(l => RawSessionScan.True(l, "isCompactSummary")).ToList();
        Assert.Equal(2, summaries.Count); // the corpus README: compacted twice
        var trace = Assert.Single(ReaderRun.File(Reader, file));
        Assert.Equal(RawSessionScan.Str(lines[0].GetProperty("message"), "content"), trace.Task);
        Assert.Equal(lines.Select(l => RawSessionScan.Str(l, "timestamp")).Where(t => t is not null)
            .Min(t => DateTimeOffset.Parse(t!, CultureInfo.InvariantCulture)), trace.StartedAt);
        Assert.Equal("2", trace.Meta("compactions"));
        // Each summary sits between the parts: calls on both sides of it, in file order.
        var seams = trace.Messages.Select((m, k) => (m, k)).Where(x => x.m.Kind == MessageKind.CompactionSummary).Select(x => x.k).ToList();
        Assert.Equal(summaries.Select(s => RawSessionScan.Str(s.GetProperty("message"), "content")), seams.Select(k => trace.Messages[k].Text));
        var bounds = new[] { 0 }.Concat(seams).Append(trace.Messages.Count).ToList();
        for (var p = 0; p + 1 < bounds.Count; p++)
            Assert.Contains(trace.Messages.Skip(bounds[p]).Take(bounds[p + 1] - bounds[p]), m => m.ToolCalls.Count > 0);
        Assert.Empty(trace.Warnings);
    }

    [CorpusFact("claude-code")]
    public void A_file_without_parent_links_is_read_in_file_order()
    {
        var file = CorpusCounts.File("claude-code/simonw-no-parent-links.jsonl");
        var lines = RawSessionScan.Lines(file).Where(l => RawSessionScan.Str(l, "uuid") is not null).ToList();
        Assert.All(lines, l => Assert.False(l.TryGetProperty("parentUuid", out _)));
        var trace = Assert.Single(ReaderRun.File(Reader, file));
        var calls = RawSessionScan.Blocks(file).Where(x => RawSessionScan.Str(x.Block, "type") == "tool_use").Select(x => RawSessionScan.Str(x.Block, "id"));
        Assert.Equal(calls, trace.Actions.Select(a => a.Id));
        Assert.Equal(RawSessionScan.Str(lines[0].GetProperty("message"), "content"), trace.Task);
        Assert.Equal(lines.Count, trace.Messages.Count); // each line here holds one message (text, call or result)
        Assert.All(trace.Actions, a => Assert.NotNull(a.Output));
    }

    [CorpusFact("claude-code")]
    public void Inline_sub_agents_of_a_1_0_session_link_to_the_task_call_given_their_prompt()
    {
        var file = CorpusCounts.File("claude-code/vsla-5f8cbb78-inline-subagents.jsonl");
        var traces = ReaderRun.File(Reader, file);
        var prompts = RawSessionScan.Blocks(file).Where(x => RawSessionScan.Str(x.Block, "name") == "Task")
            .ToDictionary(x => RawSessionScan.Str(x.Block, "id")!, x => RawSessionScan.Str(x.Block.GetProperty("input"), "prompt"));
        Assert.Equal([TraceKind.Main, TraceKind.Subagent, TraceKind.Subagent, TraceKind.Subagent], traces.Select(t => t.Kind));
        foreach (var sub in traces.Skip(1))
        {
            Assert.Equal(traces[0].Id, sub.ParentId);
            var call = sub.Meta("parentToolUseId");
            Assert.NotNull(call);
            Assert.Equal(prompts[call!], sub.Task);
        }
    }

    [CorpusFact("claude-code")]
    public void Sub_agent_files_in_a_session_folder_link_to_the_task_call_whose_result_names_their_agent()
    {
        var folder = CorpusCounts.File("claude-code/subagent-folder");
        var session = Directory.GetFiles(folder, "*.jsonl").Single();
        var sessionId = Path.GetFileNameWithoutExtension(session);
        var callOfAgent = RawSessionScan.Lines(session)
            .Where(l => l.TryGetProperty("toolUseResult", out var r) && r.ValueKind == JsonValueKind.Object && RawSessionScan.Str(r, "agentId") is not null)
            .ToDictionary(l => RawSessionScan.Str(l.GetProperty("toolUseResult"), "agentId")!,
                l => RawSessionScan.Str(l.GetProperty("message").GetProperty("content")[0], "tool_use_id"));
        var agents = Directory.GetFiles(Path.Combine(folder, sessionId, "subagents"), "agent-*.jsonl").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(5, agents.Count); // the corpus README
        foreach (var agent in agents)
        {
            var trace = Assert.Single(ReaderRun.File(Reader, agent));
            var agentId = Path.GetFileNameWithoutExtension(agent)["agent-".Length..];
            Assert.Equal((TraceKind.Subagent, sessionId, sessionId + "#agent=" + agentId), (trace.Kind, trace.ParentId, trace.Id));
            Assert.Equal(callOfAgent[agentId], trace.Meta("parentToolUseId"));
            Assert.Empty(trace.Warnings);
        }
    }

    [CorpusFact("claude-code")]
    public void Inspecting_the_session_folder_reads_the_session_and_its_sub_agent_files()
    {
        var result = Support.Cli.Run("inspect", CorpusCounts.File("claude-code/subagent-folder"), "--json");
        Assert.True(result.ExitCode == 0, result.Err);
        using var doc = JsonDocument.Parse(result.Out);
        Assert.Equal(6, doc.RootElement.GetProperty("traces").GetInt64()); // the session and its 5 sub-agents
    }

    [Fact]
    public void Sample_sub_agent_files_link_by_agent_id_even_with_one_prompt_twice_and_by_prompt_beside_the_session()
    {
        var folder = RepoPaths.Samples("claude-code", "subagent-session");
        const string sessionId = "c0a1b2c3-0000-4000-8000-00000000c005";
        var subagents = Path.Combine(folder, sessionId, "subagents");
        var a = Assert.Single(ReaderRun.File(Reader, Path.Combine(subagents, "agent-a111111.jsonl")));
        var b = Assert.Single(ReaderRun.File(Reader, Path.Combine(subagents, "agent-b222222.jsonl")));
        var c = Assert.Single(ReaderRun.File(Reader, Path.Combine(folder, "agent-c333333.jsonl")));
        // Hand-written sample: a and b were given the same prompt; the results' toolUseResult.agentId tell them apart.
        Assert.Equal(a.Task, b.Task);
        Assert.Equal(["toolu_c5_a", "toolu_c5_b", "toolu_c5_c"], new[] { a, b, c }.Select(t => t.Meta("parentToolUseId")));
        Assert.All(new[] { a, b, c }, t => Assert.Equal((TraceKind.Subagent, sessionId), (t.Kind, t.ParentId)));
        Assert.Equal("Haiku one", a.Meta("agentMeta.description"));
        Assert.Null(b.Meta("agentMeta.description"));
    }

    [Fact]
    public void A_folder_input_reads_sub_agent_files_and_leaves_their_meta_files_to_them()
    {
        var folder = RepoPaths.Samples("claude-code", "subagent-session");
        var inputs = TraceCurate.Reading.InputResolver.Resolve(
            [new TraceCurate.Recipes.InputSpec(folder, folder, new TraceCurate.Recipes.RecipePosition("recipe.yaml", 1, 1))], null);
        var names = inputs.Select(i => Path.GetFileName(i.Path)).ToList();
        Assert.Equal(4, names.Count);
        Assert.Contains("agent-a111111.jsonl", names);
        Assert.DoesNotContain("agent-a111111.meta.json", names);
        Assert.All(inputs, i => Assert.Equal("claude-code", i.Reader.Format));
    }

    [Fact]
    public void A_sub_agent_file_read_alone_is_linked_to_its_session_by_id_only_and_says_nothing_wrong()
    {
        var text = File.ReadAllText(RepoPaths.Samples("claude-code", "subagent-session", "agent-c333333.jsonl"));
        var trace = Assert.Single(ReaderRun.Text(Reader, text, "agent-c333333.jsonl"));
        Assert.Equal("c0a1b2c3-0000-4000-8000-00000000c005", trace.ParentId);
        Assert.Null(trace.Meta("parentToolUseId"));
        Assert.Empty(trace.Warnings);
    }

    [Theory]
    [InlineData("compact-boundary-linked.jsonl", "make the price tests pass", 4)]
    [InlineData("compact-boundary-unlinked.jsonl", "rename Cart.total to Cart.subtotal everywhere", 2)]
    public void A_compact_boundary_in_either_form_joins_the_parts_with_the_summary_between(string name, string task, int calls)
    {
        var file = RepoPaths.Samples("claude-code", name);
        var boundary = RawSessionScan.Lines(file).Select((l, k) => (l, k)).Single(x => RawSessionScan.Str(x.l, "subtype") == "compact_boundary").k;
        var callsBefore = RawSessionScan.Lines(file).Take(boundary).SelectMany(l => RawSessionScan.Blocks(file).Where(x => x.Line.Equals(l))).Count();
        var trace = Assert.Single(ReaderRun.File(Reader, file));
        Assert.Equal(calls, trace.Actions.Count); // hand count of the sample
        Assert.Equal(task, trace.Task);
        Assert.Equal("1", trace.Meta("compactions"));
        var seam = Assert.Single(trace.Messages, m => m.Kind == MessageKind.CompactionSummary);
        Assert.StartsWith("This session is being continued", seam.Text);
        var before = trace.Messages.TakeWhile(m => m != seam).SelectMany(m => m.ToolCalls).Count();
        Assert.True(before > 0 && before < calls, $"{before} of {calls} calls before the summary");
        Assert.Empty(trace.Warnings);
    }

    [Fact]
    public void A_resumed_session_that_repeats_its_history_is_read_once()
    {
        var file = RepoPaths.Samples("claude-code", "resumed-duplicates.jsonl");
        var uuids = RawSessionScan.Lines(file).Select(l => RawSessionScan.Str(l, "uuid")).ToList();
        var repeated = uuids.Count - uuids.Distinct().Count();
        Assert.Equal(4, repeated); // the sample writes its first four lines twice
        var trace = Assert.Single(ReaderRun.File(Reader, file));
        Assert.Equal(["toolu_c3_a", "toolu_c3_b"], trace.Actions.Select(a => a.Id));
        Assert.Equal(repeated.ToString(CultureInfo.InvariantCulture), trace.Meta("repeatedLines"));
        Assert.Equal(3, trace.Usage.ApiCalls);
        Assert.Equal(2, trace.Messages.Count(m => m.Role == Role.User));
        Assert.Empty(trace.Warnings);
    }

    [Fact]
    public void A_boundary_with_no_summary_after_it_is_itself_the_seam()
    {
        var boundary = """{"parentUuid":null,"logicalParentUuid":"r1","isSidechain":false,"sessionId":"s1","type":"system","subtype":"compact_boundary","uuid":"cb","timestamp":"2026-01-20T09:00:05.000Z","content":"Conversation compacted"}""";
        var text = Lines(
            Line("user", "u1", null, Prompt("go")),
            Line("assistant", "a1", "u1", Use("m1", "t1")),
            Line("user", "r1", "a1", Result("t1", "ok")),
            boundary,
            Line("user", "u2", "cb", Prompt("now the docs")),
            Line("assistant", "a2", "u2", Use("m2", "t2")));
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        Assert.Equal(["t1", "t2"], trace.Actions.Select(a => a.Id));
        var seam = Assert.Single(trace.Messages, m => m.Kind == MessageKind.CompactionSummary);
        Assert.Equal((Role.System, "Conversation compacted"), (seam.Role, seam.Text));
    }

    [Fact]
    public void User_lines_on_a_dead_end_branch_without_a_response_are_kept_in_file_order()
    {
        // Claude Code 2.1 writes a message typed while a tool runs, and an interrupt, as a branch off an earlier line.
        var text = Lines(
            Line("user", "u1", null, Prompt("go")),
            Line("assistant", "a1", "u1", Use("m1", "t1")),
            Line("user", "q1", "u1", Prompt("are you still there?")),
            Line("user", "q2", "q1", Prompt("[Request interrupted by user]")),
            Line("user", "r1", "a1", Result("t1", "ok")),
            Line("assistant", "a2", "r1", Say("m2", "done")));
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        Assert.Equal(["go", "are you still there?", "[Request interrupted by user]"], trace.Messages.Where(m => m.Role == Role.User).Select(m => m.Text));
        Assert.Equal("ok", Assert.Single(trace.Actions).Output);
        Assert.Empty(trace.Warnings);
    }

    [Fact]
    public void A_new_root_that_is_not_a_compaction_ends_the_path_and_the_old_branch_is_reported()
    {
        var text = Lines(
            Line("user", "u1", null, Prompt("first")),
            Line("assistant", "a1", "u1", Use("m1", "t1")),
            Line("user", "u2", null, Prompt("second")),
            Line("assistant", "a2", "u2", Say("m2", "done")));
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        Assert.Empty(trace.Actions);
        Assert.Equal("1", trace.Meta("abandoned.toolCalls"));
        Assert.Single(trace.Warnings);
    }

    [Fact]
    public void A_turn_whose_parent_is_a_progress_line_stays_on_the_path_and_the_progress_line_is_an_event()
    {
        var progress = """{"parentUuid":"a1","isSidechain":false,"sessionId":"s1","type":"progress","uuid":"p1","timestamp":"2026-01-20T09:00:02.000Z","data":{"type":"bash_progress","output":"..."}}""";
        var text = Lines(
            Line("user", "u1", null, Prompt("go")),
            Line("assistant", "a1", "u1", Use("m1", "t1")),
            progress,
            Line("user", "r1", "p1", Result("t1", "ok")),
            Line("assistant", "a2", "r1", Say("m2", "done")));
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        Assert.Equal("go", trace.Task);
        Assert.Equal("ok", Assert.Single(trace.Actions).Output);
        Assert.Equal("progress", trace.Meta("events.0.type"));
        Assert.Empty(trace.Warnings);
    }

    [Fact]
    public void A_parent_missing_from_the_file_does_not_cut_the_path_and_is_named()
    {
        var text = Lines(
            Line("user", "u1", null, Prompt("go")),
            Line("assistant", "a1", "u1", Use("m1", "t1")),
            Line("user", "r1", "a1", Result("t1", "ok")),
            Line("assistant", "a2", "lost", Use("m2", "t2")), // its parent was a line that is not in the file
            Line("user", "r2", "a2", Result("t2", "ok")));
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        Assert.Equal(["t1", "t2"], trace.Actions.Select(a => a.Id));
        Assert.Equal("go", trace.Task);
        Assert.Equal("line 4: parent uuid 'lost' is not in the file; the path goes on from line 3, the turn before it", Assert.Single(trace.Warnings));
    }

    [Fact]
    public void Inline_runs_that_carry_an_agent_id_link_to_the_call_whose_result_names_it_before_matching_prompts()
    {
        static string Spawn(string msgId, string callId) =>
            $$$"""{"id":"{{{msgId}}}","type":"message","role":"assistant","model":"claude-x","content":[{"type":"tool_use","id":"{{{callId}}}","name":"Task","input":{"prompt":"same","description":"d"}}],"stop_reason":null,"usage":{"input_tokens":1,"output_tokens":1}}""";
        var text = Lines(
            Line("user", "u1", null, Prompt("go")),
            Line("assistant", "a1", "u1", Spawn("m1", "t1")),
            Line("assistant", "a2", "a1", Spawn("m1", "t2")),
            Line("user", "r1", "a2", Result("t1", "one"), ""","toolUseResult":{"agentId":"y","status":"completed"}"""),
            Line("user", "r2", "r1", Result("t2", "two"), ""","toolUseResult":{"agentId":"x","status":"completed"}"""),
            Line("user", "x1", null, Prompt("same"), ""","agentId":"x" """, sidechain: true),
            Line("user", "y1", null, Prompt("same"), ""","agentId":"y" """, sidechain: true));
        var traces = ReaderRun.Text(Reader, text);
        Assert.Equal(["s1", "s1#agent=x", "s1#agent=y"], traces.Select(t => t.Id));
        Assert.Equal(["t2", "t1"], traces.Skip(1).Select(t => t.Meta("parentToolUseId")));
    }

    [Fact]
    public void A_broken_link_inside_a_sub_agent_run_is_reported_on_that_run()
    {
        var text = Lines(
            Line("user", "u1", null, Prompt("go")),
            Line("assistant", "a1", "u1", Say("m1", "ok")),
            Line("user", "x1", null, Prompt("look"), sidechain: true),
            Line("assistant", "x2", "x1", Use("m2", "t1"), sidechain: true),
            Line("assistant", "x3", "gone", Say("m3", "found it"), sidechain: true));
        var traces = ReaderRun.Text(Reader, text);
        Assert.Empty(traces[0].Warnings);
        Assert.StartsWith("line 5: parent uuid 'gone' is not in the file", Assert.Single(traces[1].Warnings));
        Assert.Equal("t1", Assert.Single(traces[1].Actions).Id);
    }

    [Theory]
    [InlineData("""{"type":"compact_boundary","uuid":"cb","parentUuid":null,"logicalParentUuid":"r1","sessionId":"s1","timestamp":"2026-01-20T09:00:05.000Z"}""")]
    [InlineData("""{"type":"system","subtype":"compact_boundary","uuid":"cb","parentUuid":null,"sessionId":"s1","timestamp":"2026-01-20T09:00:05.000Z","compactMetadata":{"trigger":"auto"}}""")]
    [InlineData("""{"type":"system","subtype":"compact_boundary","sessionId":"s1","timestamp":"2026-01-20T09:00:05.000Z"}""")]
    public void Each_boundary_form_joins_the_part_before_it(string boundary)
    {
        var text = Lines(
            Line("user", "u1", null, Prompt("go")),
            Line("assistant", "a1", "u1", Use("m1", "t1")),
            Line("user", "r1", "a1", Result("t1", "ok")),
            boundary,
            Line("user", "cs", boundary.Contains("\"uuid\"", StringComparison.Ordinal) ? "cb" : null, Prompt("This session is being continued."), ""","isCompactSummary":true"""),
            Line("assistant", "a2", "cs", Use("m2", "t2")));
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        Assert.Equal(["t1", "t2"], trace.Actions.Select(a => a.Id));
        Assert.Equal("go", trace.Task);
        Assert.Equal("1", trace.Meta("compactions"));
        Assert.Equal("This session is being continued.", Assert.Single(trace.Messages, m => m.Kind == MessageKind.CompactionSummary).Text);
        Assert.Empty(trace.Warnings);
    }

    [Fact]
    public void A_session_resumed_into_a_new_file_under_a_new_id_is_one_trace_named_after_the_file()
    {
        // The new file repeats the history under the old session id (A); its new lines (B) continue from it.
        var text = Lines(
            Line("user", "u1", null, Prompt("go"), session: "A"),
            Line("assistant", "a1", "u1", Use("m1", "t1"), session: "A"),
            Line("user", "r1", "a1", Result("t1", "ok"), session: "A"),
            Line("user", "u2", "r1", Prompt("go on"), session: "B"),
            Line("assistant", "a2", "u2", Use("m2", "t2"), session: "B"));
        var trace = Assert.Single(ReaderRun.Text(Reader, text, "B.jsonl"));
        Assert.Equal("B", trace.Id);
        Assert.Equal(["t1", "t2"], trace.Actions.Select(a => a.Id));
        Assert.Equal(("A", "B"), (trace.Meta("sessionIds.0"), trace.Meta("sessionIds.1")));
        Assert.Equal("go", trace.Task);
    }
}
