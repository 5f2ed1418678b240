using System.Globalization;
using System.Text.Json;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The Pi reader on every Pi file of ../shared/corpus/ (a v1 session from pi-mono's fixtures), against raw counts from
/// plain JSON scanning and the per-file facts of input-formats §11.
/// </summary>
public sealed partial class PiReaderTests
{
    [CorpusFact("pi")]
    public void Every_corpus_file_reads_with_one_action_per_toolCall_block_and_isError_minus_aborts_failed()
    {
        var files = RepoPaths.CorpusFiles("pi", ".jsonl");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            // v1 and linear files: the active path is the whole file, so raw counts over all lines apply.
            var messages = RawSessionScan.Lines(file).Where(l => RawSessionScan.Str(l, "type") == "message").Select(l => l.GetProperty("message")).ToList();
            var calls = messages.Where(m => RawSessionScan.Str(m, "role") == "assistant")
                .Sum(m => m.GetProperty("content").EnumerateArray().Count(b => RawSessionScan.Str(b, "type") == "toolCall"));
            var flagged = messages.Where(m => RawSessionScan.Str(m, "role") == "toolResult" && RawSessionScan.True(m, "isError")).ToList();
            var aborted = flagged.Count(m => RawSessionScan.ContentText(m).TrimEnd().EndsWith("Command aborted", StringComparison.Ordinal)
                || RawSessionScan.ContentText(m).StartsWith("Skipped due to queued user message", StringComparison.Ordinal));
            var trace = Assert.Single(ReaderRun.File(Reader, file));
            output.WriteLine($"{Path.GetFileName(file)}: {calls} calls, {flagged.Count} flagged, {aborted} aborted");
            Assert.Equal(calls, trace.Actions.Count);
            Assert.Equal(flagged.Count, trace.Actions.Count(a => a.NativeIsError == true));
            Assert.Equal(flagged.Count - aborted, trace.Actions.Count(a => a.Failed));
            Assert.Equal(messages.Count(m => RawSessionScan.Str(m, "role") == "assistant"), trace.Turns);
        }
    }

    [CorpusFact("pi")]
    public void The_large_v1_session_matches_the_spec_figures()
    {
        var file = CorpusCounts.File("pi/large-session.jsonl");
        var trace = Assert.Single(ReaderRun.File(Reader, file));
        // input-formats §11, pi/large-session.jsonl
        Assert.Equal(391, trace.Actions.Count);
        Assert.Equal(19, trace.Actions.Count(a => a.NativeIsError == true));
        Assert.Equal(2, trace.Actions.Count(a => a.Interrupted));
        Assert.Equal(17, trace.Actions.Count(a => a.Failed));
        Assert.Equal(18, trace.Actions.Count(a => a.Output is null));
        Assert.Equal(373, trace.Messages.Count(m => m.Role == Role.Tool));
        Assert.Equal(88, trace.Messages.Count(m => m.Role == Role.User));
        Assert.Equal(453, trace.Turns);
        Assert.Equal(new Dictionary<string, int> { ["bash"] = 192, ["edit"] = 146, ["read"] = 50, ["write"] = 3 },
            trace.Actions.GroupBy(a => a.Name).ToDictionary(g => g.Key, g => g.Count()));
        Assert.Equal(1049, trace.Usage.InputTokens);
        Assert.Equal(83156, trace.Usage.OutputTokens);
        Assert.Equal(43229469, trace.Usage.CacheReadTokens);
        Assert.Equal(4296232, trace.Usage.CacheWriteTokens);
        Assert.Equal(30.33m, Math.Round(trace.Usage.CostUsd!.Value, 2));
        Assert.Equal("anthropic/claude-sonnet-4-5", trace.Model);
        Assert.Contains("openai/gpt-5.1-codex", trace.Models);
        Assert.Single(trace.Messages, m => m.Thinking is not null);
        // The header (23:33:50.805Z) is later than entries 2–3, so StartedAt is the minimum over entries.
        Assert.Equal(DateTimeOffset.Parse("2025-11-20T23:33:01.550Z", CultureInfo.InvariantCulture), trace.StartedAt);
        Assert.Equal("d703a1a9-1b7b-4fb1-b512-c9738b1fe617", trace.Id);
        Assert.Equal("1", trace.Meta("version"));
    }

    [CorpusFact("pi")]
    public void Exit_codes_of_the_large_session_come_from_the_trailing_line()
    {
        var file = CorpusCounts.File("pi/large-session.jsonl");
        var trace = ReaderRun.File(Reader, file).Single();
        var lines = File.ReadAllLines(file);
        string CallAt(int line) => JsonDocument.Parse(lines[line - 1]).RootElement.GetProperty("message").GetProperty("toolCallId").GetString()!;
        // §11: line 118 is grep exit 2 (a missing file); lines 40 and 134 are grep no-match (exit 1); 297 and 439 are aborts.
        Assert.Equal(2, trace.Actions.Single(a => a.Id == CallAt(118)).ExitCode);
        Assert.Equal(1, trace.Actions.Single(a => a.Id == CallAt(40)).ExitCode);
        Assert.Equal(1, trace.Actions.Single(a => a.Id == CallAt(134)).ExitCode);
        Assert.True(trace.Actions.Single(a => a.Id == CallAt(297)).Interrupted);
        Assert.False(trace.Actions.Single(a => a.Id == CallAt(439)).Failed);
        // §11: of the 19 isError results, 2 are aborts and 3 exit with code 2; the other 14 exit with code 1: the 11 grep
        // no-matches plus the real failures at lines 785 (cp), 992 (pre-commit hook) and 1008 (npm publish).
        Assert.Equal(14, trace.Actions.Count(a => a.NativeIsError == true && a.ExitCode == 1));
        Assert.Equal(3, trace.Actions.Count(a => a.NativeIsError == true && a.ExitCode == 2));
        Assert.Equal(2, trace.Actions.Count(a => a.Interrupted));
    }
}
