using System.IO.Compression;

namespace TraceCurate.Parquet;

/// <summary>
/// Page-body codecs. Parquet Compression.md: each page body is the codec's raw output with no
/// extra framing (SNAPPY raw block, GZIP RFC 1952, ZSTD RFC 8878 frames, BROTLI RFC 7932).
/// </summary>
internal static class Codecs
{
    public const int DefaultZstdLevel = 3;

    public static byte[] Compress(CompressionCodec codec, ReadOnlySpan<byte> data, int zstdLevel = DefaultZstdLevel) => codec switch
    {
        CompressionCodec.Uncompressed => data.ToArray(),
        CompressionCodec.Snappy => Snappy.Compress(data),
        CompressionCodec.Gzip => GzipCompress(data),
        CompressionCodec.Zstd => Zstd.Compress(data, zstdLevel),
        _ => throw new NotSupportedException($"Writing codec {codec} is not supported"),
    };

    /// <summary>
    /// Compresses into <paramref name="buffer"/>, growing it when needed, and returns the compressed length: the
    /// writer keeps one buffer per column instead of allocating a page-sized array per page.
    /// </summary>
    public static int Compress(CompressionCodec codec, ReadOnlySpan<byte> data, ref byte[] buffer, int zstdLevel)
    {
        int bound = codec switch
        {
            CompressionCodec.Snappy => Snappy.MaxCompressedLength(data.Length),
            CompressionCodec.Zstd => Zstd.CompressBound(data.Length),
            _ => 0,
        };
        if (bound == 0)
        {
            var bytes = Compress(codec, data, zstdLevel);
            if (buffer.Length < bytes.Length) buffer = new byte[bytes.Length];
            bytes.CopyTo(buffer, 0);
            return bytes.Length;
        }
        if (buffer.Length < bound) buffer = new byte[Math.Max(bound, buffer.Length * 2)];
        return codec == CompressionCodec.Snappy ? Snappy.Compress(data, buffer) : Zstd.Compress(data, buffer, zstdLevel);
    }

    /// <summary>Decompresses a page body whose uncompressed size the page header gives.</summary>
    public static byte[] Decompress(CompressionCodec codec, ReadOnlySpan<byte> data, int uncompressedSize, string context)
    {
        try
        {
            byte[] result = codec switch
            {
                CompressionCodec.Uncompressed => data.ToArray(),
                CompressionCodec.Snappy => Snappy.Decompress(data),
                CompressionCodec.Gzip => StreamDecompress(new GZipStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress), uncompressedSize),
                CompressionCodec.Brotli => StreamDecompress(new BrotliStream(new MemoryStream(data.ToArray()), CompressionMode.Decompress), uncompressedSize),
                CompressionCodec.Zstd => Zstd.Decompress(data, uncompressedSize),
                CompressionCodec.Lz4Raw => Lz4Raw.Decompress(data, uncompressedSize),
                _ => throw new ParquetFormatException($"{context}: compression codec {codec} is not supported"),
            };
            if (result.Length != uncompressedSize)
                throw new ParquetFormatException($"{context}: {codec} page decompressed to {result.Length} bytes, the header says {uncompressedSize}");
            return result;
        }
        catch (ParquetFormatException e) when (!e.Message.StartsWith(context, StringComparison.Ordinal))
        {
            throw new ParquetFormatException($"{context}: {e.Message}", e);
        }
        catch (InvalidDataException e)
        {
            throw new ParquetFormatException($"{context}: corrupt {codec} data: {e.Message}", e);
        }
    }

    private static byte[] GzipCompress(ReadOnlySpan<byte> data)
    {
        var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }

    // GZipStream reads concatenated members, as Compression.md asks readers to accept.
    private static byte[] StreamDecompress(Stream s, int expected)
    {
        using (s)
        {
            var output = new byte[expected];
            int total = 0;
            while (total < expected)
            {
                int n = s.Read(output, total, expected - total);
                if (n == 0) break;
                total += n;
            }
            if (total != expected || s.ReadByte() != -1)
                throw new ParquetFormatException($"decompressed size differs from the {expected} bytes the page header declares");
            return output;
        }
    }
}
