using System.Buffers.Binary;

namespace TraceCurate.Parquet;

/// <summary>
/// Snappy raw block format (google/snappy format_description.txt), the framing Parquet uses
/// for SNAPPY pages. The decompressor accepts all four element kinds; the compressor is in
/// Snappy.Compress.cs.
/// </summary>
internal static partial class Snappy
{
    /// <summary>Reads the uncompressed length from the preamble.</summary>
    public static int GetUncompressedLength(ReadOnlySpan<byte> input, out int headerBytes)
    {
        uint result = 0;
        for (int i = 0, shift = 0; i < 5; i++, shift += 7)
        {
            if (i >= input.Length) break;
            result |= (uint)(input[i] & 0x7F) << shift;
            if ((input[i] & 0x80) == 0)
            {
                headerBytes = i + 1;
                if (result > int.MaxValue) break;
                return (int)result;
            }
        }
        throw new ParquetFormatException("Corrupt Snappy data: invalid length preamble");
    }

    public static byte[] Decompress(ReadOnlySpan<byte> input)
    {
        int length = GetUncompressedLength(input, out int ip);
        var output = new byte[length];
        int op = 0;
        while (ip < input.Length)
        {
            byte tag = input[ip++];
            int kind = tag & 3;
            if (kind == 0)
            {
                int n = tag >> 2;
                if (n >= 60)
                {
                    int bytes = n - 59;
                    if (ip + bytes > input.Length) throw Corrupt("truncated literal length", ip);
                    n = 0;
                    for (int b = 0; b < bytes; b++) n |= input[ip + b] << (8 * b);
                    ip += bytes;
                    if (n < 0) throw Corrupt("literal length overflow", ip);
                }
                n += 1;
                if (n > input.Length - ip) throw Corrupt("literal runs past the input", ip);
                if (n > length - op) throw Corrupt("literal runs past the declared length", ip);
                input.Slice(ip, n).CopyTo(output.AsSpan(op));
                ip += n; op += n;
                continue;
            }
            int len, offset;
            if (kind == 1)
            {
                if (ip >= input.Length) throw Corrupt("truncated copy", ip);
                len = ((tag >> 2) & 7) + 4;
                offset = ((tag >> 5) << 8) | input[ip++];
            }
            else
            {
                int ob = kind == 2 ? 2 : 4;
                if (ip + ob > input.Length) throw Corrupt("truncated copy", ip);
                len = (tag >> 2) + 1;
                offset = kind == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(input[ip..]) : BinaryPrimitives.ReadInt32LittleEndian(input[ip..]);
                ip += ob;
            }
            if (offset <= 0 || offset > op) throw Corrupt($"copy offset {offset} outside the {op} bytes produced", ip);
            if (len > length - op) throw Corrupt("copy runs past the declared length", ip);
            // Copies may overlap their own output (offset < length): copy forward byte by byte.
            for (int k = 0; k < len; k++, op++) output[op] = output[op - offset];
        }
        if (op != length) throw Corrupt($"produced {op} bytes but the preamble declared {length}", ip);
        return output;
    }

    private static ParquetFormatException Corrupt(string what, int at) => new($"Corrupt Snappy data at input byte {at}: {what}");
}
