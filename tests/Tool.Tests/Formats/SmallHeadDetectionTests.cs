using System.Text;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// Detection on a small head (<see cref="FormatDetector.SmallHeadBytes"/>) first: every file must get the reader that
/// detection on the full head (the path before it, kept as <see cref="FormatDetector.DetectByFullHead"/>) gives it, or
/// the same error, on every sample and every file of the shared corpus, and on cut-off cases built here.
/// </summary>
public sealed class SmallHeadDetectionTests
{
    [Fact]
    public void Every_sample_file_is_detected_as_on_the_full_head()
    {
        var files = Directory.EnumerateFiles(RepoPaths.Samples(), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 50, $"only {files.Count} sample files");
        foreach (var path in files) AssertSameAsFullHead(path);
    }

    [CorpusFact]
    public void Every_corpus_file_is_detected_as_on_the_full_head()
    {
        var files = Directory.EnumerateFiles(RepoPaths.Corpus!, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var decidedSmall = files.Count(f => new FileInfo(f).Length > FormatDetector.SmallHeadBytes);
        Assert.True(decidedSmall >= 10, $"only {decidedSmall} corpus files are longer than the small head");
        foreach (var path in files) AssertSameAsFullHead(path);
    }

    [Fact]
    public void A_file_no_longer_than_the_small_head_gives_the_head_a_full_read_gives()
    {
        foreach (var path in Directory.EnumerateFiles(RepoPaths.Samples(), "*", SearchOption.AllDirectories)
                     .Where(f => new FileInfo(f).Length < FormatDetector.SmallHeadBytes && !FormatDetector.IsGzip(f)))
        {
            using var small = FormatDetector.ReadSmallHead(path)!;
            var head = FormatDetector.ReadHead(path);
            Assert.True(small.IsComplete, path);
            Assert.Equal(head.IsComplete, small.IsComplete);
            Assert.Equal(head.FileName, small.FileName);
            Assert.Equal(head.FullPath, small.FullPath);
            Assert.True(head.Bytes.Span.SequenceEqual(small.Bytes.Span), path);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(FormatDetector.SmallHeadBytes - 1)]
    [InlineData(FormatDetector.SmallHeadBytes)]
    [InlineData(FormatDetector.SmallHeadBytes + 1)]
    [InlineData(3 * FormatDetector.SmallHeadBytes)]
    public void The_small_head_is_the_file_s_first_bytes_and_whole_only_when_shorter(int length)
    {
        // Its length is not asked: a read that ends short of the small head is the whole file, one that fills it is not,
        // also for a file of exactly the small head's length.
        using var dir = new TempFolder();
        var bytes = Enumerable.Range(0, length).Select(i => i % 100 == 99 ? (byte)'\n' : (byte)'a').ToArray();
        var path = dir.Write("s.jsonl", bytes);
        using var small = FormatDetector.ReadSmallHead(path)!;
        Assert.True(bytes.AsSpan(0, Math.Min(length, FormatDetector.SmallHeadBytes)).SequenceEqual(small.Bytes.Span));
        Assert.Equal(length < FormatDetector.SmallHeadBytes, small.IsComplete);
        Assert.Equal(Path.GetFullPath(path), small.FullPath);
        using var full = FormatDetector.ReadHead(path, rent: true);
        if (small.IsComplete) Assert.True(full.Bytes.Span.SequenceEqual(small.Bytes.Span));
        Assert.Equal(full.IsComplete && length < FormatDetector.SmallHeadBytes, small.IsComplete);
    }

    [Fact]
    public void A_session_whose_first_line_outgrows_the_small_head_is_detected_on_the_full_head()
    {
        using var dir = new TempFolder();
        var text = new string('a', 3 * FormatDetector.SmallHeadBytes);
        // Claude Code: a first user line of 48 KB; Codex: a session_meta with long instructions; Pi: a long first message.
        var claude = dir.Write("claude.jsonl", Lines(
            $$$"""{"type":"user","sessionId":"s","uuid":"u1","message":{"role":"user","content":"{{{text}}}"}}""",
            """{"type":"assistant","sessionId":"s","uuid":"u2","message":{"role":"assistant","content":[{"type":"text","text":"ok"}]}}"""));
        var codex = dir.Write("codex.jsonl", Lines(
            $$$"""{"timestamp":"2025-01-01T00:00:00Z","type":"session_meta","payload":{"id":"x","instructions":"{{{text}}}"}}""",
            """{"timestamp":"2025-01-01T00:00:01Z","type":"response_item","payload":{"type":"message","role":"user","content":[]}}"""));
        var cut = dir.Write("cut.jsonl", Encoding.UTF8.GetBytes($$$"""{"type":"user","sessionId":"s","uuid":"u1","message":"{{{text}}}"""));
        using (var small = FormatDetector.ReadSmallHead(claude)!) Assert.False(small.HasJsonLines(1)); // no whole line in it
        Assert.Equal("claude-code", FormatDetector.Detect(claude).Format);
        Assert.Equal("codex", FormatDetector.Detect(codex).Format);
        foreach (var path in new[] { claude, codex, cut }) AssertSameAsFullHead(path);
    }

    [Fact]
    public void A_long_session_is_decided_on_its_small_head_and_other_formats_on_the_full_head()
    {
        using var dir = new TempFolder();
        var filler = new string('b', 2000);
        // A Claude Code session of 200 lines of 2 KB: its first lines decide.
        var claude = dir.Write("long.jsonl", Lines(Enumerable.Range(0, 200).Select(i =>
            $$$"""{"type":"user","sessionId":"s","uuid":"u{{{i}}}","message":{"role":"user","content":"{{{filler}}}"}}""").ToArray()));
        // Twenty AgentTrace-like lines would be claimed by the AgentTrace reader only on a line past the small head: not a
        // session reader's claim on the small head, so the full head decides, as before.
        var mixed = dir.Write("mixed.jsonl", Lines(Enumerable.Range(0, 12).Select(i =>
            $$$"""{"note":"{{{filler}}}"}""").Append("""{"trace_id":"t","spans":[],"llm_steps":[]}""").ToArray()));
        Assert.Equal("claude-code", FormatDetector.Detect(claude).Format);
        AssertSameAsFullHead(claude);
        AssertSameAsFullHead(mixed);
        Assert.Equal("agenttrace", FormatDetector.Detect(mixed).Format);
    }

    [Fact]
    public void A_compressed_session_is_detected_on_its_decompressed_full_head()
    {
        using var dir = new TempFolder();
        var sample = Directory.EnumerateFiles(RepoPaths.Samples("claude-code"), "*.jsonl").Order(StringComparer.Ordinal).First();
        using var buffer = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(buffer, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(File.ReadAllBytes(sample));
        var path = dir.Write("s.jsonl.gz", buffer.ToArray());
        Assert.Null(FormatDetector.ReadSmallHead(path));
        Assert.Equal("claude-code", FormatDetector.Detect(path).Format);
    }

    private static byte[] Lines(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    /// <summary>The same reader as the full head's detection, or the same error.</summary>
    private static void AssertSameAsFullHead(string path)
    {
        var expected = Outcome(() => FormatDetector.DetectByFullHead(path));
        var actual = Outcome(() => FormatDetector.Detect(path));
        Assert.True(expected == actual, $"{path}: full head {expected}, small head first {actual}");
    }

    private static string Outcome(Func<ITraceReader> detect)
    {
        try
        {
            return detect().Format;
        }
        catch (TraceCurateException e)
        {
            return "error: " + string.Join("; ", e.Diagnostics.Select(d => d.Message));
        }
    }
}
