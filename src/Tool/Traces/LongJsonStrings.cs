using System.Text.Json;

namespace TraceCurate.Traces;

/// <summary>
/// Writes texts of any length a record may hold. <see cref="Utf8JsonWriter"/> refuses one string value longer than
/// about 166 million characters (its worst-case escaping must fit in 1 GB), under the 256 MiB record limit
/// (docs/safety.md): a 192 MB tool output read fine and then aborted the output. A text that long is written in
/// segments, which the writer escapes exactly as it escapes a whole string, so the bytes do not depend on the path.
/// </summary>
internal static class LongJsonStrings
{
    /// <summary>Texts up to this many characters go to the writer whole; longer ones in segments of this size.</summary>
    private const int SegmentChars = 1 << 24;

    public static void WriteText(this Utf8JsonWriter w, string name, string? value)
    {
        if (value is null || value.Length <= SegmentChars)
        {
            w.WriteString(name, value);
            return;
        }
        w.WritePropertyName(name);
        w.WriteTextValue(value);
    }

    public static void WriteTextValue(this Utf8JsonWriter w, ReadOnlySpan<char> value)
    {
        if (value.Length <= SegmentChars)
        {
            w.WriteStringValue(value);
            return;
        }
        while (true)
        {
            var take = Math.Min(value.Length, SegmentChars);
            if (take < value.Length && char.IsHighSurrogate(value[take - 1])) take--; // never split a surrogate pair
            w.WriteStringValueSegment(value[..take], isFinalSegment: take == value.Length);
            if (take == value.Length) return;
            value = value[take..];
        }
    }
}
