using System.Text;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// Pi headers across versions (issue 20, items 5 and 7): the file a session was forked from is its parent (v1 calls it
/// <c>branchedFrom</c>, later versions <c>parentSession</c>), and the sniff claims a file only on a Pi header followed
/// by Pi entries.
/// </summary>
public sealed partial class PiReaderTests
{
    private const string UserLine = """{"type":"message","timestamp":"2025-11-20T23:34:00.000Z","message":{"role":"user","content":[{"type":"text","text":"hi"}],"timestamp":1}}""";

    [Theory]
    [InlineData("""{"type":"session","id":"s2","timestamp":"2025-11-20T23:33:50.805Z","cwd":"/w","provider":"anthropic","modelId":"claude-sonnet-4-5","thinkingLevel":"off","branchedFrom":"/home/a/.pi/agent/sessions/--w--/2025-11-20T23-00-00-000Z_s1.jsonl"}""")]
    [InlineData("""{"type":"session","version":3,"id":"s2","timestamp":"2025-11-20T23:33:50.805Z","cwd":"/w","parentSession":"/home/a/.pi/agent/sessions/--w--/2025-11-20T23-00-00-000Z_s1.jsonl"}""")]
    public void A_forked_session_names_the_file_it_came_from_as_its_parent(string header)
    {
        var text = header + "\n" + (header.Contains("\"version\"", StringComparison.Ordinal)
            ? """{"type":"message","id":"a","parentId":null,"timestamp":"2025-11-20T23:34:00.000Z","message":{"role":"user","content":"hi","timestamp":1}}"""
            : UserLine) + "\n";
        var trace = Assert.Single(ReaderRun.Text(new PiReader(), text));
        Assert.Equal("/home/a/.pi/agent/sessions/--w--/2025-11-20T23-00-00-000Z_s1.jsonl", trace.ParentId);
        Assert.Equal(TraceKind.Fork, trace.Kind);
    }

    [Fact]
    public void A_session_without_a_parent_is_a_main_session()
    {
        var trace = Assert.Single(ReaderRun.Text(new PiReader(), """{"type":"session","id":"s1","timestamp":"2025-11-20T23:33:50.805Z","cwd":"/w"}""" + "\n" + UserLine + "\n"));
        Assert.Null(trace.ParentId);
        Assert.Equal(TraceKind.Main, trace.Kind);
    }

    [Theory]
    [InlineData(true, """{"type":"session","id":"s","timestamp":"t","cwd":"/w"}""")]
    [InlineData(true, """{"type":"session","version":3,"id":"s","timestamp":"t","cwd":"/w"}""" + "\n" + """{"type":"label","id":"x","parentId":null,"targetId":"y","label":"z"}""")]
    [InlineData(true, """{"type":"session","version":3,"id":"s","timestamp":"t","cwd":"/w"}""" + "\n" + """{"type":"some_future_entry","id":"x","parentId":null}""")]
    [InlineData(false, """{"type":"session","version":"3","id":"s","timestamp":"t","cwd":"/w"}""")] // a version that is not a number
    [InlineData(false, """{"type":"session","id":7,"timestamp":"t","cwd":"/w"}""")]
    [InlineData(false, """{"type":"session","id":"s","timestamp":"t"}""")] // no cwd
    [InlineData(false, """{"type":"session","id":"s","timestamp":"t","cwd":"/w"}""" + "\n" + """{"type":"message","message":"hi"}""")]
    [InlineData(false, """{"type":"session","id":"s","timestamp":"t","cwd":"/w"}""" + "\n" + """{"type":"human","message":{"role":"user","content":"hi"}}""")]
    [InlineData(false, """{"type":"session","id":"s","timestamp":"t","cwd":"/w"}""" + "\n" + """{"role":"user","content":"hi"}""")]
    public void The_sniff_needs_a_pi_header_and_no_conversation_line_pi_does_not_write(bool pi, string text) =>
        Assert.Equal(pi, new PiReader().Sniff(new FormatHead("x.jsonl", Encoding.UTF8.GetBytes(text + "\n"), complete: true)));
}
