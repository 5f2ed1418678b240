namespace TraceCurate.Parquet;

/// <summary>LZ4 block format decoder (lz4_Block_format.md), used by the LZ4_RAW codec. Read-only.</summary>
internal static class Lz4Raw
{
    public static byte[] Decompress(ReadOnlySpan<byte> input, int uncompressedSize)
    {
        var output = new byte[uncompressedSize];
        int ip = 0, op = 0;
        while (ip < input.Length)
        {
            int token = input[ip++];
            int literal = token >> 4;
            if (literal == 15) literal += ReadLength(input, ref ip);
            if (literal > input.Length - ip || literal > output.Length - op) throw Corrupt("literal out of bounds", ip);
            input.Slice(ip, literal).CopyTo(output.AsSpan(op));
            ip += literal; op += literal;
            if (ip == input.Length) break; // the last sequence has literals only
            if (ip + 2 > input.Length) throw Corrupt("truncated match offset", ip);
            int offset = input[ip] | (input[ip + 1] << 8);
            ip += 2;
            int match = (token & 15) + 4;
            if ((token & 15) == 15) match += ReadLength(input, ref ip);
            if (offset == 0 || offset > op) throw Corrupt($"match offset {offset} outside output", ip);
            if (match > output.Length - op) throw Corrupt("match runs past the declared size", ip);
            for (int k = 0; k < match; k++, op++) output[op] = output[op - offset];
        }
        if (op != uncompressedSize) throw Corrupt($"produced {op} bytes, expected {uncompressedSize}", ip);
        return output;
    }

    private static int ReadLength(ReadOnlySpan<byte> input, ref int ip)
    {
        int total = 0;
        while (true)
        {
            if (ip >= input.Length) throw Corrupt("truncated length", ip);
            byte b = input[ip++];
            total += b;
            if (total < 0) throw Corrupt("length overflow", ip);
            if (b != 255) return total;
        }
    }

    private static ParquetFormatException Corrupt(string what, int at) => new($"Corrupt LZ4_RAW data at input byte {at}: {what}");
}
