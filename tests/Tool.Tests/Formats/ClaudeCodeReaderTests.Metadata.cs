using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

public sealed partial class ClaudeCodeReaderTests
{
    /// <summary>
    /// A trace's metadata is written when first read, after the reader has returned and disposed the file's documents:
    /// the lines passed through into the events, and a first line read through a document, must be copies of their own.
    /// Written out here by hand (the envelope from the first line's document, the event as the file holds it).
    /// </summary>
    [Fact]
    public void Metadata_written_after_the_file_is_read_holds_the_first_lines_envelope_and_the_events_as_the_file_had_them()
    {
        var progress = """{"parentUuid":"a1","isSidechain":false,"sessionId":"s1","type":"progress","uuid":"p1","timestamp":"2026-01-20T09:00:02.000Z","data":{"type":"bash_progress","output":"x\ty"}}""";
        var text = Lines(
            Line("user", "u1", null, Prompt("go"), extra: ""","subtype":"note","gitBranch":"dev","userType":"external" """.TrimEnd()), // a subtype: read through a document
            Line("assistant", "a1", "u1", Use("m1", "t1")),
            progress,
            Line("user", "r1", "p1", Result("t1", "ok")),
            Line("assistant", "a2", "r1", Say("m2", "done")));
        var trace = Assert.Single(ReaderRun.Text(Reader, text));
        var expected = """{"sessionId":"s1","version":"2.0.40","gitBranch":"dev","userType":"external","events":[""" + progress + "]}";
        Assert.Equal(expected, trace.Metadata!.Value.GetRawText());
        Assert.Equal(expected, trace.Metadata!.Value.GetRawText()); // read twice: the same element
    }
}
