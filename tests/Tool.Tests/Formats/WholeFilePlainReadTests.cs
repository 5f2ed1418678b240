using System.IO.Compression;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// <see cref="WholeFile.ReadPlain"/>, the workers' read of a plain session file by its handle, must give the record the
/// stream path gives (<see cref="WholeFile.Split"/> over <see cref="FormatDetector.Open"/>): the same bytes, the same
/// refusal, or null (the stream path then reads it) for a compressed file and a file over the record limit. Compared on
/// every corpus and sample file and on built files: empty, a byte order mark, partial magic bytes, sizes around the
/// pooled arrays' threshold, a walked length shorter or longer than the file, gzip and zstd.
/// </summary>
public sealed class WholeFilePlainReadTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static InputFile Input(string path, long? length = null, long? limit = null) =>
        new(path, FormatRegistry.Find("codex")!, limit is { } max ? new ReadOptions { Limits = new ReadLimits { MaxRecordBytes = max } } : ReadOptions.Default)
        {
            Length = length ?? new FileInfo(path).Length,
        };

    /// <summary>The record the stream path gives, as the producer and a hashing worker read it.</summary>
    private static RawRecord ByStream(InputFile file)
    {
        using var content = FormatDetector.Open(file.Path);
        return Assert.Single(WholeFile.Split(content, file).ToList());
    }

    private static void SameAsStream(InputFile file, int threads = 1)
    {
        var plain = WholeFile.ReadPlain(file, threads);
        var stream = ByStream(file);
        Assert.NotNull(plain);
        Assert.Equal(stream.Problem, plain.Problem);
        Assert.Equal(stream.Line, plain.Line);
        Assert.True(stream.Bytes.Span.SequenceEqual(plain.Bytes.Span), $"{file.Path}: {plain.Bytes.Length} bytes read by handle, {stream.Bytes.Length} by stream");
        plain.Release();
        stream.Release();
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Content(int length) => Enumerable.Range(0, length).Select(i => (byte)('a' + i % 26)).ToArray();

    [CorpusFact]
    public void Every_corpus_and_sample_file_reads_as_the_stream_path_reads_it()
    {
        var files = RepoPaths.CorpusAndSampleFiles();
        foreach (var path in files)
        {
            var file = Input(path);
            if (FormatDetector.CompressionOf(path) != FormatDetector.Compression.None)
            {
                Assert.Null(WholeFile.ReadPlain(file));
                continue;
            }
            SameAsStream(file);
        }
        Assert.True(files.Count > 50, $"only {files.Count} files");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4_095)]
    [InlineData(84_999)]
    [InlineData(85_000)]
    [InlineData(131_071)]
    [InlineData(131_072)]
    [InlineData(300_001)]
    public void A_plain_file_reads_whole(int length) => SameAsStream(Input(Write("s.jsonl", Content(length))));

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}', (byte)'\n' })]
    [InlineData(new byte[] { 0x1f })] // a gzip magic's first byte alone is no gzip file
    [InlineData(new byte[] { 0x28, 0xB5, 0x2F })] // nor three of zstd's four
    [InlineData(new byte[] { 0x1f, (byte)'{' })]
    public void Short_and_marked_files_read_as_the_stream_path_reads_them(byte[] bytes) => SameAsStream(Input(Write("s.jsonl", bytes)));

    [Theory]
    [InlineData(1_000, 0)]
    [InlineData(1_000, 10)]
    [InlineData(1_000, 999)]
    [InlineData(1_000, 1_001)]
    [InlineData(1_000, 5_000)]
    [InlineData(200_000, 100)]
    [InlineData(200_000, 90_000)]
    [InlineData(200_000, 400_000)]
    public void A_walked_length_that_is_no_longer_true_still_gives_the_file(int actual, int walked) =>
        SameAsStream(Input(Write("s.jsonl", Content(actual)), walked));

    [Fact]
    public void A_file_over_the_limit_is_left_to_the_stream_path()
    {
        var path = Write("s.jsonl", Content(100_001));
        Assert.Null(WholeFile.ReadPlain(Input(path, limit: 100_000)));
        // Walked shorter than it is (it grew): over the limit when read, left to the stream path all the same.
        Assert.Null(WholeFile.ReadPlain(Input(path, length: 10, limit: 100_000)));
        Assert.NotNull(ByStream(Input(path, limit: 100_000)).Problem);
        SameAsStream(Input(path, limit: 100_001));
    }

    [Fact]
    public void A_compressed_file_is_left_to_the_stream_path()
    {
        var gz = Path.Combine(_dir.Path, "s.jsonl.gz");
        using (var stream = new GZipStream(File.Create(gz), CompressionLevel.Fastest)) stream.Write(Content(5_000));
        Assert.Null(WholeFile.ReadPlain(Input(gz)));
        var zstd = Write("z.jsonl", [0x28, 0xB5, 0x2F, 0xFD, 1, 2, 3]);
        Assert.Null(WholeFile.ReadPlain(Input(zstd)));
        // Named compressed: left to the stream path before it is read, which reads a plain one as it is.
        var named = Write("plain.jsonl.GZ", Content(100));
        Assert.Null(WholeFile.ReadPlain(Input(named)));
        Assert.Equal(Content(100), ByStream(Input(named)).Bytes.ToArray());
        Assert.Null(WholeFile.ReadPlain(Input(Write("plain.jsonl.zst", Content(100)))));
    }

    [Theory]
    [InlineData("s.jsonl.gz", true)]
    [InlineData("s.jsonl.Gz", true)]
    [InlineData("s.jsonl.gZ", true)]
    [InlineData("s.jsonl.zst", true)]
    [InlineData("s.jsonl.ZsT", true)]
    [InlineData("s.jsonl.tz", false)]
    [InlineData("s.jsonl.z", false)]
    [InlineData("s.jsonl.gzt", false)]
    [InlineData("s.jsonl.zstz", false)]
    [InlineData("s.jsonl.txt", false)]
    [InlineData("s.jsonl.gzip", false)]
    public void Only_a_compressed_suffix_in_any_case_is_left_to_the_stream_path_by_name(string name, bool named)
    {
        var file = Input(Write(name, Content(100)));
        if (named) Assert.Null(WholeFile.ReadPlain(file));
        else SameAsStream(file);
    }

    [Fact]
    public void A_missing_file_fails_as_opening_it_for_the_stream_path_fails()
    {
        var file = Input(Write("s.jsonl", Content(10)));
        File.Delete(file.Path);
        var plain = Assert.ThrowsAny<Exception>(() => WholeFile.ReadPlain(file));
        var stream = Assert.ThrowsAny<Exception>(() => ByStream(file));
        Assert.Equal(stream.GetType(), plain.GetType());
        Assert.Equal(stream.Message, plain.Message);
    }

    /// <summary>
    /// A file of at least <see cref="SessionParts.LargeBytes"/> bytes is read on several threads, one part each: the same
    /// bytes, with a line end or a multi-byte character across every part's edge, and a walked length that is no longer
    /// true (the file grew or shrank since) read as the file is now.
    /// </summary>
    [Theory]
    [InlineData(0, 0, 2)]
    [InlineData(0, 0, 3)]
    [InlineData(1, 0, 2)]
    [InlineData(1, 0, 7)]
    [InlineData(0, 1000, 2)]
    [InlineData(2000, -1000, 2)]
    public void A_large_file_reads_in_parts_as_the_stream_path_reads_it(int extra, int walkedOff, int threads)
    {
        // Its own content for each case, so that an array pooled from another case holds other bytes.
        var line = System.Text.Encoding.UTF8.GetBytes($"{{\"text\":\"caf\u00e9 \u2192 ünïcode {extra} {walkedOff} {threads}\"}}\n");
        var length = (int)SessionParts.LargeBytes + extra;
        var bytes = new byte[length];
        for (var at = 0; at < length; at += line.Length) line.AsSpan(0, Math.Min(line.Length, length - at)).CopyTo(bytes.AsSpan(at));
        var path = Write("large.jsonl", bytes);
        SameAsStream(Input(path, length: length + walkedOff), threads);
        var plain = WholeFile.ReadPlain(Input(path, length: length + walkedOff), threads)!;
        Assert.Equal(length, plain.Bytes.Length);
        Assert.True(plain.Bytes.Span.SequenceEqual(bytes));
        plain.Release();
    }
}
