namespace TraceCurate.Parquet;

/// <summary>
/// The RLE / bit-packing hybrid (parquet-format Encodings.md, "Run Length Encoding / Bit-Packing
/// Hybrid"), used for definition/repetition levels, dictionary indices and RLE booleans.
/// An RLE run is a varint header <c>count &lt;&lt; 1</c> plus the value in ceil(bitWidth/8) bytes;
/// a bit-packed run is <c>(groups &lt;&lt; 1) | 1</c> plus groups of 8 values packed LSB first.
/// </summary>
internal static class RleBitPackedHybrid
{
    /// <summary>Number of bits needed to store values up to <paramref name="maxValue"/>.</summary>
    public static int BitWidth(long maxValue) => maxValue <= 0 ? 0 : 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)maxValue);

    /// <summary>
    /// Encodes values: runs of 8 or more equal values become RLE runs, everything else is
    /// bit-packed in groups of 8. Only the final group may be padded, because a reader stops at
    /// the value count it already knows; padding in the middle would add phantom values.
    /// </summary>
    public static void Encode(ReadOnlySpan<int> values, int bitWidth, Stream output)
    {
        int i = 0;
        while (i < values.Length)
        {
            int run = RunLength(values, i);
            if (run >= 8)
            {
                WriteVarInt(output, (uint)run << 1);
                int v = values[i];
                for (int b = 0; b < (bitWidth + 7) / 8; b++) output.WriteByte((byte)(v >> (8 * b)));
                i += run;
                continue;
            }
            // Bit-packed run: whole groups of 8 until a long run starts at a group boundary.
            int start = i, groups = 0;
            while (i < values.Length && groups < 63 && (groups == 0 || RunLength(values, i) < 8))
            {
                i = Math.Min(i + 8, values.Length);
                groups++;
            }
            WriteVarInt(output, ((uint)groups << 1) | 1);
            BitPack(values[start..i], groups * 8, bitWidth, output);
        }
    }

    private static int RunLength(ReadOnlySpan<int> values, int i)
    {
        int j = i + 1;
        while (j < values.Length && values[j] == values[i]) j++;
        return j - i;
    }

    private static void BitPack(ReadOnlySpan<int> values, int paddedCount, int bitWidth, Stream output)
    {
        ulong acc = 0; int bits = 0;
        for (int k = 0; k < paddedCount; k++)
        {
            ulong v = k < values.Length ? (uint)values[k] : 0u;
            acc |= v << bits;
            bits += bitWidth;
            while (bits >= 8) { output.WriteByte((byte)acc); acc >>= 8; bits -= 8; }
        }
        if (bits > 0) output.WriteByte((byte)acc);
    }

    /// <summary>Decodes exactly <c>output.Length</c> values; returns the number of bytes consumed.</summary>
    public static int Decode(ReadOnlySpan<byte> data, int bitWidth, Span<int> output, string context)
    {
        if (bitWidth is < 0 or > 32) throw new ParquetFormatException($"{context}: invalid RLE/bit-packed bit width {bitWidth}");
        int pos = 0, filled = 0, byteWidth = (bitWidth + 7) / 8;
        while (filled < output.Length)
        {
            if (pos >= data.Length) throw new ParquetFormatException($"{context}: RLE/bit-packed data ends after {filled} of {output.Length} values");
            ulong header = ReadVarInt(data, ref pos, context);
            if ((header & 1) == 0)
            {
                ulong run = header >> 1;
                if (pos + byteWidth > data.Length) throw new ParquetFormatException($"{context}: truncated RLE run value");
                int v = 0;
                for (int b = 0; b < byteWidth; b++) v |= data[pos + b] << (8 * b);
                pos += byteWidth;
                if (run == 0) throw new ParquetFormatException($"{context}: RLE run of length 0");
                int take = (int)Math.Min(run, (ulong)(output.Length - filled));
                output.Slice(filled, take).Fill(v);
                filled += take;
            }
            else
            {
                ulong groups = header >> 1;
                long count = (long)Math.Min(groups * 8, (ulong)int.MaxValue);
                int take = (int)Math.Min(count, output.Length - filled);
                // Whole groups are normally present; tolerate a final run cut after the last needed value.
                long fullBytes = (long)Math.Min(groups * (ulong)bitWidth, (ulong)int.MaxValue);
                int needBytes = (int)(((long)take * bitWidth + 7) / 8);
                if (needBytes > data.Length - pos) throw new ParquetFormatException($"{context}: truncated bit-packed run ({needBytes} bytes needed, {data.Length - pos} left)");
                Unpack(data[pos..], bitWidth, output.Slice(filled, take));
                pos += (int)Math.Min(fullBytes, data.Length - pos);
                filled += take;
            }
        }
        return pos;
    }

    /// <summary>Unpacks LSB-first bit-packed values (the layout of hybrid bit-packed runs and delta miniblocks).</summary>
    public static void Unpack(ReadOnlySpan<byte> data, int bitWidth, Span<int> output)
    {
        if (bitWidth == 0) { output.Clear(); return; }
        ulong mask = bitWidth == 32 ? uint.MaxValue : (1UL << bitWidth) - 1;
        ulong acc = 0; int bits = 0, bp = 0;
        for (int i = 0; i < output.Length; i++)
        {
            while (bits < bitWidth) { acc |= (ulong)data[bp++] << bits; bits += 8; }
            output[i] = (int)(acc & mask);
            acc >>= bitWidth; bits -= bitWidth;
        }
    }

    public static ulong ReadVarInt(ReadOnlySpan<byte> data, ref int pos, string context)
    {
        ulong result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length) throw new ParquetFormatException($"{context}: truncated varint");
            byte b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new ParquetFormatException($"{context}: varint too long");
    }

    public static void WriteVarInt(Stream output, uint v)
    {
        while (v >= 0x80) { output.WriteByte((byte)(v | 0x80)); v >>= 7; }
        output.WriteByte((byte)v);
    }
}
