using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The Claude Code reader on every Claude Code file of ../shared/corpus/, against raw counts from plain JSON scanning
/// and the per-file facts of input-formats §11 (cited per file).
/// </summary>
public sealed partial class ClaudeCodeReaderTests
{
    /// <summary>§11 per file: agent failures (is_error minus permission/rejection/warm-up), deduped usage (input, cache write, cache read, output), responses.</summary>
    public static readonly TheoryData<string, int, long, long, long, long, int> Facts = new()
    {
        { "claude_session.jsonl", 1, 74, 5158, 93553, 844, 6 },
        { "1af7fc5e.jsonl", 0, 93, 12698, 103219, 953, 7 },
        { "5c0375b4.jsonl", 3, 129, 47747, 324259, 3629, 20 },
        { "claude_agent.jsonl", 0, 487, 0, 0, 130, 1 },
    };

    [CorpusFact("claude-code")]
    public void Every_corpus_file_keeps_every_tool_use_and_every_error_flag()
    {
        var files = RepoPaths.CorpusFiles("claude-code", ".jsonl");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var uses = RawSessionScan.Blocks(file).Count(x => RawSessionScan.Str(x.Block, "type") == "tool_use");
            var flagged = RawSessionScan.Blocks(file).Count(x => RawSessionScan.Str(x.Block, "type") == "tool_result" && RawSessionScan.True(x.Block, "is_error"));
            var results = RawSessionScan.Blocks(file).Count(x => RawSessionScan.Str(x.Block, "type") == "tool_result");
            var traces = ReaderRun.File(Reader, file, ("warmup", "include"));
            var actions = traces.SelectMany(t => t.Actions).ToList();
            output.WriteLine($"{Path.GetFileName(file)}: {traces.Count} traces, {uses} tool_use, {results} results, {flagged} flagged");
            Assert.Equal(uses, actions.Count);
            Assert.Equal(results, actions.Count(a => a.Output is not null));
            Assert.Equal(flagged, actions.Count(a => a.NativeIsError == true));
            Assert.Equal(traces.Count, traces.Select(t => t.Id).Distinct().Count());
            Assert.All(traces, t => Assert.Empty(t.Warnings));
        }
    }

    [CorpusTheory("claude-code")]
    [MemberData(nameof(Facts))]
    public void Corpus_files_match_the_spec_figures(string name, int failed, long input, long cacheWrite, long cacheRead, long outputTokens, int responses)
    {
        var file = CorpusCounts.File("claude-code/" + name);
        var traces = ReaderRun.File(Reader, file, ("warmup", "include"));
        var usage = traces.Select(t => t.Usage).Aggregate(Usage.Unknown, (a, b) => a.Add(b));
        Assert.Equal(failed, traces.Sum(t => t.Actions.Count(a => a.Failed)));
        Assert.Equal((input, cacheWrite, cacheRead, outputTokens), (usage.InputTokens, usage.CacheWriteTokens, usage.CacheReadTokens, usage.OutputTokens));
        Assert.Equal(responses, traces.Sum(t => t.Turns));
        Assert.All(traces, t => Assert.Null(t.Usage.CostUsd));
    }

    [CorpusFact("claude-code")]
    public void The_inline_sidechains_of_5c0375b4_are_two_subagent_traces()
    {
        var file = CorpusCounts.File("claude-code/5c0375b4.jsonl");
        var traces = ReaderRun.File(Reader, file);
        // §11: 13 calls on the main chain, 8 in the two sidechains (lines 16–22 and 26–40).
        Assert.Equal([TraceKind.Main, TraceKind.Subagent, TraceKind.Subagent], traces.Select(t => t.Kind));
        Assert.Equal(13, traces[0].Actions.Count);
        Assert.Equal(8, traces[1].Actions.Count + traces[2].Actions.Count);
        Assert.All(traces.Skip(1), t => Assert.Equal(traces[0].Id, t.ParentId));
        Assert.All(traces.Skip(1), t => Assert.StartsWith(traces[0].Id + "#agent=", t.Id));
        // Each subagent is linked to the Task call whose prompt is its first user text.
        var tasks = traces[0].Actions.Where(a => a.Name == "Task" && a.Output is not null).Select(a => a.Id).ToList();
        Assert.Equal(tasks.Skip(tasks.Count - 2), traces.Skip(1).Select(t => t.Meta("parentToolUseId")));
        Assert.Equal(2, traces.Sum(t => t.Actions.Count(a => a.ErrorClass is null && a.Failed && a.Output!.Contains("<tool_use_error>"))));
    }

    [CorpusFact("claude-code")]
    public void The_warmup_agent_file_is_skipped_by_default_and_kept_as_warmup_on_request()
    {
        var file = CorpusCounts.File("claude-code/claude_agent.jsonl");
        Assert.Empty(ReaderRun.File(Reader, file));
        var trace = Assert.Single(ReaderRun.File(Reader, file, ("warmup", "include")));
        Assert.Equal(TraceKind.Warmup, trace.Kind);
        Assert.EndsWith("#agent=0c4c3cf8", trace.Id);
        Assert.Equal((487L, 130L), (trace.Usage.InputTokens!.Value, trace.Usage.OutputTokens!.Value));
    }

    [CorpusFact("claude-code")]
    public void The_permission_prompt_of_1af7fc5e_is_rejected_not_failed_and_the_task_is_the_command_expansion()
    {
        var file = CorpusCounts.File("claude-code/1af7fc5e.jsonl");
        var trace = Assert.Single(ReaderRun.File(Reader, file));
        var denied = Assert.Single(trace.Actions, a => a.NativeIsError == true);
        Assert.Equal(("Write", "permission_denied", true, false), (denied.Name, denied.ErrorClass, denied.Rejected, denied.Failed));
        // Line 1 is the /init command, line 2 its isMeta expansion; no other user text exists (§4, last point of "Tool errors").
        Assert.Equal(MessageKind.Command, trace.Messages[0].Kind);
        Assert.Equal(MessageKind.Meta, trace.Messages[1].Kind);
        Assert.Equal(trace.Messages[1].Text, trace.Task);
        Assert.Equal("end_turn", trace.NativeOutcome);
        // Lines 6–10: five parallel calls answered out of order; all joined by id.
        Assert.Equal(12, trace.Actions.Count(a => a.Output is not null));
    }

    [CorpusFact("claude-code")]
    public void The_exit_command_lines_of_claude_session_are_commands_and_meta()
    {
        var file = CorpusCounts.File("claude-code/claude_session.jsonl");
        var trace = Assert.Single(ReaderRun.File(Reader, file));
        // §11: ends with an isMeta caveat (line 24), <command-name> (25) and <local-command-stdout> (26).
        Assert.Equal([MessageKind.Meta, MessageKind.Command, MessageKind.Command], trace.Messages.TakeLast(3).Select(m => m.Kind));
        Assert.Equal("add myapp directory and create myapp/hoge.py", trace.Task?.Split('\n')[0][..44]);
        var error = Assert.Single(trace.Actions, a => a.Failed);
        Assert.Equal("Bash", error.Name);
        Assert.Contains("target shim binary not found", error.Output);
    }
}
