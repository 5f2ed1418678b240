using System.Buffers.Binary;

namespace TraceCurate.Parquet;

/// <summary>
/// Snappy raw block format (google/snappy format_description.txt), the framing Parquet uses
/// for SNAPPY pages. The compressor follows the reference design (64 KiB blocks, hash of
/// 4-byte sequences, no copies across blocks) but only emits literals and 2-byte-offset
/// copies; the decompressor accepts all four element kinds.
/// </summary>
internal static class Snappy
{
    private const int BlockSize = 1 << 16;
    private const int HashBits = 14;

    public static int MaxCompressedLength(int length) => 32 + length + length / 6;

    public static byte[] Compress(ReadOnlySpan<byte> input)
    {
        var output = new byte[MaxCompressedLength(input.Length)];
        int op = WriteVarInt(output, 0, (uint)input.Length);
        var table = new int[1 << HashBits];
        for (int start = 0; start < input.Length; start += BlockSize)
            op = CompressBlock(input.Slice(start, Math.Min(BlockSize, input.Length - start)), output, op, table);
        return output.AsSpan(0, op).ToArray();
    }

    private static int CompressBlock(ReadOnlySpan<byte> block, byte[] output, int op, int[] table)
    {
        Array.Fill(table, -1);
        int literalStart = 0, i = 0;
        while (i + 4 <= block.Length)
        {
            uint v = BinaryPrimitives.ReadUInt32LittleEndian(block[i..]);
            int h = (int)((v * 0x1E35A7BDu) >> (32 - HashBits));
            int candidate = table[h];
            table[h] = i;
            if (candidate >= 0 && BinaryPrimitives.ReadUInt32LittleEndian(block[candidate..]) == v)
            {
                int length = 4;
                while (i + length < block.Length && block[candidate + length] == block[i + length]) length++;
                op = EmitLiteral(block[literalStart..i], output, op);
                op = EmitCopy(i - candidate, length, output, op);
                i += length;
                literalStart = i;
            }
            else i++;
        }
        return EmitLiteral(block[literalStart..], output, op);
    }

    private static int EmitLiteral(ReadOnlySpan<byte> literal, byte[] output, int op)
    {
        if (literal.IsEmpty) return op;
        int n = literal.Length - 1;
        if (n < 60) output[op++] = (byte)(n << 2);
        else
        {
            int bytes = n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4;
            output[op++] = (byte)((59 + bytes) << 2);
            for (int b = 0; b < bytes; b++) output[op++] = (byte)(n >> (8 * b));
        }
        literal.CopyTo(output.AsSpan(op));
        return op + literal.Length;
    }

    // Element kind 10: length 1..64 with a 2-byte little-endian offset.
    private static int EmitCopy(int offset, int length, byte[] output, int op)
    {
        while (length > 0)
        {
            int n = Math.Min(length, 64);
            output[op++] = (byte)(((n - 1) << 2) | 2);
            output[op++] = (byte)offset;
            output[op++] = (byte)(offset >> 8);
            length -= n;
        }
        return op;
    }

    private static int WriteVarInt(byte[] output, int op, uint v)
    {
        while (v >= 0x80) { output[op++] = (byte)(v | 0x80); v >>= 7; }
        output[op++] = (byte)v;
        return op;
    }

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
