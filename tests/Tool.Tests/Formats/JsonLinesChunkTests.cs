using System.Text;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// Records are slices of shared chunks, not copies. Every record must stay as it was cut while later chunks are read
/// (a chunk is never written again once a record points into it), whatever the chunk size and however a line
/// straddles reads and chunks.
/// </summary>
public sealed class JsonLinesChunkTests
{
    [Theory]
    [InlineData(16, 1)]
    [InlineData(64, 7)]
    [InlineData(100, 4096)]
    [InlineData(4096, 333)]
    public void Records_cut_from_small_chunks_are_the_lines_and_survive_later_reads(int chunkBytes, int readSize)
    {
        var random = new Random(chunkBytes * 31 + readSize);
        var lines = Enumerable.Range(0, 400).Select(i => i % 37 == 0 ? "" : $"{{\"n\": {i}, \"s\": \"{new string((char)('a' + i % 26), random.Next(0, i % 5 == 0 ? 900 : 60))}é\"}}").ToList();
        var text = "\uFEFF" + string.Join("\r\n", lines.Take(200)) + "\n" + string.Join("\n", lines.Skip(200));
        var file = new InputFile("in.jsonl", FormatRegistry.Readers[0], ReadOptions.Default);

        // ToList first: every record is held while the whole stream is read, as batches hold them in a run.
        var records = JsonLines.Split(new TrickleStream(Encoding.UTF8.GetBytes(text), readSize), file, chunkBytes).ToList();

        var expected = lines.Select((l, i) => (Line: (long)i + 1, Text: l)).Where(l => l.Text.Length > 0).ToList();
        Assert.Equal(expected.Select(e => e.Line), records.Select(r => r.Line));
        Assert.Equal(expected.Select(e => e.Text), records.Select(r => Encoding.UTF8.GetString(r.Bytes.Span)));
        Assert.True(records[^1].Unterminated); // the text ends without a newline
        Assert.All(records.SkipLast(1), r => Assert.False(r.Unterminated));
    }

    [Fact]
    public void A_line_longer_than_a_chunk_gets_a_bigger_chunk_and_the_limit_still_holds()
    {
        var file = new InputFile("in.jsonl", FormatRegistry.Readers[0], new ReadOptions { Limits = new ReadLimits { MaxRecordBytes = 5000 } });
        var text = "a\n" + new string('b', 4999) + "\n" + new string('c', 5001) + "\nd\n";

        var records = JsonLines.Split(new TrickleStream(Encoding.UTF8.GetBytes(text), 100), file, 64).ToList();

        Assert.Equal(new long[] { 1, 2, 3, 4 }, records.Select(r => r.Line));
        Assert.Equal(4999, records[1].Bytes.Length);
        Assert.True(records[1].Bytes.Span.IndexOfAnyExcept((byte)'b') < 0);
        Assert.NotNull(records[2].Problem);
        Assert.Equal("d", Encoding.UTF8.GetString(records[3].Bytes.Span));
        Assert.Equal("a", Encoding.UTF8.GetString(records[0].Bytes.Span));
    }
}
