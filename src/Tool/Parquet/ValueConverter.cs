using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace TraceCurate.Parquet;

/// <summary>Converts caller values to boxed physical values (writing) and back (reading).</summary>
internal static class ValueConverter
{
    private const long UnixEpochTicks = 621355968000000000; // DateTime.UnixEpoch.Ticks
    private const int UnixEpochDayNumber = 719162;          // DateOnly(1970, 1, 1).DayNumber
    private const long JulianDayOfUnixEpoch = 2440588;      // INT96 timestamps count Julian days

    public static object ToPhysical(ParquetField leaf, object value, string column)
    {
        try
        {
            return leaf.Kind switch
            {
                // byte[] is text already encoded as UTF-8 (a slice of a JSON record, say), taken as it is.
                ParquetFieldKind.String => value is string s ? Encoding.UTF8.GetBytes(s) : value is byte[] utf8 ? utf8 : Fail(column, "string", value),
                ParquetFieldKind.Binary => value is byte[] b ? b : Fail(column, "byte[]", value),
                ParquetFieldKind.Int32 => value is int or short or sbyte or byte or ushort ? Convert.ToInt32(value) : value is long l ? checked((int)l) : Fail(column, "int", value),
                ParquetFieldKind.Int64 => value is long or int or short or sbyte or byte or ushort or uint ? Convert.ToInt64(value) : Fail(column, "long", value),
                ParquetFieldKind.Double => value is double or float or int or long ? Convert.ToDouble(value) : Fail(column, "double", value),
                ParquetFieldKind.Float => value is float f ? f : Fail(column, "float", value),
                ParquetFieldKind.Boolean => value is bool ? value : Fail(column, "bool", value),
                ParquetFieldKind.Timestamp => value switch
                {
                    DateTimeOffset dto => FloorMicros(dto.UtcTicks),
                    DateTime dt when dt.Kind != DateTimeKind.Local => FloorMicros(dt.Ticks),
                    _ => Fail(column, "DateTimeOffset or a UTC DateTime", value),
                },
                ParquetFieldKind.Date => value is DateOnly d ? d.DayNumber - UnixEpochDayNumber : Fail(column, "DateOnly", value),
                ParquetFieldKind.Uuid => value switch
                {
                    Guid g => g.ToByteArray(bigEndian: true),
                    string str => Guid.Parse(str).ToByteArray(bigEndian: true),
                    _ => Fail(column, "Guid or UUID string", value),
                },
                _ => Fail(column, leaf.Kind.ToString(), value),
            };
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"Column '{column}': value {value} does not fit in {leaf.Kind}");
        }
    }

    // Floor (not truncate toward zero) so pre-1970 instants with sub-microsecond ticks round like later ones.
    private static long FloorMicros(long ticks)
    {
        long sinceEpoch = ticks - UnixEpochTicks;
        return sinceEpoch / 10 - (sinceEpoch % 10 < 0 ? 1 : 0);
    }

    private static object Fail(string column, string expected, object value) =>
        throw new ArgumentException($"Column '{column}' expects {expected}, got {value.GetType().Name} ({value})");

    public static object FromPhysical(ParquetField leaf, object v, string column)
    {
        switch (leaf.Kind)
        {
            case ParquetFieldKind.String: return Encoding.UTF8.GetString((byte[])v);
            case ParquetFieldKind.Int64: return v is int i32 ? (long)(uint)i32 : v; // unsigned INT32 widened
            case ParquetFieldKind.UInt64: return unchecked((ulong)(long)v);
            case ParquetFieldKind.Date: return DateOnly.FromDayNumber(checked(UnixEpochDayNumber + (int)v));
            case ParquetFieldKind.Uuid: return FormatUuid((byte[])v);
            case ParquetFieldKind.Decimal: return ToDecimal(v, leaf.Scale);
            case ParquetFieldKind.Timestamp:
                if (v is byte[] int96)
                {
                    long nanosOfDay = BinaryPrimitives.ReadInt64LittleEndian(int96);
                    long julianDay = BinaryPrimitives.ReadInt32LittleEndian(int96.AsSpan(8));
                    return FromTicks((julianDay - JulianDayOfUnixEpoch) * TimeSpan.TicksPerDay + nanosOfDay / 100, column, v);
                }
                long raw = (long)v;
                long ticks = leaf.TimeUnit switch
                {
                    ParquetTimeUnit.Millis => raw * TimeSpan.TicksPerMillisecond,
                    ParquetTimeUnit.Micros => raw * 10,
                    _ => raw / 100,
                };
                if (leaf.TimeUnit == ParquetTimeUnit.Millis && Math.Abs(raw) > long.MaxValue / TimeSpan.TicksPerMillisecond
                    || leaf.TimeUnit == ParquetTimeUnit.Micros && Math.Abs(raw) > long.MaxValue / 10)
                    throw new ParquetFormatException($"Column '{column}': timestamp {raw} ({leaf.TimeUnit}) is outside the DateTimeOffset range");
                return FromTicks(ticks, column, raw);
            default: return v;
        }
    }

    private static DateTimeOffset FromTicks(long ticksSinceEpoch, string column, object raw)
    {
        long ticks = ticksSinceEpoch + UnixEpochTicks;
        if (ticks < DateTimeOffset.MinValue.Ticks || ticks > DateTimeOffset.MaxValue.Ticks)
            throw new ParquetFormatException($"Column '{column}': timestamp {raw} is outside the DateTimeOffset range");
        return new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    /// <summary>RFC 4122 text form: lowercase hex, 8-4-4-4-12, bytes in stored (big-endian) order.</summary>
    public static string FormatUuid(byte[] b)
    {
        string hex = Convert.ToHexStringLower(b);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static object ToDecimal(object v, int scale)
    {
        BigInteger unscaled = v switch
        {
            int i => i,
            long l => l,
            byte[] bytes => new BigInteger(bytes, isUnsigned: false, isBigEndian: true),
            _ => throw new ParquetFormatException($"Unexpected decimal storage {v.GetType().Name}"),
        };
        if (BigInteger.Abs(unscaled) > new BigInteger(decimal.MaxValue) || scale is < 0 or > 28)
            return unscaled.ToString() + (scale > 0 ? $"e-{scale}" : ""); // too wide for System.Decimal
        var magnitude = BigInteger.Abs(unscaled).ToByteArray(isUnsigned: true, isBigEndian: false);
        Span<byte> bits = stackalloc byte[12];
        magnitude.AsSpan(0, Math.Min(12, magnitude.Length)).CopyTo(bits);
        return new decimal(BinaryPrimitives.ReadInt32LittleEndian(bits), BinaryPrimitives.ReadInt32LittleEndian(bits[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(bits[8..]), unscaled.Sign < 0, (byte)scale);
    }
}
