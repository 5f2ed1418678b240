using TraceCurate.Parquet;

namespace TraceCurate.Tests.Parquet;

public class SnappyTests
{
    private static byte[] RoundTrip(byte[] data)
    {
        var compressed = Snappy.Compress(data);
        Assert.True(compressed.Length <= Snappy.MaxCompressedLength(data.Length));
        return Snappy.Decompress(compressed);
    }

    [Fact]
    public void Snappy_round_trips_incompressible_data()
    {
        var data = new byte[300_000];
        new Random(1).NextBytes(data);
        Assert.Equal(data, RoundTrip(data));
    }

    [Fact]
    public void Snappy_round_trips_and_shrinks_repetitive_data()
    {
        var data = System.Text.Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"role\":\"user\",\"text\":\"héllo ✓\"}\n", 20_000)));
        var compressed = Snappy.Compress(data);
        Assert.True(compressed.Length < data.Length / 10, $"{compressed.Length} bytes for {data.Length}");
        Assert.Equal(data, Snappy.Decompress(compressed));
    }

    [Fact]
    public void Snappy_round_trips_empty_input_as_a_single_zero_length_preamble()
    {
        Assert.Equal([0], Snappy.Compress([]));
        Assert.Empty(Snappy.Decompress([0]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(59)]
    [InlineData(60)]
    [InlineData(65_535)]
    [InlineData(65_536)]
    [InlineData(65_537)]
    [InlineData(3_000_001)]
    public void Snappy_round_trips_sizes_around_literal_and_block_boundaries(int size)
    {
        var rng = new Random(size);
        // Half random, half repeated: exercises literals, copies and the 64 KiB block split.
        var data = new byte[size];
        for (int i = 0; i < size; i++) data[i] = i % 1000 < 500 ? (byte)rng.Next(256) : (byte)(i % 7);
        Assert.Equal(data, RoundTrip(data));
    }

    [Fact]
    public void Snappy_decodes_hand_built_elements_of_all_four_kinds()
    {
        // Built from format_description.txt: preamble varint 20, then
        //   literal "abcd"           tag (4-1)<<2 = 0x0C
        //   copy-1 len 4 off 4       tag ((4-4)<<2)|1 | (0<<5) = 0x01, offset byte 0x04   -> "abcd"
        //   copy-2 len 6 off 2       tag ((6-1)<<2)|2 = 0x16, offset 0x02 0x00           -> overlapping "cdcdcd"
        //   copy-4 len 2 off 14      tag ((2-1)<<2)|3 = 0x07, offset 0x0E 0 0 0          -> "ab"
        //   literal "xyzw" via 1-byte length (tag 60<<2 = 0xF0, length-1 = 3)
        byte[] compressed = [20, 0x0C, (byte)'a', (byte)'b', (byte)'c', (byte)'d', 0x01, 0x04, 0x16, 0x02, 0x00, 0x07, 0x0E, 0, 0, 0, 0xF0, 3, (byte)'x', (byte)'y', (byte)'z', (byte)'w'];
        Assert.Equal("abcdabcdcdcdcdabxyzw", System.Text.Encoding.ASCII.GetString(Snappy.Decompress(compressed)));
    }

    [Fact]
    public void Snappy_decodes_a_copy_with_a_large_1_byte_offset()
    {
        // 300 literal bytes, then copy-1 with offset 0x100 + 0x2C = 300 (upper offset bits in tag bits 5-7) and length 11.
        var literal = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        byte[] compressed = [0xB7, 0x02, 0xF4, 0x2B, 0x01, .. literal, (byte)((1 << 5) | (7 << 2) | 1), 0x2C];
        var result = Snappy.Decompress(compressed);
        Assert.Equal(311, result.Length);
        Assert.Equal(literal.Take(11), result.Skip(300));
    }

    [Theory]
    [InlineData(new byte[] { 4, 0x01, 0x01 }, "offset")]                  // copy before any output
    [InlineData(new byte[] { 8, 0x0C, 1, 2, 3, 4, 0x01, 0x00 }, "offset")] // offset 0
    [InlineData(new byte[] { 10, 0x0C, 1, 2, 3, 4 }, "declared")]         // shorter than the preamble
    [InlineData(new byte[] { 2, 0x0C, 1, 2, 3, 4 }, "declared length")]   // longer than the preamble
    [InlineData(new byte[] { 8, 0x1C, 1, 2 }, "input")]                    // literal cut off
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF }, "preamble")]
    public void Snappy_rejects_corrupt_input_with_a_clear_error(byte[] input, string expected)
    {
        var e = Assert.Throws<ParquetFormatException>(() => Snappy.Decompress(input));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Snappy_writes_a_short_near_match_as_a_2_byte_copy()
    {
        // "abcdefgh" then "abcdefg" (a 7-byte match 8 back), then 20 bytes with no 4-byte repeat. By format_description.txt:
        // preamble 35; literal of 8 (tag (8-1)<<2 = 0x1C); copy-1 of length 7 at offset 8 (tag 1 | (7-4)<<2 = 0x0D, then
        // 0x08); literal of 20 (tag (20-1)<<2 = 0x4C). A 3-byte copy (tag 0x1A, 0x08, 0x00) would be just as valid, longer.
        var tail = "0123456789ABCDEFGHIJ"u8.ToArray();
        byte[] input = [.. "abcdefghabcdefg"u8, .. tail];
        byte[] expected = [35, 0x1C, .. "abcdefgh"u8, 0x0D, 0x08, 0x4C, .. tail];
        Assert.Equal(expected, Snappy.Compress(input));
    }

    [Fact]
    public void Snappy_compresses_word_text_to_under_a_third()
    {
        // Text drawn from a few dozen words, like the generated benchmark traces: matches are mostly a word or two long,
        // so the 2-byte copy element is what brings it under a third (3-byte copies only gave about 44%).
        var rng = new Random(7);
        string[] words = "the function returns list value error test case input output python bash file directory count sort".Split(' ');
        var data = System.Text.Encoding.UTF8.GetBytes(string.Join(' ', Enumerable.Range(0, 200_000).Select(_ => words[rng.Next(words.Length)])));
        var compressed = Snappy.Compress(data);
        Assert.True(compressed.Length < data.Length / 3, $"{compressed.Length} bytes for {data.Length}");
        Assert.Equal(data, Snappy.Decompress(compressed));
    }
}
