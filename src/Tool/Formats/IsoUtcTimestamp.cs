namespace TraceCurate.Formats;

/// <summary>
/// The one timestamp shape session files write on nearly every line, <c>yyyy-MM-ddTHH:mm:ss[.f…]Z</c> (1 to 7 fraction
/// digits), read straight from its UTF-8 bytes. <see cref="DateTimeOffset.TryParse(string, IFormatProvider, System.Globalization.DateTimeStyles, out DateTimeOffset)"/>
/// with <c>AssumeUniversal | AdjustToUniversal</c> (what <see cref="Json.ParseTimestamp"/> does) lexes every text
/// against the culture's patterns and was a few percent of reading a Codex folder; for this shape it gives the same
/// instant with a zero offset. Any other text (an offset, a lower-case <c>z</c>, no zone, 24:00, a leap second, eight
/// fraction digits, a date that does not exist) answers false, and the caller asks the general parser, which decides.
/// </summary>
internal static class IsoUtcTimestamp
{
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset value)
    {
        value = default;
        // 2025-12-09T19:55:16Z is 20 bytes; each fraction digit one more, after a dot.
        if (text.Length < 20 || text.Length > 28 || text[^1] != (byte)'Z') return false;
        if (text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T' || text[13] != (byte)':' || text[16] != (byte)':') return false;
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)) return false;
        long ticks = 0;
        var fraction = text[19..^1];
        if (fraction.Length > 0)
        {
            if (fraction.Length < 2 || fraction[0] != (byte)'.' || !Digits(fraction, 1, fraction.Length - 1, out var digits)) return false;
            ticks = digits;
            for (var i = fraction.Length - 1; i < 7; i++) ticks *= 10; // 7 digits are ticks (100 ns)
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        value = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks), TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = text[i] - (byte)'0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }
}
