using System.IO.Compression;
using TraceCurate.Parquet;

namespace TraceCurate.Tests.Parquet;

public class CodecsTests
{
    private static readonly byte[] Sample = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 2000).Select(i => $"line {i % 17} héllo ✓\n")));

    [Theory]
    [InlineData(ParquetCodec.Uncompressed)]
    [InlineData(ParquetCodec.Snappy)]
    [InlineData(ParquetCodec.Gzip)]
    [InlineData(ParquetCodec.Zstd)]
    public void Each_write_codec_round_trips(ParquetCodec writeCodec)
    {
        var codec = (CompressionCodec)(int)writeCodec;
        var compressed = Codecs.Compress(codec, Sample);
        if (codec != CompressionCodec.Uncompressed) Assert.True(compressed.Length < Sample.Length / 3);
        Assert.Equal(Sample, Codecs.Decompress(codec, compressed, Sample.Length, "test"));
    }

    [Fact]
    public void Zstd_output_is_a_standard_frame_with_its_magic_number()
    {
        Assert.True(Zstd.IsAvailable, "libzstd.so.1 should be installed on the build machines (Debian package libzstd1)");
        Assert.Equal([0x28, 0xB5, 0x2F, 0xFD], Zstd.Compress(Sample, 3).Take(4)); // RFC 8878 §3.1.1
        Assert.True(Zstd.Version >= 10400);
    }

    [Fact]
    public void Gzip_output_is_RFC_1952_and_multiple_members_are_accepted()
    {
        var one = Codecs.Compress(CompressionCodec.Gzip, Sample);
        Assert.Equal([0x1F, 0x8B], one.Take(2)); // gzip, not zlib or raw deflate
        var two = Codecs.Compress(CompressionCodec.Gzip, "tail"u8);
        var both = Codecs.Decompress(CompressionCodec.Gzip, [.. one, .. two], Sample.Length + 4, "test");
        Assert.Equal([.. Sample, .. "tail"u8], both);
    }

    [Fact]
    public void Brotli_pages_from_other_writers_decompress()
    {
        var ms = new MemoryStream();
        using (var b = new BrotliStream(ms, CompressionLevel.Fastest, leaveOpen: true)) b.Write(Sample);
        Assert.Equal(Sample, Codecs.Decompress(CompressionCodec.Brotli, ms.ToArray(), Sample.Length, "test"));
    }

    [Fact]
    public void Lz4_raw_decodes_a_hand_built_block_with_an_overlapping_match()
    {
        // lz4_Block_format.md: token 0x35 = 3 literals + match length 5+4 = 9; literals "abc"; offset 3 (LE).
        // Then a final literal-only sequence: token 0x20 + "xy".
        byte[] block = [0x35, (byte)'a', (byte)'b', (byte)'c', 0x03, 0x00, 0x20, (byte)'x', (byte)'y'];
        Assert.Equal("abcabcabcabcxy", System.Text.Encoding.ASCII.GetString(Codecs.Decompress(CompressionCodec.Lz4Raw, block, 14, "test")));
    }

    [Fact]
    public void A_size_different_from_the_page_header_is_reported()
    {
        var compressed = Codecs.Compress(CompressionCodec.Gzip, Sample);
        var e = Assert.Throws<ParquetFormatException>(() => Codecs.Decompress(CompressionCodec.Gzip, compressed, Sample.Length + 1, "row group 3, column 'x'"));
        Assert.StartsWith("row group 3, column 'x'", e.Message);
    }

    [Fact]
    public void Corrupt_zstd_data_is_reported_with_the_library_error()
    {
        var e = Assert.Throws<ParquetFormatException>(() => Codecs.Decompress(CompressionCodec.Zstd, [0x28, 0xB5, 0x2F, 0xFD, 1, 2, 3], 10, "page"));
        Assert.Contains("ZSTD", e.Message);
    }
}
