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

        var one = s.Cli("inspect", path, "--json", "--threads", "1");
        var two = s.Cli("inspect", path, "--json", "--threads", "2");
        Assert.Equal(0, one.Exit);
        Assert.Equal(0, two.Exit);
        Assert.Equal(one.Out, two.Out);
        using (var doc = JsonDocument.Parse(two.Out))
        {
            Assert.Equal(Sessions, doc.RootElement.GetProperty("traces").GetInt32());
            Assert.Equal(Sessions * (LinesPerSession / 3), doc.RootElement.GetProperty("actions").GetInt32()); // a call every third line
        }

        // A filter that keeps the first half of the sessions: the traces are judged and rendered on the threads too.
        var recipe = s.Write("r.yaml", "name: long\nsteps:\n  - where: string.CompareOrdinal(t.Id, \"s20-\") < 0\noutputs:\n  - {path: out.openai.jsonl, format: openai}\n");
        foreach (var threads in new[] { "1", "2" })
            Assert.Equal(0, s.Cli("run", recipe, "--input", path, "--out", s.File("out" + threads), "--threads", threads).Exit);
        var written = File.ReadAllBytes(Path.Combine(s.File("out2"), "out.openai.jsonl"));
        Assert.Equal(File.ReadAllBytes(Path.Combine(s.File("out1"), "out.openai.jsonl")), written);
        Assert.Equal(Sessions / 2, written.Count(b => b == (byte)'\n'));
    }
}
