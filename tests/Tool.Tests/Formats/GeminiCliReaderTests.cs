using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Inspect;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// Gemini CLI sessions (input-formats-2 §5): the samples in <c>samples/gemini-cli/</c> (written for these tests; the
/// expected values below are read off the sample files by hand), and every corpus file against
/// <c>tests/corpus-counts/gemini_cli.py</c>, an independent count over the raw file.
/// </summary>
public sealed class GeminiCliReaderTests
{
    private static string Legacy => RepoPaths.Samples("gemini-cli", "session-2025-11-03T10-15-8d3c2a10.json");
    private static string Lines => RepoPaths.Samples("gemini-cli", "session-2026-05-02T09-00-5d1e9a44.jsonl");
    private static string Subagent => RepoPaths.Samples("gemini-cli", "8d3c2a10-5e4b-4f7a-9c1d-2b6e8f0a4c37", "c0ffee00-1234-4abc-9def-0123456789ab.jsonl");

    [Fact]
    public void A_legacy_session_has_its_calls_with_their_status_exit_codes_thoughts_and_tokens()
    {
        var trace = Assert.Single(ReaderRun.File(new GeminiCliReader(), Legacy));
        Assert.Equal("8d3c2a10-5e4b-4f7a-9c1d-2b6e8f0a4c37", trace.Id);
        Assert.Equal("The test for parse_date fails on ISO weeks. Fix it.", trace.Task);
        Assert.Equal(["run_shell_command", "read_file", "read_file", "replace", "run_shell_command", "run_shell_command"], trace.Actions.Select(a => a.Name));
        var tests = trace.Actions[0]; // status success, but the shell printed Exit Code: 1
        Assert.Equal(1, tests.ExitCode);
        Assert.True(tests.Failed);
        Assert.False(tests.NativeIsError);
        var missing = trace.Actions[1]; // status error: the error text is the output
        Assert.True(missing.NativeIsError);
        Assert.True(missing.Failed);
        Assert.Equal("File not found: /home/dev/dates/src/parse.py", missing.Output);
        var cancelled = trace.Actions[4];
        Assert.True(cancelled.Interrupted);
        Assert.False(cancelled.Failed);
        Assert.Equal(0, trace.Actions[5].ExitCode); // a current shell prints no Exit Code line for 0
        Assert.Null(trace.Actions[3].ExitCode); // not a shell call
        Assert.Equal(4, trace.Turns);
        Assert.StartsWith("**Reproducing the failure**", trace.Messages.First(m => m.Role == Role.Assistant).Thinking);
        var notice = Assert.Single(trace.Messages, m => m.Role == Role.System);
        Assert.Equal(MessageKind.Meta, notice.Kind);
        Assert.Contains("Request cancelled.", notice.Text);
        // input − cached per message: 3000 + 600 + 800 + 500; cached 6000 + 8800 + 9300 + 10000.
        Assert.Equal(4900, trace.Usage.InputTokens);
        Assert.Equal(34100, trace.Usage.CacheReadTokens);
        Assert.Equal(250, trace.Usage.OutputTokens);
        Assert.Equal(25, trace.Usage.ReasoningTokens);
        Assert.Equal(4, trace.Usage.ApiCalls);
        Assert.Equal("Fix the failing date parser test", trace.Meta("summary"));
        Assert.Equal(TimeSpan.FromSeconds(158), trace.Duration);
    }

    [Fact]
    public void A_jsonl_session_keeps_the_last_version_of_a_repeated_message_and_drops_what_was_rewound()
    {
        var trace = Assert.Single(ReaderRun.File(new GeminiCliReader(), Lines));
        Assert.Equal("5d1e9a44-2b7c-4e1f-8a3d-6c0b9f2e7d15", trace.Id);
        // g1 was written twice (executing, then with its result): one message, one call, with the result.
        Assert.Equal(["run_shell_command", "replace", "run_shell_command"], trace.Actions.Select(a => a.Name));
        Assert.Contains("import argparse", trace.Actions[0].Output);
        Assert.Equal(0, trace.Actions[0].ExitCode);
        Assert.Equal(127, trace.Actions[2].ExitCode);
        Assert.True(trace.Actions[2].Failed);
        // $rewindTo g2 removed g2 and u2: u1, g1 (+ its result), u3, g3 (+ two results), the error notice.
        Assert.Equal([Role.User, Role.Assistant, Role.Tool, Role.User, Role.Assistant, Role.Tool, Role.Tool, Role.System],
            trace.Messages.Select(m => m.Role));
        Assert.DoesNotContain(trace.Messages, m => m.Text == "No test, just the flag.");
        Assert.Contains(trace.Warnings, w => w.Contains("$rewindTo 'g2' removed 2 message(s)"));
        Assert.Equal("Add a --version flag to the CLI", trace.Task); // content as Gemini parts
        Assert.Equal("error", trace.NativeOutcome); // the session ends with an error notice
        Assert.Equal("Add a --version flag", trace.Meta("summary")); // from a $set line
        Assert.Equal(8000 + 500, trace.Usage.InputTokens); // g1 counted once, from its last version; g2 was rewound
        Assert.Equal(2, trace.Usage.ApiCalls);
        Assert.Equal(TraceKind.Main, trace.Kind);
    }

    [Fact]
    public void A_subagent_file_is_linked_to_the_session_its_folder_names()
    {
        var trace = Assert.Single(ReaderRun.File(new GeminiCliReader(), Subagent));
        Assert.Equal(TraceKind.Subagent, trace.Kind);
        Assert.Equal("8d3c2a10-5e4b-4f7a-9c1d-2b6e8f0a4c37", trace.ParentId);
        Assert.Equal("glob", Assert.Single(trace.Actions).Name);
    }

    [Fact]
    public void Every_gemini_sample_is_detected_as_gemini_cli_and_claimed_by_no_other_reader()
    {
        foreach (var path in Directory.EnumerateFiles(RepoPaths.Samples("gemini-cli"), "*", SearchOption.AllDirectories))
        {
            var head = FormatDetector.ReadHead(path);
            Assert.Equal(["gemini-cli"], FormatRegistry.Readers.Where(r => r.Sniff(head)).Select(r => r.Format));
        }
    }

    [Fact]
    public void No_sample_of_another_format_is_claimed_by_gemini_cli()
    {
        var reader = new GeminiCliReader();
        var others = Directory.EnumerateDirectories(RepoPaths.Samples())
            .Where(d => Path.GetFileName(d) is not ("gemini-cli" or "references" or "dataset-project"))
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories)).ToList();
        Assert.NotEmpty(others);
        Assert.DoesNotContain(others, p => reader.Sniff(FormatDetector.ReadHead(p)));
    }

    [Fact]
    public void A_fork_session_in_its_own_layout_is_refused_saying_what_it_looks_like()
    {
        var path = Path.Combine(RepoPaths.Root, "tests", "Tool.Tests", "Fixtures", "foreign", "qwen-code-session.jsonl");
        var e = Assert.Throws<TraceCurateException>(() => FormatDetector.Detect(path));
        Assert.Contains("Qwen Code or iFlow", Assert.Single(e.Diagnostics).Message);
    }

    [Fact]
    public void A_fork_message_type_in_the_gemini_layout_is_read_and_warned_about()
    {
        const string text = """
            {"sessionId":"s","projectHash":"h","startTime":"2025-01-01T00:00:00Z","lastUpdated":"2025-01-01T00:00:09Z","messages":[
            {"id":"1","timestamp":"2025-01-01T00:00:00Z","type":"user","content":"hi"},
            {"id":"2","timestamp":"2025-01-01T00:00:09Z","type":"qwen","content":"hello","model":"qwen3-coder","toolCalls":[]}]}
            """;
        var trace = Assert.Single(ReaderRun.Text(new GeminiCliReader(), text, "session.json"));
        Assert.Equal(Role.Assistant, trace.Messages[1].Role);
        Assert.Contains(trace.Warnings, w => w.Contains("type 'qwen'"));
    }

    [Fact]
    public void Forced_on_a_claude_code_file_it_reads_nothing_and_says_so()
    {
        var path = Directory.EnumerateFiles(RepoPaths.Samples("claude-code"), "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).First();
        var e = Assert.Throws<TraceCurateException>(() => ReaderRun.File(new GeminiCliReader(), path));
        Assert.Equal(DiagnosticCodes.UnknownFormat, Assert.Single(e.Diagnostics).Code);
    }

    [Fact]
    public void A_cut_pretty_printed_session_is_a_bad_record_with_its_position()
    {
        var text = File.ReadAllText(Legacy);
        Assert.Throws<BadRecordException>(() => ReaderRun.Text(new GeminiCliReader(), text[..(text.Length / 2)], "session.json"));
    }

    public static TheoryData<string> Corpus() => new(RepoPaths.CorpusFolder("gemini-cli") is { } dir
        ? Directory.EnumerateFiles(dir).Order(StringComparer.Ordinal).Select(Path.GetFileName).Select(n => "gemini-cli/" + n)
        : ["gemini-cli/agtrace-gemini_session.json", "gemini-cli/agent-sessions-jsonl_v040.jsonl"]);

    [CorpusTheory("gemini-cli")]
    [MemberData(nameof(Corpus))]
    public void A_corpus_session_has_the_calls_failures_messages_and_tokens_its_raw_file_holds(string relative)
    {
        var path = CorpusCounts.File(relative);
        var expected = CorpusCounts.Run("gemini_cli.py", path).GetProperty(path);
        Assert.Equal("gemini-cli", FormatDetector.Detect(path).Format);
        var trace = Assert.Single(ReaderRun.File(new GeminiCliReader(), path));
        Assert.Equal(expected.GetProperty("session_id").GetString(), trace.Id);
        Assert.Equal(Int(expected, "tool_calls"), trace.Actions.Count);
        Assert.Equal(Int(expected, "failed"), trace.Actions.Count(a => a.Failed));
        Assert.Equal(Int(expected, "native_errors"), trace.Actions.Count(a => a.NativeIsError == true));
        Assert.Equal(Int(expected, "cancelled"), trace.Actions.Count(a => a.Interrupted));
        Assert.Equal(Int(expected, "thinking"), trace.Messages.Count(m => m.Thinking is not null));
        var types = expected.GetProperty("messages");
        Assert.Equal(Count(types, "user"), trace.Messages.Count(m => m.Role == Role.User));
        Assert.Equal(Count(types, "gemini"), trace.Messages.Count(m => m.Role == Role.Assistant));
        Assert.Equal(Int(expected, "input"), trace.Usage.InputTokens);
        Assert.Equal(Int(expected, "cache_read"), trace.Usage.CacheReadTokens);
        Assert.Equal(Int(expected, "output"), trace.Usage.OutputTokens);
        Assert.Equal(Int(expected, "thoughts"), trace.Usage.ReasoningTokens);
        // The read report: every raw record, by type, and nothing left not understood.
        var read = InspectJob.Run(new InspectOptions { Inputs = [path], Threads = 1 }).Inputs.Single().Read;
        Assert.Equal(expected.GetProperty("records").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64()), read.Types);
        Assert.Empty(read.NotUnderstood);
    }

    private static long Int(JsonElement e, string name) => e.GetProperty(name).GetInt64();

    private static int Count(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetInt32() : 0;
}
