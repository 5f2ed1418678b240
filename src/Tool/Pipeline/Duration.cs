using System.Globalization;

namespace TraceCurate.Pipeline;

/// <summary>Durations as <c>--timeout</c> takes them: a number with a unit (<c>90s</c>, <c>15m</c>, <c>2h</c>, <c>500ms</c>).</summary>
public static class Duration
{
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var units = new (string Suffix, double Seconds)[] { ("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600) };
        foreach (var (suffix, seconds) in units)
        {
            if (!text.EndsWith(suffix, StringComparison.Ordinal)) continue;
            var number = text[..^suffix.Length];
            if (number.Length == 0 || number.EndsWith('m')) continue; // "ms" ends with "s" too
            if (!double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n) || n <= 0 || n * seconds > 1e7)
                return false;
            value = TimeSpan.FromSeconds(n * seconds);
            return true;
        }
        return false;
    }

    public static string Format(TimeSpan t) => t.TotalMilliseconds < 1000
        ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:0}ms")
        : t.TotalSeconds % 3600 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalHours:0}h")
        : t.TotalSeconds % 60 == 0 ? string.Create(CultureInfo.InvariantCulture, $"{t.TotalMinutes:0}m")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalSeconds:0.###}s");
}
