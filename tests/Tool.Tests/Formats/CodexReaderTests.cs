using System.Text.Json;
using System.Text.RegularExpressions;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The Codex reader on the project's samples and on every Codex file of the shared corpus. Expected figures come from
/// a plain scan of the raw lines in <see cref="RawCodex"/> (a different method from the reader's) or from the hand
/// -written sample, never from the reader's own output.
/// </summary>
public sealed partial class CodexReaderTests
{
    private static readonly CodexReader Reader = new();

    public static TheoryData<string> Samples() => new(Directory.EnumerateFiles(RepoPaths.Samples("codex")).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_sample_has_as_many_actions_and_failures_as_its_raw_lines(string path) => CheckAgainstRawScan(path);

    [CorpusFact("codex")]
    public void Every_corpus_file_has_as_many_actions_and_failures_as_its_raw_lines()
    {
        var files = RepoPaths.CorpusFiles("codex", ".jsonl");
        Assert.NotEmpty(files);
        foreach (var path in files) CheckAgainstRawScan(path);
    }

    [CorpusFact("codex")]
    public void The_corpus_session_matches_the_figures_of_the_spec()
    {
        // input-formats §11, codex/codex_session.jsonl: 5 calls (shell_command 4, apply_patch 1), 2 non-zero exits,
        // 7 distinct model calls, final total input 26,740 of which 22,912 cached, output 408 (reasoning 128).
        var trace = Assert.Single(ReaderRun.File(Reader, CorpusCounts.File("codex/codex_session.jsonl")));
        Assert.Equal(5, trace.Actions.Count);
        Assert.Equal(4, trace.Actions.Count(a => a.Name == "shell_command"));
        Assert.Equal(2, trace.Actions.Count(a => a.Failed));
        Assert.All(trace.Actions.Where(a => a.Failed), a => Assert.Contains("python hoge.py", a.Input));
        Assert.Equal(7, trace.Turns);
        Assert.Equal(7, trace.Usage.ApiCalls);
        Assert.Equal(26_740 - 22_912, trace.Usage.InputTokens);
        Assert.Equal(22_912, trace.Usage.CacheReadTokens);
        Assert.Equal(408, trace.Usage.OutputTokens);
        Assert.Equal(128, trace.Usage.ReasoningTokens);
        Assert.Equal("gpt-5.1-codex-max", trace.Model);
        Assert.Equal("019b04ae-b1c6-7c72-a134-a4c2de66058c", trace.Id);
        Assert.Equal("0.66.0", trace.Meta("cli_version"));
        // Exit-0 outputs with "Operation not permitted" noise are successes: the structured exit code wins.
        Assert.Contains(trace.Actions, a => !a.Failed && a.Output!.Contains("Operation not permitted", StringComparison.Ordinal));
    }

    [Fact]
    public void The_failing_test_sample_fails_first_then_passes_after_the_patch()
    {
        var trace = Assert.Single(ReaderRun.File(Reader, SamplePath("09-12-03")));
        Assert.Equal(["shell", "apply_patch", "shell"], trace.Actions.Select(a => a.Name));
        Assert.Equal([1, 0, 0], trace.Actions.Select(a => a.ExitCode ?? -99));
        Assert.Equal([true, false, false], trace.Actions.Select(a => a.Failed));
        Assert.Equal(TimeSpan.FromMilliseconds(600), trace.Actions[0].Duration); // metadata.duration_seconds 0.6
        var patch = trace.Actions[1];
        Assert.StartsWith("*** Begin Patch", patch.Input);
        Assert.Equal(patch.Input, patch.Arguments!.Value.GetProperty("input").GetString()); // custom tool: {"input": text}
        Assert.Equal("bash", trace.Actions[0].Arguments!.Value.GetProperty("command")[0].GetString());
        Assert.Equal("task_complete", trace.NativeOutcome);
        Assert.StartsWith("The test for slugify fails", trace.Task);
        Assert.Equal(MessageKind.Injected, trace.Messages[0].Kind); // <environment_context> is never the task
        Assert.Equal("/home/dev/slugkit", trace.Cwd);
        Assert.Equal(TraceKind.Main, trace.Kind);
        // Turns by hand: [reasoning, call] | output | [reasoning, custom call] | output | [call] | output | [message].
        Assert.Equal(4, trace.Turns);
        Assert.Equal([1, 2, 3], trace.Actions.Select(a => a.Turn));
        Assert.Equal(4, trace.Messages.Count(m => m.Role == Role.Assistant));
        Assert.Equal("**Running the failing test first**", trace.Messages.First(m => m.Role == Role.Assistant).Thinking);
    }

    [Fact]
    public void A_call_open_when_the_turn_is_aborted_is_interrupted_not_failed()
    {
        var trace = Assert.Single(ReaderRun.File(Reader, SamplePath("10-02-41")));
        var aborted = trace.Actions[1];
        Assert.Contains("run_all.sh", aborted.Input);
        Assert.True(aborted.Interrupted);
        Assert.False(aborted.Failed);
        Assert.Null(aborted.Output);
        Assert.All(new[] { trace.Actions[0], trace.Actions[2] }, a => Assert.False(a.Interrupted));
        Assert.Equal(TimeSpan.FromMilliseconds(100), trace.Actions[0].Duration); // "Wall time: 0.1 seconds"
        Assert.Equal("task_complete", trace.NativeOutcome); // the last marker wins: the user went on after the abort
    }

    private static string SamplePath(string timeInName) =>
        Directory.EnumerateFiles(RepoPaths.Samples("codex")).Single(f => Path.GetFileName(f).Contains(timeInName, StringComparison.Ordinal));

    private static void CheckAgainstRawScan(string path)
    {
        var raw = RawCodex.Scan(path);
        var trace = Assert.Single(ReaderRun.File(Reader, path));
        Assert.Equal(raw.CallIds, trace.Actions.Select(a => a.Id));
        Assert.Equal(raw.Outputs, trace.Actions.Count(a => a.Output is not null));
        Assert.Equal(raw.NonZeroExits, trace.Actions.Count(a => a.Failed));
        Assert.Equal(raw.DistinctTotals, trace.Usage.ApiCalls ?? 0);
        Assert.Equal(raw.Outputs, trace.Messages.Count(m => m.Role == Role.Tool));
        Assert.Equal(raw.SessionId, trace.Id);
    }

    /// <summary>Figures counted straight from the raw lines, as input-formats §11 defines them.</summary>
    private sealed record RawCodex(List<string> CallIds, int Outputs, int NonZeroExits, int DistinctTotals, string SessionId)
    {
        public static RawCodex Scan(string path)
        {
            var calls = new List<string>();
            int outputs = 0, nonZero = 0, distinct = 0;
            string? lastTotal = null, id = null;
            foreach (var line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
            {
                using var doc = JsonDocument.Parse(line);
                var root = doc.RootElement;
                if (root.TryGetProperty("record_type", out _)) continue; // pre-envelope state marker: nothing in it
                if (!root.TryGetProperty("type", out _)) // pre-envelope header {id, timestamp, …}
                {
                    id = root.GetProperty("id").GetString();
                    continue;
                }
                var enveloped = root.TryGetProperty("payload", out var p);
                var type = enveloped ? root.GetProperty("type").GetString() : "response_item"; // a bare pre-envelope item
                if (!enveloped) p = root;
                var itemType = p.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                if (type == "session_meta") id = p.GetProperty("id").GetString();
                if (type == "response_item" && itemType is "function_call" or "custom_tool_call" or "local_shell_call")
                    calls.Add(p.GetProperty("call_id").GetString()!);
                if (type == "response_item" && itemType is "function_call_output" or "custom_tool_call_output")
                {
                    outputs++;
                    var text = p.GetProperty("output").GetString()!;
                    var m = Regex.Match(text, @"^Exit code: (\d+)");
                    var code = m.Success ? int.Parse(m.Groups[1].Value) : text.StartsWith('{') ? JsonExit(text) : 0;
                    if (code != 0) nonZero++;
                }
                if (type == "event_msg" && itemType == "token_count" && p.GetProperty("info").ValueKind == JsonValueKind.Object)
                {
                    var total = p.GetProperty("info").GetProperty("total_token_usage").GetRawText();
                    if (total != lastTotal) distinct++;
                    lastTotal = total;
                }
            }
            return new RawCodex(calls, outputs, nonZero, distinct, id!);
        }

        private static int JsonExit(string text)
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("metadata", out var m) && m.TryGetProperty("exit_code", out var c) ? c.GetInt32() : 0;
        }
    }
}
