using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// Detection that does not guess (issue 20, item 5): files of agents this tool does not read are refused with TC0006,
/// and no reader's sniff claims them; they were taken before as mini-swe-agent, Claude Code or Pi sessions with nothing
/// in them. The fixtures are described in <c>Fixtures/foreign/README.md</c>.
/// </summary>
public sealed class ForeignFileDetectionTests
{
    public static readonly TheoryData<string> Foreign = new()
    {
        "qwen-code-session.jsonl", "iflow-session.jsonl", "openclaw-trajectory.jsonl", "pi-header-foreign-entries.jsonl",
    };

    [Theory]
    [MemberData(nameof(Foreign))]
    public void A_file_of_another_agent_is_refused_with_TC0006_naming_it(string name)
    {
        var path = Fixture(name);
        Assert.Empty(FormatRegistry.Readers.Where(r => r.Sniff(FormatDetector.ReadHead(path))).Select(r => r.Format));
        var e = Assert.Throws<TraceCurateException>(() => FormatDetector.Detect(path));
        var diagnostic = Assert.Single(e.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownFormat, diagnostic.Code);
        Assert.Equal(path, diagnostic.Path);
    }

    /// <summary>OpenAI chat messages were refused until chat-rows read them (issue 23): now they are chat rows, and only that.</summary>
    [Theory]
    [InlineData("openai-messages-array.json", 1)]
    [InlineData("openai-messages-object.json", 1)]
    [InlineData("openai-messages-rows.jsonl", 1)]
    public void An_openai_messages_file_is_chat_rows_and_no_other_reader_claims_it(string name, int atLeast)
    {
        var path = Fixture(name);
        Assert.Equal(["chat-rows"], FormatRegistry.Readers.Where(r => r.Sniff(FormatDetector.ReadHead(path))).Select(r => r.Format));
        var traces = ReaderRun.File(new ChatRowsReader(), path, ReadOptions.Default);
        Assert.True(traces.Count >= atLeast);
        Assert.Contains(traces, t => t.Actions.Count > 0); // the calls are read: not 0 actions as under mini-swe-agent
    }

    [Fact]
    public void An_openclaw_transcript_is_a_pi_session_and_is_read_whole()
    {
        // OpenClaw writes <sessionId>.jsonl with Pi's session manager and Pi's header: it is Pi's format, so the Pi
        // reader reads it; its one tool call, result and both model turns are there.
        var path = Fixture("openclaw-transcript.jsonl");
        Assert.Equal("pi", FormatDetector.Detect(path).Format);
        var trace = Assert.Single(ReaderRun.File(new PiReader(), path));
        var action = Assert.Single(trace.Actions);
        Assert.Equal("exec", action.Name);
        Assert.Contains("backup ok", action.Output);
        Assert.Equal(4, trace.Messages.Count); // user, assistant (call), tool result, assistant (answer)
        Assert.Equal("openai-codex/gpt-5.2", trace.Model);
    }

    [Fact]
    public void A_chat_message_list_with_mini_swe_agent_marks_is_still_mini_swe_agent()
    {
        // The positive evidence a bare list needs: an observation rendered with <returncode>, as mini-swe-agent renders it.
        using var dir = new TempFolder();
        var path = dir.Write("run.traj.json", """
            [
              {"role": "system", "content": "You are a helpful assistant that can interact with a computer."},
              {"role": "user", "content": "Please solve this issue: x"},
              {"role": "assistant", "content": "THOUGHT: look\n\n```bash\nls\n```"},
              {"role": "user", "content": "<returncode>0</returncode>\n<output>\na.py\n</output>"}
            ]
            """);
        Assert.Equal("mini-swe-agent", FormatDetector.Detect(path).Format);
        Assert.Single(Assert.Single(ReaderRun.File(new MiniSweAgentReader(), path)).Actions);
    }

    private static string Fixture(string name) => Path.Combine(RepoPaths.Root, "tests", "Tool.Tests", "Fixtures", "foreign", name);
}
