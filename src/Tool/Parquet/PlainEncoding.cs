using System.Buffers.Binary;

namespace TraceCurate.Parquet;

/// <summary>
/// PLAIN encoding (Encodings.md): INT32/FLOAT 4 bytes LE, INT64/DOUBLE 8 bytes LE, INT96 12
/// bytes, BOOLEAN bit-packed LSB first, BYTE_ARRAY 4-byte LE length + bytes,
/// FIXED_LEN_BYTE_ARRAY the bytes only. Values are boxed physical values
/// (bool, int, long, float, double, byte[]).
/// </summary>
internal static class PlainEncoding
{
    public static void Encode(PhysicalType type, IReadOnlyList<object> values, Stream output)
    {
        Span<byte> b8 = stackalloc byte[8];
        switch (type)
        {
            case PhysicalType.Boolean:
                int acc = 0, bits = 0;
                foreach (var v in values)
                {
                    if ((bool)v) acc |= 1 << bits;
                    if (++bits == 8) { output.WriteByte((byte)acc); acc = 0; bits = 0; }
                }
                if (bits > 0) output.WriteByte((byte)acc);
                break;
            case PhysicalType.Int32:
                foreach (var v in values) { BinaryPrimitives.WriteInt32LittleEndian(b8, (int)v); output.Write(b8[..4]); }
                break;
            case PhysicalType.Int64:
                foreach (var v in values) { BinaryPrimitives.WriteInt64LittleEndian(b8, (long)v); output.Write(b8); }
                break;
            case PhysicalType.Float:
                foreach (var v in values) { BinaryPrimitives.WriteSingleLittleEndian(b8, (float)v); output.Write(b8[..4]); }
                break;
            case PhysicalType.Double:
                foreach (var v in values) { BinaryPrimitives.WriteDoubleLittleEndian(b8, (double)v); output.Write(b8); }
                break;
            case PhysicalType.ByteArray:
                foreach (var v in values)
                {
                    var bytes = (byte[])v;
                    BinaryPrimitives.WriteInt32LittleEndian(b8, bytes.Length);
                    output.Write(b8[..4]);
                    output.Write(bytes);
                }
                break;
            case PhysicalType.FixedLenByteArray:
                foreach (var v in values) output.Write((byte[])v);
                break;
            default: throw new NotSupportedException($"PLAIN encoding of {type} is not supported for writing");
        }
    }

    /// <summary>Size in bytes of one PLAIN value (used for row-group byte accounting and statistics).</summary>
    public static int EncodedSize(PhysicalType type, object value) => type switch
    {
        PhysicalType.Boolean => 1,
        PhysicalType.Int32 or PhysicalType.Float => 4,
        PhysicalType.Int64 or PhysicalType.Double => 8,
        PhysicalType.ByteArray => 4 + ((byte[])value).Length,
        _ => ((byte[])value).Length,
    };

    public static object[] Decode(PhysicalType type, int typeLength, ReadOnlySpan<byte> data, int count, string context)
    {
        // Check the count against the data before allocating: each value needs at least one bit (BOOLEAN) or 4 bytes (BYTE_ARRAY).
        long minBytes = type switch
        {
            PhysicalType.Boolean => (count + 7L) / 8,
            PhysicalType.ByteArray => 4L * count,
            _ => (long)FixedWidth(type, typeLength) * count,
        };
        if (count < 0 || minBytes > data.Length) throw Short(context, type, count, data.Length);
        var result = new object[count];
        int width = type switch
        {
            PhysicalType.Int32 or PhysicalType.Float => 4,
            PhysicalType.Int64 or PhysicalType.Double => 8,
            PhysicalType.Int96 => 12,
            PhysicalType.FixedLenByteArray => typeLength,
            _ => 0,
        };
        if (type == PhysicalType.Boolean)
        {
            if (data.Length < (count + 7) / 8) throw Short(context, type, count, data.Length);
            for (int i = 0; i < count; i++) result[i] = (data[i >> 3] & (1 << (i & 7))) != 0;
            return result;
        }
        if (type == PhysicalType.ByteArray)
        {
            int pos = 0;
            for (int i = 0; i < count; i++)
            {
                if (data.Length - pos < 4) throw Short(context, type, count, data.Length);
                int len = BinaryPrimitives.ReadInt32LittleEndian(data[pos..]);
                pos += 4;
                if (len < 0 || len > data.Length - pos) throw new ParquetFormatException($"{context}: BYTE_ARRAY value {i} has length {len} but only {data.Length - pos} bytes remain");
                result[i] = data.Slice(pos, len).ToArray();
                pos += len;
            }
            return result;
        }
        if (width <= 0) throw new ParquetFormatException($"{context}: invalid width for {type}");
        if ((long)width * count > data.Length) throw Short(context, type, count, data.Length);
        for (int i = 0; i < count; i++)
        {
            var s = data.Slice(i * width, width);
            result[i] = type switch
            {
                PhysicalType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(s),
                PhysicalType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(s),
                PhysicalType.Float => BinaryPrimitives.ReadSingleLittleEndian(s),
                PhysicalType.Double => BinaryPrimitives.ReadDoubleLittleEndian(s),
                _ => s.ToArray(),
            };
        }
        return result;
    }

    public static int FixedWidth(PhysicalType type, int typeLength) => type switch
    {
        PhysicalType.Int32 or PhysicalType.Float => 4,
        PhysicalType.Int64 or PhysicalType.Double => 8,
        PhysicalType.Int96 => 12,
        PhysicalType.FixedLenByteArray => typeLength,
        _ => 0,
    };

    private static ParquetFormatException Short(string context, PhysicalType type, int count, int length) =>
        new($"{context}: PLAIN {type} data has {length} bytes, too few for {count} values");
}
