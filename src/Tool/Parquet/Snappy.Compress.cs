using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TraceCurate.Parquet;

/// <summary>
/// The Snappy compressor, after the reference implementation's CompressFragment (google/snappy snappy.cc): 64 KiB
/// blocks, a hash table of 4-byte sequences sized to the block, lookups that skip faster the longer nothing matches
/// (so incompressible data passes quickly), matches extended 8 bytes at a time, and the 2-byte copy element for
/// short near copies. The short copy element matters for trace text: most matches are a word or two long, and
/// emitting them as 3-byte copies made pages about a third larger than other Snappy writers'. Deterministic: the
/// output depends on the input bytes only.
/// </summary>
internal static partial class Snappy
{
    private const int BlockSize = 1 << 16;
    private const int MaxHashBits = 14;
    private const int InputMargin = 15; // the match loop reads up to 8 bytes past a position; stop this far from the end

    public static int MaxCompressedLength(int length) => 32 + length + length / 6;

    public static byte[] Compress(ReadOnlySpan<byte> input)
    {
        var output = new byte[MaxCompressedLength(input.Length)];
        return output.AsSpan(0, Compress(input, output)).ToArray();
    }

    /// <summary>Compresses into <paramref name="output"/> (at least <see cref="MaxCompressedLength"/> bytes); returns the length written.</summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (output.Length < MaxCompressedLength(input.Length)) throw new ArgumentException("output is shorter than MaxCompressedLength", nameof(output));
        int op = 0;
        for (uint v = (uint)input.Length; ; v >>= 7)
        {
            if (v < 0x80) { output[op++] = (byte)v; break; }
            output[op++] = (byte)(v | 0x80);
        }
        Span<ushort> table = stackalloc ushort[1 << MaxHashBits];
        for (int start = 0; start < input.Length; start += BlockSize)
            op = CompressBlock(input.Slice(start, Math.Min(BlockSize, input.Length - start)), output, op, table);
        return op;
    }

    private static int CompressBlock(ReadOnlySpan<byte> block, Span<byte> output, int op, Span<ushort> table)
    {
        int hashBits = Math.Clamp(BitOperations.Log2((uint)Math.Max(block.Length - 1, 1)) + 1, 8, MaxHashBits);
        int shift = 32 - hashBits;
        table[..(1 << hashBits)].Clear();
        // Unchecked reads: every position read is below limit + 8 (or a table index under 2^hashBits), by construction.
        ref byte b = ref MemoryMarshal.GetReference(block);
        ref ushort t = ref MemoryMarshal.GetReference(table);
        int nextEmit = 0;
        if (block.Length >= InputMargin)
        {
            int limit = block.Length - InputMargin;
            int ip = 1;
            uint nextHash = Hash(Load32(ref b, ip), shift);
            while (true)
            {
                // Find a 4-byte match, looking at every byte at first and ever more sparsely after 32 misses.
                int skip = 32, nextIp = ip, candidate;
                do
                {
                    ip = nextIp;
                    uint h = nextHash;
                    int step = skip >> 5;
                    skip += step;
                    nextIp = ip + step;
                    if (nextIp > limit) goto Remainder;
                    nextHash = Hash(Load32(ref b, nextIp), shift);
                    ref ushort slot = ref Unsafe.Add(ref t, h);
                    candidate = slot;
                    slot = (ushort)ip;
                } while (Load32(ref b, ip) != Load32(ref b, candidate));

                op = EmitShortOrLongLiteral(block, nextEmit, ip - nextEmit, output, op);
                // Emit copies while the position right after one starts another match.
                do
                {
                    int matched = 4 + MatchLength(block, candidate + 4, ip + 4);
                    op = EmitCopy(ip - candidate, matched, output, op);
                    ip += matched;
                    nextEmit = ip;
                    if (ip >= limit) goto Remainder;
                    Unsafe.Add(ref t, Hash(Load32(ref b, ip - 1), shift)) = (ushort)(ip - 1);
                    ref ushort slot = ref Unsafe.Add(ref t, Hash(Load32(ref b, ip), shift));
                    candidate = slot;
                    slot = (ushort)ip;
                } while (Load32(ref b, ip) == Load32(ref b, candidate));
                nextHash = Hash(Load32(ref b, ++ip), shift);
            }
        }
    Remainder:
        return EmitLiteral(block[nextEmit..], output, op);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Load32(ref byte b, int i) => Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, i));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(uint v, int shift) => (v * 0x1E35A7BDu) >> shift;

    /// <summary>Length of the common run at <paramref name="a"/> and <paramref name="b"/> (a &lt; b), up to the block end.</summary>
    private static int MatchLength(ReadOnlySpan<byte> block, int a, int b)
    {
        int n = 0, max = block.Length - b;
        ref byte r = ref MemoryMarshal.GetReference(block);
        while (n + 8 <= max)
        {
            ulong x = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref r, a + n)) ^ Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref r, b + n));
            if (x != 0) return n + (BitOperations.TrailingZeroCount(x) >> 3);
            n += 8;
        }
        while (n < max && block[a + n] == block[b + n]) n++;
        return n;
    }

    // Most literals between matches in text are a few bytes: copy them as one 16-byte move (the bytes past the
    // literal are overwritten by what follows, or lie past the returned length) instead of a sized copy call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EmitShortOrLongLiteral(ReadOnlySpan<byte> block, int start, int length, Span<byte> output, int op)
    {
        if (length is > 0 and <= 16 && start + 16 <= block.Length && op + 17 <= output.Length)
        {
            output[op] = (byte)((length - 1) << 2);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetReference(output), op + 1),
                Unsafe.ReadUnaligned<Vector128<byte>>(ref Unsafe.Add(ref MemoryMarshal.GetReference(block), start)));
            return op + 1 + length;
        }
        return EmitLiteral(block.Slice(start, length), output, op);
    }

    private static int EmitLiteral(ReadOnlySpan<byte> literal, Span<byte> output, int op)
    {
        if (literal.IsEmpty) return op;
        int n = literal.Length - 1;
        if (n < 60) output[op++] = (byte)(n << 2);
        else
        {
            int bytes = n < 1 << 8 ? 1 : n < 1 << 16 ? 2 : n < 1 << 24 ? 3 : 4;
            output[op++] = (byte)((59 + bytes) << 2);
            for (int i = 0; i < bytes; i++) output[op++] = (byte)(n >> (8 * i));
        }
        literal.CopyTo(output[op..]);
        return op + literal.Length;
    }

    // As the reference's EmitCopy: 64-byte pieces while at least 68 remain (so the last piece is never under 4), a
    // 60-byte piece when 65..67 remain, then the rest; a piece of 4..11 bytes at an offset under 2048 takes the
    // 2-byte element (kind 01), anything else the 3-byte one (kind 10; offsets are under 64 KiB within a block).
    private static int EmitCopy(int offset, int length, Span<byte> output, int op)
    {
        while (length >= 68) { op = EmitCopyPiece(offset, 64, output, op); length -= 64; }
        if (length > 64) { op = EmitCopyPiece(offset, 60, output, op); length -= 60; }
        return EmitCopyPiece(offset, length, output, op);
    }

    private static int EmitCopyPiece(int offset, int length, Span<byte> output, int op)
    {
        if (length < 12 && offset < 2048)
        {
            output[op++] = (byte)(1 | ((length - 4) << 2) | ((offset >> 8) << 5));
            output[op++] = (byte)offset;
            return op;
        }
        output[op++] = (byte)(2 | ((length - 1) << 2));
        output[op++] = (byte)offset;
        output[op++] = (byte)(offset >> 8);
        return op;
    }
}
