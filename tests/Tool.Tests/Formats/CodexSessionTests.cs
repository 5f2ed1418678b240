using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>How a Codex session joins a turn's texts and names its model, against expectations worked out by hand.</summary>
public sealed class CodexSessionTests
{
    private static readonly CodexReader Reader = new();

    private const string Meta = """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":"s1","cwd":"/w"}}""";

    private static string Item(string payload) => $$"""{"timestamp":"2025-10-14T09:12:04.000Z","type":"response_item","payload":{{payload}}}""";

    private static string Context(string model) => $$$"""{"timestamp":"2025-10-14T09:12:04.000Z","type":"turn_context","payload":{"model":"{{{model}}}"}}""";

    private static Trace Read(params string[] lines)
    {
        using var folder = new TempFolder();
        var path = folder.Write("session.jsonl", string.Join("\n", [Meta, .. lines, ""]));
        return Assert.Single(ReaderRun.File(Reader, path));
    }

    [Fact]
    public void A_turns_texts_and_reasoning_are_joined_by_a_blank_line_empty_ones_left_out()
    {
        var trace = Read(
            Item("""{"type":"message","role":"user","content":[{"type":"input_text","text":"go"}]}"""),
            Item("""{"type":"reasoning","summary":[{"text":"plan"}]}"""),
            Item("""{"type":"message","role":"assistant","content":[{"text":"one"}]}"""),
            Item("""{"type":"message","role":"assistant","content":[{"text":""}]}"""),
            Item("""{"type":"reasoning","summary":[{"text":"more"},{"text":"still"}]}"""),
            Item("""{"type":"message","role":"assistant","content":[{"text":"two"},{"text":"three"}]}"""),
            Item("""{"type":"message","role":"user","content":[{"type":"input_text","text":"next"}]}"""),
            Item("""{"type":"message","role":"assistant","content":[{"text":"alone"}]}"""),
            Item("""{"type":"reasoning","summary":[]}"""));
        var assistant = trace.Messages.Where(m => m.Role == Role.Assistant).ToList();
        Assert.Equal(["one\n\ntwo\n\nthree", "alone"], assistant.Select(m => m.Text));
        Assert.Equal(["plan\n\nmore\n\nstill", null], assistant.Select(m => m.Thinking));
    }

    [Fact]
    public void The_model_is_that_of_the_most_turns_and_of_equal_counts_the_first_seen()
    {
        Assert.Equal("b", Read(Context("a"), Context("b"), Context("b"), Context("a"), Context("b")).Model);
        Assert.Equal("a", Read(Context("a"), Context("b"), Context("b"), Context("a")).Model);
        Assert.Equal("c", Read(Context("c")).Model);
        Assert.Null(Read().Model);
    }
}
