using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// What a line that does not parse as one JSON value holds, found only after the fast parse failed (a clean file never
/// pays for it): several complete values side by side (a Pi writer of December 2025 wrote two records on one line),
/// complete values then a value cut short (a writer that crashed), or something that is not JSON.
/// </summary>
internal static class DamagedLine
{
    public enum Kind
    {
        /// <summary>Not a sequence of JSON values: a syntax error that more bytes could not fix.</summary>
        Invalid,

        /// <summary>Two or more complete values and nothing else.</summary>
        Several,

        /// <summary>Zero or more complete values, then the start of one that the line cuts short.</summary>
        Incomplete,
    }

    /// <summary>The line's kind and the byte ranges of its complete values, in order.</summary>
    public readonly record struct Reading(Kind Kind, List<Range> Values);

    public static Reading Classify(ReadOnlySpan<byte> line)
    {
        var values = new List<Range>();
        // Not the final block: running out of bytes inside a value then reads as "needs more data", never as an error,
        // which is exactly what tells a cut value from a malformed one.
        var reader = new Utf8JsonReader(line, isFinalBlock: false,
            new JsonReaderState(new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = ReadLimits.MaxDepth }));
        try
        {
            while (reader.Read())
            {
                var start = (int)reader.TokenStartIndex;
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && !reader.TrySkip())
                    return new Reading(Kind.Incomplete, values);
                values.Add(start..(int)reader.BytesConsumed);
            }
        }
        catch (JsonException)
        {
            return new Reading(Kind.Invalid, values);
        }
        // The reader stopped for want of bytes: the rest is either blank or the start of a value (a number or literal at
        // the very end stays undecided without a final block, so a bare trailing scalar also counts as cut).
        if (!line[(int)reader.BytesConsumed..].Trim(" \t\r\n"u8).IsEmpty) return new Reading(Kind.Incomplete, values);
        return new Reading(values.Count >= 2 ? Kind.Several : Kind.Invalid, values);
    }
}
