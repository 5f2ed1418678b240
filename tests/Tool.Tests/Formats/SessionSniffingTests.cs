using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using Xunit.Abstractions;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// Sniffing rules 8 (Pi) and 9 (Claude Code) of input-formats §9: every Pi and Claude Code sample and corpus file is
/// detected as its own format, and no other registered reader's sniff matches it, so registry order cannot matter.
/// </summary>
public sealed class SessionSniffingTests(ITestOutputHelper output)
{
    public static readonly TheoryData<string> Formats = new() { "pi", "claude-code" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Each_file_is_detected_as_its_format_and_matches_no_other_reader(string format)
    {
        var files = Directory.GetFiles(RepoPaths.Samples(format), "*.jsonl").Concat(RepoPaths.CorpusFiles(format, ".jsonl")).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var head = ReaderRun.Head(file);
            var matching = FormatRegistry.Readers.Where(r => r.Sniff(head)).Select(r => r.Format).ToList();
            output.WriteLine($"{file}: {string.Join(", ", matching)}");
            Assert.Equal([format], matching);
            Assert.Equal(format, FormatDetector.Detect(file).Format);
        }
    }

    [Fact]
    public void A_claude_code_file_that_starts_with_snapshots_or_a_summary_is_still_claude_code()
    {
        var head = new FormatHead("x.jsonl", """
            {"type":"summary","summary":"Title","leafUuid":"u9"}
            {"type":"file-history-snapshot","messageId":"m","snapshot":{},"isSnapshotUpdate":false}
            """u8.ToArray(), complete: true);
        Assert.True(new ClaudeCodeReader().Sniff(head));
        Assert.False(new PiReader().Sniff(head));
    }

    [Fact]
    public void A_session_header_that_carries_a_sessionId_is_not_pi()
    {
        var head = new FormatHead("x.jsonl", """{"type":"session","cwd":"/w","sessionId":"s","uuid":"u"}"""u8.ToArray(), complete: true);
        Assert.False(new PiReader().Sniff(head));
        Assert.True(new ClaudeCodeReader().Sniff(head));
    }
}
