using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// Every Codex, Pi, SWE-agent and mini-swe-agent file of the shared corpus, read by detection and by its reader, against
/// counts an independent script computes from the raw file (<c>tests/corpus-counts/*.py</c>): tool calls, failed calls
/// (as each format records them, before the analysis reclassifies benign exits), messages, and the format's extras.
/// </summary>
public sealed class CorpusCountTests
{
    public static readonly TheoryData<string> Codex = new()
    {
        "codex/codex_session.jsonl", "codex/agentsview-fc_args_object.jsonl", "codex/agentsview-standard_session.jsonl",
    };

    public static readonly TheoryData<string> Pi = new() { "pi/large-session.jsonl" };

    public static readonly TheoryData<string> SweAgent = new()
    {
        "swe-agent/sweagenttestrepo-1c2844.traj", "swe-agent/pydicom__pydicom-1458.traj", "swe-agent/function_calling_simple.traj",
    };

    public static readonly TheoryData<string> MiniSweAgent = new() { "mini-swe-agent/astropy__astropy-12907.traj.json" };

    /// <summary>
    /// Its line 440 holds two records; reading it whole needs the damaged-line recovery of issue 20 item 4, which is
    /// built on another branch. Listed so that the coverage check below knows it, and tested once that lands.
    /// </summary>
    private const string PiTwoRecordsOnOneLine = "pi/pi-mono-session-two-records-one-line.jsonl";

    [CorpusTheory]
    [MemberData(nameof(Codex))]
    public void A_codex_file_has_the_calls_failures_and_messages_its_lines_hold(string relative)
    {
        var (path, expected) = Counted("codex.py", relative);
        Assert.Equal("codex", FormatDetector.Detect(path).Format);
        var trace = Assert.Single(ReaderRun.File(new CodexReader(), path));
        Assert.Equal(Int(expected, "tool_calls"), trace.Actions.Count);
        Assert.Equal(Int(expected, "failed"), trace.Actions.Count(a => a.ExitCode is { } code && code != 0));
        Assert.Equal(Int(expected, "messages"), trace.Messages.Count);
        Assert.Equal(Int(expected, "compactions"), trace.Messages.Count(m => m.Kind == MessageKind.CompactionSummary));
    }

    [CorpusTheory]
    [MemberData(nameof(Pi))]
    public void A_pi_file_has_the_calls_errors_and_messages_of_its_active_path(string relative)
    {
        var (path, expected) = Counted("pi.py", relative);
        Assert.Equal("pi", FormatDetector.Detect(path).Format);
        var trace = Assert.Single(ReaderRun.File(new PiReader(), path));
        Assert.Equal(Int(expected, "tool_calls"), trace.Actions.Count);
        Assert.Equal(Int(expected, "native_errors"), trace.Actions.Count(a => a.NativeIsError == true));
        Assert.Equal(Int(expected, "messages"), trace.Messages.Count);
        Assert.Equal(expected.GetProperty("parent").ValueKind == JsonValueKind.Null ? null : expected.GetProperty("parent").GetString(), trace.ParentId);
    }

    [CorpusTheory]
    [MemberData(nameof(SweAgent))]
    public void A_swe_agent_file_has_one_call_per_step_and_the_failures_its_observations_show(string relative)
    {
        var (path, expected) = Counted("swe_agent.py", relative);
        Assert.Equal("swe-agent", FormatDetector.Detect(path).Format); // history-only demonstrations too, without --format
        var trace = Assert.Single(ReaderRun.File(new SweAgentReader(), path));
        Assert.Equal(Int(expected, "tool_calls"), trace.Actions.Count);
        Assert.Equal(Int(expected, "failed"), trace.Actions.Count(a => a.Failed));
        Assert.Equal(Int(expected, "messages"), trace.Messages.Count);
    }

    [CorpusTheory]
    [MemberData(nameof(MiniSweAgent))]
    public void A_mini_swe_agent_file_has_its_calls_and_messages_and_its_exit_is_the_outcome(string relative)
    {
        var (path, expected) = Counted("mini_swe_agent.py", relative);
        Assert.Equal("mini-swe-agent", FormatDetector.Detect(path).Format);
        var trace = Assert.Single(ReaderRun.File(new MiniSweAgentReader(), path));
        Assert.Equal(Int(expected, "tool_calls"), trace.Actions.Count);
        Assert.Equal(Int(expected, "failed"), trace.Actions.Count(a => a.Failed));
        Assert.Equal(Int(expected, "messages"), trace.Messages.Count); // the exit message is not one of them
        Assert.Equal(expected.GetProperty("exit_status").GetString(), trace.NativeOutcome);
        if (Int(expected, "exits") > 0) Assert.NotNull(trace.Meta("exit.extra.exit_status"));
    }

    [CorpusFact]
    public void Every_corpus_file_of_these_formats_is_counted_here()
    {
        var listed = new[] { Codex, Pi, SweAgent, MiniSweAgent }.SelectMany(d => d.Cast<object[]>().Select(row => (string)row[0]))
            .Append(PiTwoRecordsOnOneLine).ToHashSet(StringComparer.Ordinal);
        var unlisted = new[] { "codex", "pi", "swe-agent", "mini-swe-agent" }
            .SelectMany(f => Directory.EnumerateFiles(CorpusCounts.File(f)).Select(p => f + "/" + Path.GetFileName(p)))
            .Where(p => !listed.Contains(p)).ToList();
        Assert.True(unlisted.Count == 0, "corpus files no test counts: " + string.Join(", ", unlisted));
    }

    private static (string Path, JsonElement Expected) Counted(string script, string relative)
    {
        var path = CorpusCounts.File(relative);
        return (path, CorpusCounts.Run(script, path).GetProperty(path));
    }

    private static int Int(JsonElement counts, string name) => counts.GetProperty(name).GetInt32();
}
