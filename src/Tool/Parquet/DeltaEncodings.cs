namespace TraceCurate.Parquet;

/// <summary>
/// Decoders for DELTA_BINARY_PACKED (5), DELTA_LENGTH_BYTE_ARRAY (6) and DELTA_BYTE_ARRAY (7)
/// (parquet-format Encodings.md). Only reading is needed: the writer uses PLAIN and dictionary.
/// </summary>
internal static class DeltaEncodings
{
    /// <summary>
    /// DELTA_BINARY_PACKED: header (block size, miniblocks per block, total count, zigzag first
    /// value), then blocks of (zigzag min delta, one bit width per miniblock, miniblocks).
    /// Miniblocks after the last value are not stored. Arithmetic wraps, as the spec requires.
    /// </summary>
    /// <param name="maxCount">Values wanted (the page's non-null count); more in the header is ignored, fewer is an error.</param>
    public static long[] DecodeBinaryPacked(ReadOnlySpan<byte> data, string context, out int consumed, int maxCount)
    {
        int pos = 0;
        ulong blockSize = RleBitPackedHybrid.ReadVarInt(data, ref pos, context);
        ulong miniblocks = RleBitPackedHybrid.ReadVarInt(data, ref pos, context);
        ulong total = RleBitPackedHybrid.ReadVarInt(data, ref pos, context);
        long first = ZigZag(RleBitPackedHybrid.ReadVarInt(data, ref pos, context));
        if (blockSize == 0 || blockSize % 128 != 0 || miniblocks == 0 || blockSize % miniblocks != 0 || (blockSize / miniblocks) % 32 != 0)
            throw new ParquetFormatException($"{context}: invalid DELTA_BINARY_PACKED header (block {blockSize}, miniblocks {miniblocks})");
        if (total < (ulong)maxCount)
            throw new ParquetFormatException($"{context}: DELTA_BINARY_PACKED holds {total} values, the page needs {maxCount}");
        total = (ulong)maxCount; // allocation bounded by the page, not by a possibly corrupt header
        var result = new long[total];
        if (total == 0) { consumed = pos; return result; }
        result[0] = first;
        int filled = 1, perMini = (int)(blockSize / miniblocks);
        var buffer = new int[perMini];
        long previous = first;
        while (filled < (int)total)
        {
            long minDelta = ZigZag(RleBitPackedHybrid.ReadVarInt(data, ref pos, context));
            if (pos + (int)miniblocks > data.Length) throw new ParquetFormatException($"{context}: truncated DELTA_BINARY_PACKED block");
            var widths = data.Slice(pos, (int)miniblocks);
            pos += (int)miniblocks;
            for (int m = 0; m < (int)miniblocks && filled < (int)total; m++)
            {
                int width = widths[m];
                if (width > 64) throw new ParquetFormatException($"{context}: miniblock bit width {width}");
                int bytes = perMini * width / 8;
                if (pos + bytes > data.Length) throw new ParquetFormatException($"{context}: truncated DELTA_BINARY_PACKED miniblock");
                var chunk = data.Slice(pos, bytes);
                pos += bytes;
                int take = Math.Min(perMini, (int)total - filled);
                for (int k = 0; k < take; k++)
                {
                    ulong delta = ReadBits(chunk, k * width, width);
                    previous = unchecked(previous + minDelta + (long)delta);
                    result[filled++] = previous;
                }
            }
        }
        consumed = pos;
        return result;
    }

    private static ulong ReadBits(ReadOnlySpan<byte> data, int bitOffset, int width)
    {
        if (width == 0) return 0;
        ulong value = 0;
        int got = 0, byteIndex = bitOffset >> 3, shift = bitOffset & 7;
        while (got < width)
        {
            ulong b = (ulong)data[byteIndex++] >> shift;
            value |= b << got;
            got += 8 - shift;
            shift = 0;
        }
        return width == 64 ? value : value & ((1UL << width) - 1);
    }

    private static long ZigZag(ulong v) => (long)(v >> 1) ^ -(long)(v & 1);

    /// <summary>DELTA_LENGTH_BYTE_ARRAY: all lengths (DELTA_BINARY_PACKED), then the concatenated bytes.</summary>
    public static byte[][] DecodeLengthByteArray(ReadOnlySpan<byte> data, string context, out int consumed, int count)
    {
        var lengths = DecodeBinaryPacked(data, context, out int pos, count);
        var result = new byte[lengths.Length][];
        for (int i = 0; i < lengths.Length; i++)
        {
            long len = lengths[i];
            if (len < 0 || len > data.Length - pos) throw new ParquetFormatException($"{context}: DELTA_LENGTH_BYTE_ARRAY value {i} length {len} exceeds the page");
            result[i] = data.Slice(pos, (int)len).ToArray();
            pos += (int)len;
        }
        consumed = pos;
        return result;
    }

    /// <summary>DELTA_BYTE_ARRAY: prefix lengths (DELTA_BINARY_PACKED), then suffixes (DELTA_LENGTH_BYTE_ARRAY).</summary>
    public static byte[][] DecodeByteArray(ReadOnlySpan<byte> data, string context, int count)
    {
        var prefixes = DecodeBinaryPacked(data, context, out int pos, count);
        var suffixes = DecodeLengthByteArray(data[pos..], context, out _, count);
        if (suffixes.Length != prefixes.Length) throw new ParquetFormatException($"{context}: DELTA_BYTE_ARRAY has {prefixes.Length} prefixes but {suffixes.Length} suffixes");
        var result = new byte[prefixes.Length][];
        byte[] previous = [];
        for (int i = 0; i < prefixes.Length; i++)
        {
            long p = prefixes[i];
            if (p < 0 || p > previous.Length) throw new ParquetFormatException($"{context}: DELTA_BYTE_ARRAY prefix {p} longer than the previous value");
            var value = new byte[p + suffixes[i].Length];
            previous.AsSpan(0, (int)p).CopyTo(value);
            suffixes[i].CopyTo(value, (int)p);
            result[i] = previous = value;
        }
        return result;
    }
}
