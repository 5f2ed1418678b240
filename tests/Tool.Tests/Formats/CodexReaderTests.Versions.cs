using System.Text;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// What real rollouts of different Codex versions hold (issue 20, item 7): the pre-September-2025 layout without an
/// envelope, arguments stored as an object, messages without a <c>type</c>, compactions with their replacement history,
/// and <c>.jsonl.zst</c> files; and the error for a file with nothing of Codex in it.
/// </summary>
public sealed partial class CodexReaderTests
{
    [Fact]
    public void A_rollout_of_before_the_envelope_is_detected_and_read_whole()
    {
        var path = SamplePath("2025-08-20T13-20-47");
        Assert.Equal("codex", FormatDetector.Detect(path).Format);
        var trace = Assert.Single(ReaderRun.File(Reader, path));
        Assert.Equal("0198c7a2-3f1e-7b40-8d2c-5e6f7a8b9c01", trace.Id); // from the bare header line
        Assert.Equal(DateTimeOffset.Parse("2025-08-20T13:20:47.060Z"), trace.StartedAt);
        Assert.Equal(["call_Vb2kQ81xR", "call_Qe7mZ03aT", "call_Hn4pW27cL"], trace.Actions.Select(a => a.Id));
        Assert.Equal([1, 0, 0], trace.Actions.Select(a => a.ExitCode ?? -1));
        Assert.Equal("the BOM test fails, fix the reader", trace.Task); // the environment context is injected, not the task
        Assert.Equal("bash", trace.Actions[0].Arguments!.Value.GetProperty("command")[0].GetString());
        Assert.Equal("main", trace.Meta("git.branch"));
        Assert.Empty(trace.Warnings); // state markers carry nothing and are not "ignored lines"
    }

    [Fact]
    public void An_older_layout_header_longer_than_the_sniffing_head_is_judged_by_its_first_keys()
    {
        using var dir = new TempFolder();
        var big = new string('i', 2 * FormatHead.MaxBytes);
        var path = dir.Write("rollout-old.jsonl", $$"""{"id":"o1","timestamp":"2025-08-01T10:00:00Z","instructions":"{{big}}"}""" + "\n{\"record_type\":\"state\"}\n");
        Assert.Equal("codex", FormatDetector.Detect(path).Format);
        var notes = dir.Write("notes.jsonl", $$"""{"id":"o1","timestamp":"2025-08-01T10:00:00Z","text":"{{big}}"}""" + "\n");
        Assert.Throws<TraceCurateException>(() => FormatDetector.Detect(notes)); // id and timestamp alone are no evidence
    }

    [Fact]
    public void Arguments_stored_as_an_object_are_the_arguments_and_their_json_is_the_input()
    {
        const string call = """{"timestamp":"2026-01-22T10:00:01.000Z","type":"response_item","payload":{"type":"function_call","name":"apply_patch","arguments":{"patch":"*** Begin Patch"},"call_id":"c1"}}""";
        var action = Assert.Single(ParseText(string.Join('\n', Meta, call, "")).Actions);
        Assert.Equal("*** Begin Patch", action.Arguments!.Value.GetProperty("patch").GetString());
        Assert.Equal("""{"patch":"*** Begin Patch"}""", action.Input);
    }

    [Fact]
    public void Arguments_of_another_kind_are_a_bad_record_naming_the_field()
    {
        const string call = """{"timestamp":"2026-01-22T10:00:01.000Z","type":"response_item","payload":{"type":"function_call","name":"x","arguments":7,"call_id":"c1"}}""";
        var e = Assert.Throws<BadRecordException>(() => ParseText(string.Join('\n', Meta, call, "")));
        Assert.Contains("'arguments' must be a string or an object", e.Message);
    }

    [Fact]
    public void A_response_item_without_a_type_but_with_a_role_and_content_is_a_message()
    {
        const string user = """{"payload":{"content":[{"text":"Add rate limiting","type":"input_text"}],"role":"user"},"timestamp":"2024-01-01T10:00:01Z","type":"response_item"}""";
        const string agent = """{"payload":{"content":[{"text":"Done.","type":"output_text"}],"role":"assistant"},"timestamp":"2024-01-01T10:00:05Z","type":"response_item"}""";
        var trace = ParseText(string.Join('\n', Meta, user, agent, ""));
        Assert.Equal([(Role.User, "Add rate limiting"), (Role.Assistant, "Done.")], trace.Messages.Select(m => (m.Role, m.Text)));
    }

    [Fact]
    public void A_compaction_is_one_summary_and_its_replacement_history_is_not_read_again()
    {
        const string user = """{"timestamp":"2026-01-22T10:00:01.000Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"fix lint"}]}}""";
        const string replacement = """[{"type":"message","role":"user","content":[{"type":"input_text","text":"fix lint"}]},{"type":"message","role":"user","content":[{"type":"input_text","text":"Summary: lint fixed in app.ts"}]}]""";
        var local = $$$"""{"timestamp":"2026-01-22T10:00:03.000Z","type":"compacted","payload":{"message":"Summary: lint fixed in app.ts","replacement_history":{{{replacement}}}}}""";
        var remote = $$$"""{"timestamp":"2026-01-22T10:00:03.000Z","type":"compacted","payload":{"message":"","replacement_history":{{{replacement}}}}}""";
        foreach (var compacted in new[] { local, remote })
        {
            var trace = ParseText(string.Join('\n', Meta, user, Call("c1", "npm run lint"), Out("c1", "\"Exit code: 0\""), compacted, ""));
            // user, assistant turn, tool output, summary: the replacement history's copy of "fix lint" is not a fifth message
            Assert.Equal([Role.User, Role.Assistant, Role.Tool, Role.User], trace.Messages.Select(m => m.Role));
            var summary = trace.Messages[^1];
            Assert.Equal((MessageKind.CompactionSummary, "Summary: lint fixed in app.ts"), (summary.Kind, summary.Text));
            Assert.Single(trace.Actions);
        }
    }

    [Fact]
    public void A_zstd_compressed_rollout_reads_like_the_plain_file()
    {
        using var dir = new TempFolder();
        var plain = SamplePath("09-12-03");
        using var compressor = new ZstdSharp.Compressor(3);
        var zst = dir.Write("rollout-2025-10-14T09-12-03.jsonl.zst", compressor.Wrap(File.ReadAllBytes(plain)).ToArray());
        Assert.True(ZstdInput.IsZstd(zst));
        Assert.False(ZstdInput.IsZstd(plain));
        Assert.Equal("codex", FormatDetector.Detect(zst).Format);
        var expected = Assert.Single(ReaderRun.File(Reader, plain));
        var actual = Assert.Single(ReaderRun.File(Reader, zst));
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Actions.Select(a => (a.Id, a.Output, a.ExitCode)), actual.Actions.Select(a => (a.Id, a.Output, a.ExitCode)));
        Assert.Equal(expected.Messages.Count, actual.Messages.Count);
    }

    [Fact]
    public void Lines_of_an_unknown_type_are_counted_in_one_warning_per_type_and_do_not_make_a_file_codex()
    {
        const string future = """{"timestamp":"2026-01-22T10:00:05.000Z","type":"turn_digest","payload":{"n":1}}""";
        var trace = ParseText(string.Join('\n', Meta, future, future, ""));
        Assert.Contains("2 line(s) of type 'turn_digest'", Assert.Single(trace.Warnings));
        Assert.Throws<TraceCurateException>(() => ParseText(string.Join('\n', future, future, "")));
    }

    [Fact]
    public void A_file_with_no_rollout_line_is_an_error_naming_the_file_and_the_format()
    {
        foreach (var content in new[] { "", "\n\n", """{"sessionId":"s","uuid":"u","type":"user","message":{"role":"user","content":"hi"}}""" + "\n" })
        {
            var e = Assert.Throws<TraceCurateException>(() => ReaderRun.Text(Reader, content, "forced.jsonl"));
            var diagnostic = Assert.Single(e.Diagnostics);
            Assert.Equal(DiagnosticCodes.UnknownFormat, diagnostic.Code);
            Assert.EndsWith("forced.jsonl", diagnostic.Path);
            Assert.Contains("read as 'codex', the file holds no codex record", diagnostic.Message);
        }
    }

    [Fact]
    public void A_forced_format_that_finds_nothing_fails_the_command_instead_of_reporting_zero_traces()
    {
        using var dir = new TempFolder();
        var empty = dir.Write("empty.jsonl", "");
        var claude = dir.Write("claude.jsonl", """{"sessionId":"s","uuid":"u","type":"user","message":{"role":"user","content":"hi"}}""" + "\n");
        foreach (var (path, looksLike) in new[] { (empty, (string?)null), (claude, "claude-code") })
        {
            foreach (var extra in new[] { Array.Empty<string>(), ["--skip-bad-records"] })
            {
                var result = Support.Cli.Run(["inspect", "--format", "codex", .. extra, path]);
                Assert.Equal(1, result.ExitCode);
                Assert.Contains($"{path}(1): error TC0006: read as 'codex'", result.Err);
                if (looksLike is not null) Assert.Contains($"its content looks like '{looksLike}'", result.Err);
            }
        }
    }
}
