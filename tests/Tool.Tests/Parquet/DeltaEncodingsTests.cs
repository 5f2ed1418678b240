using System.Text;
using TraceCurate.Parquet;

namespace TraceCurate.Tests.Parquet;

/// <summary>Byte sequences built by hand from the examples in parquet-format Encodings.md.</summary>
public class DeltaEncodingsTests
{
    // Header shared by the examples: block size 128 (varint 80 01), 4 miniblocks of 32 values.
    [Fact]
    public void Delta_binary_packed_decodes_example_1_with_zero_width_miniblocks()
    {
        // 1,2,3,4,5: count 5, first value zigzag(1)=2, min delta zigzag(1)=2, all widths 0, no miniblock bytes.
        byte[] data = [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00];
        Assert.Equal([1L, 2, 3, 4, 5], DeltaEncodings.DecodeBinaryPacked(data, "test", out int consumed, 5));
        Assert.Equal(data.Length, consumed);
    }

    [Fact]
    public void Delta_binary_packed_decodes_example_2_with_a_negative_min_delta()
    {
        // 7,5,3,1,2,3,4,5: deltas -2,-2,-2,1,1,1,1; min delta -2 (zigzag 3); relative 0,0,0,3,3,3,3 at width 2.
        // Only the first miniblock holds values; later miniblocks are omitted but their widths are present.
        byte[] data = [0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0x00, 0x00, 0x00, 0xC0, 0x3F, 0, 0, 0, 0, 0, 0];
        Assert.Equal([7L, 5, 3, 1, 2, 3, 4, 5], DeltaEncodings.DecodeBinaryPacked(data, "test", out int consumed, 8));
        Assert.Equal(data.Length, consumed);
    }

    [Fact]
    public void Delta_binary_packed_wraps_around_like_the_spec_requires()
    {
        // long.MaxValue then long.MinValue: delta +1 overflowing; first value zigzag(MaxValue) = 2^64-2.
        byte[] first = [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        byte[] data = [0x80, 0x01, 0x04, 0x02, .. first, 0x02, 0x00, 0x00, 0x00, 0x00];
        Assert.Equal([long.MaxValue, long.MinValue], DeltaEncodings.DecodeBinaryPacked(data, "test", out _, 2));
    }

    [Fact]
    public void Delta_length_byte_array_decodes_the_spec_example()
    {
        // "Hello","World","Foobar","ABCDEF": lengths 5,5,6,6 (first zigzag 10; deltas 0,1,0 at width 1), then the bytes.
        byte[] lengths = [0x80, 0x01, 0x04, 0x04, 0x0A, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00];
        byte[] data = [.. lengths, .. "HelloWorldFoobarABCDEF"u8];
        var values = DeltaEncodings.DecodeLengthByteArray(data, "test", out int consumed, 4);
        Assert.Equal(["Hello", "World", "Foobar", "ABCDEF"], values.Select(v => Encoding.ASCII.GetString(v)));
        Assert.Equal(data.Length, consumed);
    }

    [Fact]
    public void Delta_byte_array_decodes_the_spec_example()
    {
        // "axis","axle","babble","babyhood": prefixes 0,2,0,3 (deltas 2,-2,3; min -2; relative 4,0,5 at width 3),
        // suffixes "axis","le","babble","yhood" (lengths 4,2,6,5; deltas -2,4,-1; min -2; relative 0,6,1 at width 3).
        byte[] prefixes = [0x80, 0x01, 0x04, 0x04, 0x00, 0x03, 0x03, 0x00, 0x00, 0x00, 0x44, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] suffixLengths = [0x80, 0x01, 0x04, 0x04, 0x08, 0x03, 0x03, 0x00, 0x00, 0x00, 0x70, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] data = [.. prefixes, .. suffixLengths, .. "axislebabbleyhood"u8];
        var values = DeltaEncodings.DecodeByteArray(data, "test", 4);
        Assert.Equal(["axis", "axle", "babble", "babyhood"], values.Select(v => Encoding.ASCII.GetString(v)));
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02 }, "truncated")]       // widths cut off
    [InlineData(new byte[] { 0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0, 0, 0, 0xC0 }, "truncated")]
    [InlineData(new byte[] { 0x07, 0x04, 0x08, 0x0E }, "header")]                           // block size not a multiple of 128
    public void Delta_binary_packed_rejects_corrupt_data(byte[] data, string expected)
    {
        var e = Assert.Throws<ParquetFormatException>(() => DeltaEncodings.DecodeBinaryPacked(data, "test", out _, 2));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Byte_stream_split_interleaves_streams_back_into_values()
    {
        // INT32 0x04030201 and 0x08070605: stream k holds byte k of each value.
        var plain = ByteStreamSplit.Decode([0x01, 0x05, 0x02, 0x06, 0x03, 0x07, 0x04, 0x08], 4, 2, "test");
        Assert.Equal([0x04030201, 0x08070605], PlainEncoding.Decode(PhysicalType.Int32, 0, plain, 2, "test").Cast<int>());
        Assert.Equal([0x01, 0x05, 0x02, 0x06, 0x03, 0x07, 0x04, 0x08], ByteStreamSplit.Encode(plain, 4));
    }
}
