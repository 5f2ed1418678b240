namespace TraceCurate.Formats;

/// <summary>
/// The timestamps agents write on every line (<c>2025-06-01T12:34:56.789Z</c>) read straight from their bytes. Culture-
/// aware <see cref="DateTimeOffset.TryParse(string, IFormatProvider, System.Globalization.DateTimeStyles, out DateTimeOffset)"/>
/// tokenises each one and was about a tenth of a Claude Code line's streaming pass; this reads only the exact shape
/// <c>yyyy-MM-ddTHH:mm:ss[.f{1,7}]Z</c> with every field in range, and answers false for anything else, which the
/// caller then parses as before, so both give the same instant and the same refusals.
/// </summary>
internal static class IsoUtcTimestamp
{
    public static bool TryParse(ReadOnlySpan<byte> text, out DateTimeOffset time)
    {
        time = default;
        if (text.Length < 20 || text.Length > 28 || text[^1] != (byte)'Z') return false;
        if (text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':') return false;
        if (!Digits(text, 0, 4, out var year) || !Digits(text, 5, 2, out var month) || !Digits(text, 8, 2, out var day)
            || !Digits(text, 11, 2, out var hour) || !Digits(text, 14, 2, out var minute) || !Digits(text, 17, 2, out var second)) return false;
        long ticks = 0;
        if (text.Length > 20)
        {
            // A fraction of one to seven digits, in units of 100 ns (more digits: the general parser decides the rounding).
            var digits = text.Length - 21;
            if (text[19] != '.' || digits is < 1 or > 7 || !Digits(text, 20, digits, out var fraction)) return false;
            ticks = fraction;
            for (var k = digits; k < 7; k++) ticks *= 10;
        }
        else if (text.Length != 20) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        time = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(ticks), TimeSpan.Zero);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = text[i] - '0';
            if ((uint)d > 9) return false;
            value = value * 10 + d;
        }
        return true;
    }
}
