using TraceCurate.Parquet;

namespace TraceCurate.Tests.Parquet;

/// <summary>Logical-type conversions of the reader, with expected values derived from the parquet-format definitions.</summary>
public class ValueConverterTests
{
    private static object Convert(SchemaElement e, object physical) =>
        ValueConverter.FromPhysical(SchemaConverter.LeafField(e, "c", true), physical, "c");

    private static SchemaElement Int64Timestamp(ParquetTimeUnit unit, bool utc = true) =>
        new() { Type = PhysicalType.Int64, Logical = new LogicalType { Kind = LogicalKind.Timestamp, Unit = unit, IsAdjustedToUtc = utc } };

    [Theory]
    [InlineData(ParquetTimeUnit.Millis, 1_709_294_400_123L, "2024-03-01T12:00:00.1230000+00:00")]
    [InlineData(ParquetTimeUnit.Micros, 1_709_294_400_123_456L, "2024-03-01T12:00:00.1234560+00:00")]
    [InlineData(ParquetTimeUnit.Nanos, 1_709_294_400_123_456_789L, "2024-03-01T12:00:00.1234567+00:00")]
    [InlineData(ParquetTimeUnit.Micros, -1L, "1969-12-31T23:59:59.9999990+00:00")]
    public void Int64_timestamps_in_each_unit_become_utc_DateTimeOffsets(ParquetTimeUnit unit, long raw, string expected)
    {
        var value = Assert.IsType<DateTimeOffset>(Convert(Int64Timestamp(unit), raw));
        Assert.Equal(expected, value.ToString("O"));
    }

    [Fact]
    public void Legacy_converted_type_TIMESTAMP_MILLIS_is_understood_without_a_logical_type()
    {
        var e = new SchemaElement { Type = PhysicalType.Int64, ConvertedType = ConvertedType.TimestampMillis };
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(1), Convert(e, 1000L));
    }

    [Fact]
    public void Int96_timestamps_count_nanoseconds_of_a_julian_day()
    {
        // 8 bytes LE nanoseconds of day, then 4 bytes LE Julian day; day 2440588 is 1970-01-01.
        var bytes = new byte[12];
        BitConverter.GetBytes(3_600_000_000_500L).CopyTo(bytes, 0); // 1 h + 500 ns
        BitConverter.GetBytes(2_440_589).CopyTo(bytes, 8);            // 1970-01-02
        var e = new SchemaElement { Type = PhysicalType.Int96 };
        Assert.Equal(new DateTimeOffset(1970, 1, 2, 1, 0, 0, TimeSpan.Zero).AddTicks(5), Convert(e, bytes));
    }

    [Fact]
    public void Out_of_range_timestamps_are_a_format_error_not_an_overflow()
    {
        var e = Assert.Throws<ParquetFormatException>(() => Convert(Int64Timestamp(ParquetTimeUnit.Millis), long.MaxValue));
        Assert.Contains("'c'", e.Message);
    }

    [Fact]
    public void Decimals_scale_their_unscaled_integer()
    {
        var int32 = new SchemaElement { Type = PhysicalType.Int32, Logical = new LogicalType { Kind = LogicalKind.Decimal, Scale = 2, Precision = 9 } };
        Assert.Equal(-12.34m, Convert(int32, -1234));
        var int64 = new SchemaElement { Type = PhysicalType.Int64, ConvertedType = ConvertedType.Decimal, Scale = 3, Precision = 18 };
        Assert.Equal(1.125m, Convert(int64, 1125L));
        // FIXED_LEN_BYTE_ARRAY decimals are big-endian two's complement: 0xFF85 = -123.
        var flba = new SchemaElement { Type = PhysicalType.FixedLenByteArray, TypeLength = 2, Logical = new LogicalType { Kind = LogicalKind.Decimal, Scale = 1, Precision = 4 } };
        Assert.Equal(-12.3m, Convert(flba, new byte[] { 0xFF, 0x85 }));
    }

    [Fact]
    public void Unsigned_integers_are_widened_instead_of_going_negative()
    {
        var u32 = new SchemaElement { Type = PhysicalType.Int32, Logical = new LogicalType { Kind = LogicalKind.Integer, BitWidth = 32, IsSigned = false } };
        Assert.Equal(4_294_967_295L, Convert(u32, -1));
        var u64 = new SchemaElement { Type = PhysicalType.Int64, ConvertedType = ConvertedType.Uint64 };
        Assert.Equal(ulong.MaxValue, Convert(u64, -1L));
    }

    [Fact]
    public void Dates_count_days_from_the_unix_epoch()
    {
        var e = new SchemaElement { Type = PhysicalType.Int32, ConvertedType = ConvertedType.Date };
        Assert.Equal(new DateOnly(2024, 1, 2), Convert(e, 19724)); // the value DuckDB stored for DATE '2024-01-02'
        Assert.Equal(new DateOnly(1969, 12, 31), Convert(e, -1));
    }

    [Fact]
    public void Uuids_print_in_stored_byte_order_lowercase()
    {
        var e = new SchemaElement { Type = PhysicalType.FixedLenByteArray, TypeLength = 16, Logical = new LogicalType { Kind = LogicalKind.Uuid } };
        byte[] bytes = [0x55, 0x0E, 0x84, 0x00, 0xE2, 0x9B, 0x41, 0xD4, 0xA7, 0x16, 0x44, 0x66, 0x55, 0x44, 0x00, 0x00];
        Assert.Equal("550e8400-e29b-41d4-a716-446655440000", Convert(e, bytes));
    }

    [Fact]
    public void Unannotated_byte_arrays_stay_bytes_and_json_is_text()
    {
        Assert.IsType<byte[]>(Convert(new SchemaElement { Type = PhysicalType.ByteArray }, new byte[] { 0xC3 }));
        var json = new SchemaElement { Type = PhysicalType.ByteArray, Logical = new LogicalType { Kind = LogicalKind.Json } };
        Assert.Equal("{}", Convert(json, "{}"u8.ToArray()));
    }
}
