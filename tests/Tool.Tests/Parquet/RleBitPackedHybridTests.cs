using TraceCurate.Parquet;

namespace TraceCurate.Tests.Parquet;

public class RleBitPackedHybridTests
{
    private static int[] Decode(byte[] data, int bitWidth, int count)
    {
        var values = new int[count];
        RleBitPackedHybrid.Decode(data, bitWidth, values, "test");
        return values;
    }

    [Fact]
    public void Decodes_the_bit_packing_example_from_Encodings_md()
    {
        // Encodings.md: 0..7 with bit width 3 packs to 10001000 11000110 11111010; header (1 group << 1) | 1.
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], Decode([0x03, 0x88, 0xC6, 0xFA], 3, 8));
    }

    [Fact]
    public void Decodes_an_RLE_run_followed_by_a_padded_bit_packed_run()
    {
        // RLE: header 5 << 1 = 0x0A, value 7 in one byte; then one bit-packed group of width 3 holding 1,2 and padding.
        Assert.Equal([7, 7, 7, 7, 7, 1, 2], Decode([0x0A, 0x07, 0x03, 0x11, 0x00, 0x00], 3, 7));
    }

    [Fact]
    public void Decodes_width_zero_runs_without_value_bytes()
    {
        Assert.Equal(new int[5], Decode([0x0A], 0, 5));
    }

    [Fact]
    public void RLE_values_of_wide_widths_use_little_endian_bytes()
    {
        // Width 17 stores the run value in 3 bytes: 0x012345.
        Assert.Equal([0x12345, 0x12345], Decode([0x04, 0x45, 0x23, 0x01], 17, 2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(31)]
    [InlineData(32)]
    public void Encode_then_decode_round_trips_at_edge_bit_widths(int bitWidth)
    {
        var rng = new Random(bitWidth);
        long max = bitWidth == 0 ? 0 : (1L << bitWidth) - 1;
        var values = new List<int>();
        for (int block = 0; block < 60; block++)
        {
            // Alternate long runs (RLE) with noise (bit-packed) of awkward lengths.
            int v = (int)(uint)(ulong)rng.NextInt64(0, max + 1);
            values.AddRange(Enumerable.Repeat(v, rng.Next(1, 40)));
            for (int k = rng.Next(0, 23); k > 0; k--) values.Add((int)(uint)(ulong)rng.NextInt64(0, max + 1));
        }
        values.Add((int)(uint)max);
        var ms = new MemoryStream();
        RleBitPackedHybrid.Encode(values.ToArray(), bitWidth, ms);
        Assert.Equal(values, Decode(ms.ToArray(), bitWidth, values.Count));
    }

    [Fact]
    public void Encoder_uses_RLE_for_long_runs()
    {
        var ms = new MemoryStream();
        RleBitPackedHybrid.Encode(Enumerable.Repeat(1, 1000).ToArray(), 1, ms);
        Assert.Equal([0xD0, 0x0F, 0x01], ms.ToArray()); // varint(1000 << 1), value 1
    }

    [Theory]
    [InlineData(new byte[] { }, "ends")]
    [InlineData(new byte[] { 0x03, 0x88 }, "truncated")]
    [InlineData(new byte[] { 0x0A }, "truncated")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80 }, "varint")]
    public void Corrupt_runs_throw_instead_of_reading_past_the_end(byte[] data, string expected)
    {
        var e = Assert.Throws<ParquetFormatException>(() => Decode(data, 3, 8));
        Assert.Contains(expected, e.Message);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(255, 8)]
    [InlineData(256, 9)]
    public void Bit_width_is_the_number_of_bits_of_the_maximum(long max, int width) =>
        Assert.Equal(width, RleBitPackedHybrid.BitWidth(max));
}
