using System.Buffers.Binary;

namespace TraceCurate.Parquet;

/// <summary>Decodes the values section of a data page for every encoding a reader of outside files meets.</summary>
internal static class ValueDecoder
{
    public static object[] Decode(PhysicalType type, int typeLength, PageEncoding encoding, ReadOnlySpan<byte> data, int count, object[]? dictionary, string context)
    {
        object[] result;
        switch (encoding)
        {
            case PageEncoding.Plain:
                return PlainEncoding.Decode(type, typeLength, data, count, context);
            case PageEncoding.PlainDictionary or PageEncoding.RleDictionary:
                // PLAIN_DICTIONARY in data pages is the parquet 1.0 name for the same index format (DuckDB writes it).
                if (dictionary is null) throw new ParquetFormatException($"{context}: dictionary-encoded page but the chunk has no dictionary page");
                return DictionaryEncoder.Lookup(dictionary, data, count, context);
            case PageEncoding.Rle when type == PhysicalType.Boolean:
            {
                if (data.Length < 4) throw new ParquetFormatException($"{context}: RLE boolean data lacks its length prefix");
                int length = BinaryPrimitives.ReadInt32LittleEndian(data);
                if (length < 0 || length > data.Length - 4) throw new ParquetFormatException($"{context}: RLE boolean length {length} exceeds the page");
                var bits = new int[count];
                RleBitPackedHybrid.Decode(data.Slice(4, length), 1, bits, context);
                result = new object[count];
                for (int i = 0; i < count; i++) result[i] = bits[i] != 0;
                return result;
            }
            case PageEncoding.DeltaBinaryPacked when type is PhysicalType.Int32 or PhysicalType.Int64:
            {
                var longs = DeltaEncodings.DecodeBinaryPacked(data, context, out _, count);
                result = new object[count];
                // Box as int for INT32 explicitly: a conditional expression would widen both branches to long.
                if (type == PhysicalType.Int32) for (int i = 0; i < count; i++) result[i] = unchecked((int)longs[i]);
                else for (int i = 0; i < count; i++) result[i] = longs[i];
                return result;
            }
            case PageEncoding.DeltaLengthByteArray when type == PhysicalType.ByteArray:
                return CheckCount(DeltaEncodings.DecodeLengthByteArray(data, context, out _, count), count, context);
            case PageEncoding.DeltaByteArray when type is PhysicalType.ByteArray or PhysicalType.FixedLenByteArray:
                return CheckCount(DeltaEncodings.DecodeByteArray(data, context, count), count, context);
            case PageEncoding.ByteStreamSplit when PlainEncoding.FixedWidth(type, typeLength) > 0:
            {
                int width = PlainEncoding.FixedWidth(type, typeLength);
                var plain = ByteStreamSplit.Decode(data.Slice(0, Math.Min(data.Length, width * count)), width, count, context);
                return PlainEncoding.Decode(type, typeLength, plain, count, context);
            }
            default:
                throw new ParquetFormatException($"{context}: encoding {encoding} is not supported for {type} values");
        }
    }

    private static object[] CheckCount(byte[][] values, int count, string context)
    {
        if (values.Length < count) throw new ParquetFormatException($"{context}: page has {values.Length} values, expected {count}");
        var result = new object[count];
        Array.Copy(values, result, count);
        return result;
    }
}
