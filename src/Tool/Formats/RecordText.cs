using System.Globalization;
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
