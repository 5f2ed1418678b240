using System.Globalization;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Unicode;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// Checks, before a record is parsed, that every string in it can be decoded: the bytes are UTF-8 (RFC 8259 §8.1) and no
/// <c>\u</c> escape stands for half a surrogate pair. The JSON parsers accept both (they check text only when a
/// string is decoded), and readers decode large fields only when a step or an output reads them: without this check
/// a bad byte in a tool output was either replaced silently or failed late, as a snippet's or an output's error far from
/// its record, or was copied as it was by <c>format: original</c>. Here it is a bad record of its input, at its line
/// and column, counted and skipped under <c>on_bad_record: skip</c> like any other.
/// </summary>
public static class RecordText
{
    public static void Check(ReadOnlySpan<byte> bytes)
    {
        // One vectorised pass says yes for almost every record; anything it is not sure of (a byte it cannot validate, a
        // \u escape that may be a surrogate) is left to the reference check, which says what is wrong and where.
        if (PassesAtOnce(bytes)) return;
        CheckByParts(bytes);
    }

    /// <summary>
    /// The check as two passes over the record (<see cref="Utf8.IsValid(ReadOnlySpan{byte})"/>, then a search for each
    /// <c>\u</c>): the reference <see cref="Check"/> falls back on, and the one that names a bad byte's position.
    /// </summary>
    internal static void CheckByParts(ReadOnlySpan<byte> bytes)
    {
        if (!Utf8.IsValid(bytes))
        {
            var at = FirstInvalidByte(bytes);
            throw At(bytes, at, $"invalid UTF-8: byte 0x{bytes[at]:X2} at offset {at} of the record is not part of a UTF-8 character; JSON text must be UTF-8");
        }
        var rest = bytes;
        var offset = 0;
        while (true)
        {
            var i = rest.IndexOf("\\u"u8);
            if (i < 0) return;
            var at = offset + i;
            var step = i + 2;
            // Only \uD800-\uDFFF are surrogates: any other first hex digit is let through without looking back for an
            // escaping backslash or parsing the unit (escapes such as \u001b for terminal colours are common in tool outputs).
            if (at + 2 < bytes.Length && (bytes[at + 2] | 0x20) == 'd' && IsEscape(bytes, at) && Unit(bytes, at) is { } unit && char.IsSurrogate(unit))
            {
                var paired = char.IsHighSurrogate(unit) && Unit(bytes, at + 6) is { } low && char.IsLowSurrogate(low);
                if (!paired)
                    throw At(bytes, at, $"the escape \\u{(int)unit:x4} stands for half a surrogate pair (a lone surrogate), which is not text");
                step += 6; // the low half is part of this pair, not a lone one
            }
            rest = rest[step..];
            offset += step;
        }
    }

    /// <summary>
    /// True only when the record certainly passes <see cref="CheckByParts"/>: every byte from 0x80 up is part of a
    /// well-formed UTF-8 sequence (Unicode's table 3-7, what <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/> accepts) and no
    /// <c>\u</c> is followed by a <c>d</c> or <c>D</c> (no escape that may stand for a surrogate); false when unsure.
    /// Claude Code sessions are 2% non-ASCII bytes, scattered through ASCII text with an escape every 40 bytes or so:
    /// <see cref="Utf8.IsValid(ReadOnlySpan{byte})"/> left its ASCII fast path at each of them, and the search for
    /// <c>\u</c> read the record a second time (the two were a tenth of reading a Claude Code file). Here 64 bytes at a
    /// time give one mask of their non-ASCII bytes and of their <c>\u</c> pairs, and only the bits set are looked at.
    /// </summary>
    internal static bool PassesAtOnce(ReadOnlySpan<byte> bytes)
    {
        ref var data = ref MemoryMarshal.GetReference(bytes);
        var n = bytes.Length;
        var i = 0;
        if (Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated)
        {
            while (i <= n - 65) // a block and the byte after it, for the 'u' of a backslash at its end
            {
                var block = i;
                var mask = Specials64(ref data, block);
                i = block + 64;
                while (mask != 0)
                {
                    var at = block + BitOperations.TrailingZeroCount(mask);
                    if (!Special(bytes, ref at)) return false;
                    var passed = at - block;
                    if (passed >= 64)
                    {
                        i = at; // a character or a \u that ends past the block: the next one starts after it
                        break;
                    }
                    mask &= ulong.MaxValue << passed; // the bytes looked at are not specials of their own
                }
            }
        }
        while (i < n)
        {
            var b = bytes[i];
            if (b < 0x80 && b != (byte)'\\') i++;
            else if (!Special(bytes, ref i)) return false;
        }
        return true;
    }

    /// <summary>
    /// At a byte of 0x80 up, or a backslash: past the UTF-8 characters that start there (false when one is not
    /// well-formed), or past the backslash and its <c>u</c> (false when a <c>d</c> or <c>D</c> follows).
    /// </summary>
    private static bool Special(ReadOnlySpan<byte> bytes, ref int at)
    {
        if (bytes[at] == (byte)'\\')
        {
            if (at + 1 < bytes.Length && bytes[at + 1] == (byte)'u')
            {
                if (at + 2 < bytes.Length && (bytes[at + 2] | 0x20) == 'd') return false;
                at += 2;
            }
            else at++;
            return true;
        }
        // A run of non-ASCII characters (text in another script, box drawing) is read here, not one block load each.
        do
        {
            var used = WellFormed(bytes, at);
            if (used == 0) return false;
            at += used;
        }
        while (at < bytes.Length && bytes[at] >= 0x80);
        return true;
    }

    /// <summary>The length of the well-formed UTF-8 sequence of two to four bytes at <paramref name="at"/> (Unicode table 3-7), or 0.</summary>
    private static int WellFormed(ReadOnlySpan<byte> bytes, int at)
    {
        var b0 = bytes[at];
        int length;
        byte low = 0x80, high = 0xBF; // the range of the second byte; the others are 0x80-0xBF
        if (b0 < 0xC2) return 0; // a continuation byte, or an overlong lead
        if (b0 < 0xE0) length = 2;
        else if (b0 < 0xF0)
        {
            length = 3;
            if (b0 == 0xE0) low = 0xA0; // overlong
            else if (b0 == 0xED) high = 0x9F; // a surrogate
        }
        else if (b0 < 0xF5)
        {
            length = 4;
            if (b0 == 0xF0) low = 0x90; // overlong
            else if (b0 == 0xF4) high = 0x8F; // past U+10FFFF
        }
        else return 0;
        if (at + length > bytes.Length) return 0;
        var b1 = bytes[at + 1];
        if (b1 < low || b1 > high) return 0;
        for (var k = 2; k < length; k++)
            if ((bytes[at + k] & 0xC0) != 0x80) return 0;
        return length;
    }

    /// <summary>Bit i set when byte <paramref name="at"/> + i is 0x80 or more, or a backslash followed by <c>u</c> (65 bytes must follow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Specials64(ref byte data, int at)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.LoadUnsafe(ref data, (nuint)at);
            var next = Vector512.LoadUnsafe(ref data, (nuint)at + 1);
            return v.ExtractMostSignificantBits()
                   | (Vector512.Equals(v, Vector512.Create((byte)'\\')) & Vector512.Equals(next, Vector512.Create((byte)'u'))).ExtractMostSignificantBits();
        }
        var backslash = Vector256.Create((byte)'\\');
        var u = Vector256.Create((byte)'u');
        var low = Vector256.LoadUnsafe(ref data, (nuint)at);
        var high = Vector256.LoadUnsafe(ref data, (nuint)at + 32);
        var lowNext = Vector256.LoadUnsafe(ref data, (nuint)at + 1);
        var highNext = Vector256.LoadUnsafe(ref data, (nuint)at + 33);
        ulong lowMask = low.ExtractMostSignificantBits() | (Vector256.Equals(low, backslash) & Vector256.Equals(lowNext, u)).ExtractMostSignificantBits();
        ulong highMask = high.ExtractMostSignificantBits() | (Vector256.Equals(high, backslash) & Vector256.Equals(highNext, u)).ExtractMostSignificantBits();
        return lowMask | (highMask << 32);
    }

    /// <summary>Whether <see cref="Check"/> lets the bytes through (every string in them decodes).</summary>
    public static bool IsText(ReadOnlySpan<byte> bytes)
    {
        try
        {
            Check(bytes);
            return true;
        }
        catch (BadRecordException)
        {
            return false;
        }
    }

    /// <summary>Whether the backslash at <paramref name="at"/> starts an escape (it is not itself escaped).</summary>
    private static bool IsEscape(ReadOnlySpan<byte> bytes, int at)
    {
        var run = 0;
        while (at - run - 1 >= 0 && bytes[at - run - 1] == (byte)'\\') run++;
        return run % 2 == 0;
    }

    /// <summary>The UTF-16 unit of the <c>\uXXXX</c> escape at <paramref name="at"/>, or null when there is none.</summary>
    private static char? Unit(ReadOnlySpan<byte> bytes, int at)
    {
        if (at + 6 > bytes.Length || bytes[at] != (byte)'\\' || bytes[at + 1] != (byte)'u') return null;
        return int.TryParse(bytes.Slice(at + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ? (char)value : null;
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        while (at < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[at..], out _, out var used) != System.Buffers.OperationStatus.Done) return at;
            at += used;
        }
        return bytes.Length - 1;
    }

    /// <summary>The bad record, at the line and column (in bytes, 1-based) of <paramref name="at"/> within the record.</summary>
    private static BadRecordException At(ReadOnlySpan<byte> bytes, int at, string message)
    {
        var before = bytes[..at];
        var line = before.Count((byte)'\n') + 1;
        var column = at - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return new BadRecordException(message, line, column);
    }
}
