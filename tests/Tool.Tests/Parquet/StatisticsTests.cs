using System.Text;
using TraceCurate.Parquet;

namespace TraceCurate.Tests.Parquet;

public class StatisticsTests
{
    private static Statistics Stats(PhysicalType type, bool utf8, params object[] values)
    {
        var acc = new StatisticsAccumulator(type, utf8, truncateLength: 8);
        foreach (var v in values) acc.Add(v);
        return acc.ToThrift();
    }

    private static byte[] U(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Strings_compare_as_unsigned_bytes()
    {
        // 'é' (0xC3 0xA9) sorts after 'z' in unsigned byte order although it is "before" as signed bytes.
        var s = Stats(PhysicalType.ByteArray, true, U("z"), U("é"), U("A"));
        Assert.Equal(U("A"), s.MinValue);
        Assert.Equal(U("é"), s.MaxValue);
        Assert.Null(s.IsMaxValueExact);
    }

    [Fact]
    public void Long_strings_are_truncated_min_to_a_prefix_and_max_to_an_incremented_prefix()
    {
        var s = Stats(PhysicalType.ByteArray, true, U("aaaaaaaaaaaa"), U("bbbbbbbbbbbb"));
        Assert.Equal(U("aaaaaaaa"), s.MinValue);
        Assert.Equal(U("bbbbbbbc"), s.MaxValue);
        Assert.False(s.IsMinValueExact);
        Assert.False(s.IsMaxValueExact);
    }

    [Fact]
    public void Truncation_never_splits_a_UTF8_code_point()
    {
        // "abcdefg✓…": ✓ is 3 bytes starting at byte 7, so an 8-byte cut keeps "abcdefg" and the max increments 'g'.
        var s = Stats(PhysicalType.ByteArray, true, U("abcdefg✓✓✓"));
        Assert.Equal(U("abcdefg"), s.MinValue);
        Assert.Equal(U("abcdefh"), s.MaxValue);
        Assert.True(Encoding.UTF8.GetString(s.MaxValue!).Length > 0);
    }

    [Fact]
    public void Max_increment_skips_the_highest_code_point_and_surrogates()
    {
        var max = Stats(PhysicalType.ByteArray, true, U("ab\U0010FFFF\U0010FFFF\U0010FFFF")).MaxValue;
        Assert.Equal(U("ac"), max); // U+10FFFF cannot be incremented, so the previous code point is
        var beforeSurrogates = Stats(PhysicalType.ByteArray, true, U("abcde\uD7FF\uD7FF\uD7FF")).MaxValue;
        Assert.Equal(U("abcde\uE000"), beforeSurrogates); // U+D7FF + 1 would be a surrogate
    }

    [Fact]
    public void Max_is_omitted_when_no_upper_bound_prefix_exists()
    {
        var s = Stats(PhysicalType.ByteArray, false, Enumerable.Repeat((byte)0xFF, 20).ToArray());
        Assert.Null(s.MaxValue);
        Assert.Equal(new byte[8].Select(_ => (byte)0xFF), s.MinValue);
    }

    [Fact]
    public void Doubles_ignore_NaN_and_use_signed_zeros()
    {
        var s = Stats(PhysicalType.Double, false, double.NaN, 0.0, -0.0, 0.0);
        Assert.Equal(BitConverter.GetBytes(-0.0), s.MinValue);
        Assert.Equal(BitConverter.GetBytes(0.0), s.MaxValue);
        var onlyNaN = Stats(PhysicalType.Double, false, double.NaN);
        Assert.Null(onlyNaN.MinValue);
        Assert.Null(onlyNaN.MaxValue);
    }

    [Fact]
    public void Integers_and_booleans_use_signed_and_false_before_true_order()
    {
        var ints = Stats(PhysicalType.Int64, false, 5L, -7L, 3L);
        Assert.Equal(BitConverter.GetBytes(-7L), ints.MinValue);
        Assert.Equal(BitConverter.GetBytes(5L), ints.MaxValue);
        var bools = Stats(PhysicalType.Boolean, false, true, false);
        Assert.Equal([0], bools.MinValue);
        Assert.Equal([1], bools.MaxValue);
    }

    [Fact]
    public void All_null_chunks_write_only_the_null_count()
    {
        var acc = new StatisticsAccumulator(PhysicalType.Int32, false, 64) { NullCount = 4 };
        var s = acc.ToThrift();
        Assert.Equal(4, s.NullCount);
        Assert.Null(s.MinValue);
        Assert.Null(s.MaxValue);
    }
}
