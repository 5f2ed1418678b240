namespace TraceCurate.Parquet;

/// <summary>
/// BYTE_STREAM_SPLIT (Encodings.md): for a K-byte type, K streams of N bytes; stream i holds
/// byte i of every value. Decoding interleaves them back into N little-endian K-byte values.
/// </summary>
internal static class ByteStreamSplit
{
    public static byte[] Decode(ReadOnlySpan<byte> data, int width, int count, string context)
    {
        if (width <= 0 || (long)width * count != data.Length)
            throw new ParquetFormatException($"{context}: BYTE_STREAM_SPLIT data has {data.Length} bytes, expected {count} values of {width} bytes");
        var result = new byte[data.Length];
        for (int stream = 0; stream < width; stream++)
        {
            var src = data.Slice(stream * count, count);
            for (int i = 0; i < count; i++) result[i * width + stream] = src[i];
        }
        return result;
    }

    public static byte[] Encode(ReadOnlySpan<byte> values, int width)
    {
        int count = values.Length / width;
        var result = new byte[values.Length];
        for (int i = 0; i < count; i++)
            for (int stream = 0; stream < width; stream++) result[stream * count + i] = values[i * width + stream];
        return result;
    }
}
