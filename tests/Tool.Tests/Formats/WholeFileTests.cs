using TraceCurate.Formats;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// <see cref="WholeFile.Split"/> reads a file into one array of the length the stream reports, and grows it when the
/// stream goes on past that length or has none (a pipe): every byte must come out, once, in order.
/// </summary>
public sealed class WholeFileTests
{
    private static readonly InputFile File = new("s.jsonl", FormatRegistry.Readers[0], ReadOptions.Default);

    private static byte[] Content(int length) => Enumerable.Range(0, length).Select(i => (byte)('a' + i % 26)).ToArray();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_536)]
    [InlineData(300_001)]
    public void A_seekable_stream_comes_out_whole(int length)
    {
        var content = Content(length);
        var record = Assert.Single(WholeFile.Split(new MemoryStream(content), File));
        Assert.Equal(content, record.Bytes.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65_536)]
    [InlineData(65_537)]
    [InlineData(300_001)]
    public void A_stream_without_a_length_comes_out_whole(int length)
    {
        var content = Content(length);
        var record = Assert.Single(WholeFile.Split(new Trickle(content, reportedLength: null), File));
        Assert.Equal(content, record.Bytes.ToArray());
    }

    [Fact]
    public void A_file_longer_than_its_reported_length_is_read_to_its_end()
    {
        // A session file still being written grows between its length being read and its last byte.
        var content = Content(10_000);
        var record = Assert.Single(WholeFile.Split(new Trickle(content, reportedLength: 9_000), File));
        Assert.Equal(content, record.Bytes.ToArray());
    }

    [Fact]
    public void The_byte_order_mark_is_dropped()
    {
        var record = Assert.Single(WholeFile.Split(new MemoryStream([0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}']), File));
        Assert.Equal("{}"u8.ToArray(), record.Bytes.ToArray());
    }

    [Fact]
    public void A_stream_without_a_length_over_the_limit_is_one_bad_record()
    {
        var limited = File with { Options = new ReadOptions { Limits = new ReadLimits { MaxRecordBytes = 100_000 } } };
        var record = Assert.Single(WholeFile.Split(new Trickle(Content(100_001), reportedLength: null), limited));
        Assert.Contains("longer than the", record.Problem);
        Assert.Null(Assert.Single(WholeFile.Split(new Trickle(Content(100_000), reportedLength: null), limited)).Problem);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(65_537, true)]
    [InlineData(300_001, true)]
    [InlineData(65_537, false)]
    [InlineData(300_001, false)]
    public void ReadAll_gives_every_byte_or_null_over_the_limit(int length, bool seekable)
    {
        // The helper both the splitter and the sub-agent files' session look-up read with: compared with the content
        // itself, at the limit (whole) and one byte under it (null).
        var content = Content(length);
        var whole = WholeFile.ReadAll(new Trickle(content, seekable ? length : null), max: length);
        Assert.Equal(content, whole?.ToArray());
        if (length > 0) Assert.Null(WholeFile.ReadAll(new Trickle(content, seekable ? length : null), max: length - 1));
    }

    /// <summary>Hands out at most 1,000 bytes a read; seekable with the given length, or not seekable at all.</summary>
    private sealed class Trickle(byte[] content, long? reportedLength) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => reportedLength is not null;

        public override bool CanWrite => false;

        public override long Length => reportedLength ?? throw new NotSupportedException();

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 1_000), content.Length - _position);
            Array.Copy(content, _position, buffer, offset, n);
            _position += n;
            return n;
        }

        public override void Flush() { }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
