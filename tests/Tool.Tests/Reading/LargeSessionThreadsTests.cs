using System.Text;
using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Tests.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Reading;

/// <summary>
/// A session file large enough to be read on several threads (<see cref="SessionParts"/>: its read, its lines, the
/// analysis of its traces, a run's judging and rendering of them) gives what one thread gives: inspect's document and a
/// run's output, byte for byte, with the counts the file was built with.
/// </summary>
public sealed class LargeSessionThreadsTests
{
    private const int Sessions = 40, LinesPerSession = 750;

    [Fact]
    public void A_large_session_file_gives_the_same_inspect_and_run_outputs_on_one_thread_and_on_two()
    {
        using var s = new TempFolder();
        var text = new StringBuilder();
        for (var session = 0; session < Sessions; session++)
            for (var i = 0; i < LinesPerSession; i++)
                text.Append(SessionPartsTests.SessionLine(i, $"s{session:00}-")).Append('\n');
        var path = s.Write("project/long.jsonl", text.ToString());
        Assert.True(new FileInfo(path).Length >= SessionParts.LargeBytes, "the file is too small to be read on several threads");

        using (var doc = InspectOnOneThreadAndOnTwo(s, path))
        {
            Assert.Equal(Sessions, doc.RootElement.GetProperty("traces").GetInt32());
            Assert.Equal(Sessions * (LinesPerSession / 3), doc.RootElement.GetProperty("actions").GetInt32()); // a call every third line
        }

        // A filter that keeps the first half of the sessions: the traces are judged and rendered on the threads too.
        var written = RunOnOneThreadAndOnTwo(s, path, "string.CompareOrdinal(t.Id, \"s20-\") < 0");
        Assert.Equal(Sessions / 2, written.Count(b => b == (byte)'\n'));
    }

    /// <summary>
    /// A Codex rollout of more than 8 MB, read in parts on two threads (<see cref="CodexRolloutParts"/>): the same
    /// inspect document and run output as on one, with the calls the file was built with.
    /// </summary>
    [Fact]
    public void A_large_Codex_rollout_gives_the_same_inspect_and_run_outputs_on_one_thread_and_on_two()
    {
        const int lines = 60_000;
        using var s = new TempFolder();
        var text = new StringBuilder().Append(CodexMeta).Append('\n');
        for (var i = 0; i < lines; i++) text.Append(CodexRolloutPartsTests.RolloutLine(i)).Append('\n');
        var path = s.Write("sessions/rollout-long.jsonl", text.ToString());
        Assert.True(new FileInfo(path).Length >= SessionParts.LargeBytes, "the file is too small to be read on several threads");
        // Calls: a function call (i % 12 == 3), a custom tool call (6) and a local shell call (8, but every fourth of
        // those is a compaction) in every twelve lines.
        var calls = Enumerable.Range(0, lines).Count(i => i % 12 is 3 or 6 || (i % 12 == 8 && i % 48 != 8));

        using (var doc = InspectOnOneThreadAndOnTwo(s, path))
        {
            Assert.Equal(1, doc.RootElement.GetProperty("traces").GetInt32());
            Assert.Equal(calls, doc.RootElement.GetProperty("actions").GetInt32());
        }
        Assert.Equal(1, RunOnOneThreadAndOnTwo(s, path, "t.Actions.Count > 0").Count(b => b == (byte)'\n'));
    }

    /// <summary>inspect --json of the file on one thread and on two: both succeed and write the same document, returned.</summary>
    private static JsonDocument InspectOnOneThreadAndOnTwo(TempFolder s, string path)
    {
        var one = s.Cli("inspect", path, "--json", "--threads", "1");
        var two = s.Cli("inspect", path, "--json", "--threads", "2");
        Assert.Equal(0, one.Exit);
        Assert.Equal(0, two.Exit);
        Assert.Equal(one.Out, two.Out);
        return JsonDocument.Parse(two.Out);
    }

    /// <summary>A run with <paramref name="where"/> and an openai output on one thread and on two: the same bytes, returned.</summary>
    private static byte[] RunOnOneThreadAndOnTwo(TempFolder s, string path, string where)
    {
        var recipe = s.Write("r.yaml", $"name: long\nsteps:\n  - where: {where}\noutputs:\n  - {{path: out.openai.jsonl, format: openai}}\n");
        foreach (var threads in new[] { "1", "2" })
            Assert.Equal(0, s.Cli("run", recipe, "--input", path, "--out", s.File("out" + threads), "--threads", threads).Exit);
        var written = File.ReadAllBytes(Path.Combine(s.File("out2"), "out.openai.jsonl"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(s.File("out1"), "out.openai.jsonl")), written);
        return written;
    }

    private const string CodexMeta = """{"timestamp":"2025-10-14T10:02:41.500Z","type":"session_meta","payload":{"id":"long-1","timestamp":"2025-10-14T10:02:41.470Z","cwd":"/w","originator":"codex_cli_rs","cli_version":"0.46.0","source":"cli"}}""";
}
