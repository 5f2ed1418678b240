using System.Text;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Typed reads of the value a <see cref="JsonScanner"/> stands on (the token after a property name), for readers
/// that stream a record instead of building a <see cref="JsonDocument"/>. Types are checked as in <see cref="Json"/>,
/// with the same messages, so a wrong type is a bad record whichever way a reader parses. Large strings and nested
/// values are kept as slices of the record and decoded on first read.
/// </summary>
internal static class Utf8Fields
{
    public static JsonReaderOptions Options => new() { MaxDepth = ReadLimits.MaxDepth };

    // A syntax error surfaces as JsonScanner.Rejected from Read and Skip; the reader's entry point turns it into the bad
    // record Json.Parse would report (AgentTraceRow.SyntaxError), once per record, not in a handler around every token.

    /// <summary>Moves to the next token.</summary>
    public static bool Read(ref JsonScanner reader) => reader.Read();

    /// <summary>Skips the value the reader stands on (a whole object or array), checking its syntax.</summary>
    public static void Skip(ref JsonScanner reader) => reader.Skip();

    /// <summary>Reads the rest of the record: only whitespace may follow the top-level value.</summary>
    public static void End(ref JsonScanner reader)
    {
        if (Read(ref reader)) throw new BadRecordException("invalid JSON: more than one value in the record");
    }

    public static string? String(ref JsonScanner reader, string name) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw WrongType(ref reader, name, "a string"),
    };

    /// <summary>A string field decoded on first read, from the record's own bytes; a short one at once.</summary>
    public static Deferred<string?> LazyString(ref JsonScanner reader, ReadOnlyMemory<byte> owner, string name)
    {
        if (reader.TokenType == JsonTokenType.Null) return default;
        if (reader.TokenType != JsonTokenType.String) throw WrongType(ref reader, name, "a string");
        if (reader.ValueSpan.Length < LazyJson.EagerBelowBytes) return Deferred<string?>.Of(reader.GetString());
        return Deferred<string?>.Lazy(RawText(ref reader, owner));
    }

    /// <summary>The string value the reader stands on, as the record's bytes (quotes included).</summary>
    public static Utf8JsonText RawText(ref JsonScanner reader, ReadOnlyMemory<byte> owner) =>
        // TokenStartIndex is the opening quote; the value is quoted, so the slice is its length plus two.
        new(owner.Slice((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2), reader.ValueIsEscaped, reader.TextChecked);

    /// <summary>Any JSON value, parsed on first read from the record's bytes; null when JSON null. Skips the value.</summary>
    public static Deferred<JsonElement?> LazyElement(ref JsonScanner reader, ReadOnlyMemory<byte> owner)
    {
        if (reader.TokenType == JsonTokenType.Null) return default;
        var start = (int)reader.TokenStartIndex;
        Skip(ref reader);
        return Deferred<JsonElement?>.Lazy(new LazyJson.Element(owner[start..(int)reader.BytesConsumed]));
    }

    public static long? Integer(ref JsonScanner reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out var l)) return l;
            if (reader.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18) return (long)d;
        }
        throw new BadRecordException($"field '{name}' must be a whole number, not {Kind(reader.TokenType)} {Short(ref reader)}");
    }

    public static double? Number(ref JsonScanner reader, string name)
    {
        if (reader.TokenType == JsonTokenType.Null) return null;
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) && double.IsFinite(d)) return d;
        throw WrongType(ref reader, name, "a number");
    }

    public static DateTimeOffset? Timestamp(ref JsonScanner reader, string name)
    {
        var text = String(ref reader, name);
        return text is null ? null : Json.ParseTimestamp(text, name);
    }

    /// <summary>True when the reader stands on the start of an array; false for null; a bad record for anything else.</summary>
    public static bool StartArray(ref JsonScanner reader, string name) => reader.TokenType switch
    {
        JsonTokenType.StartArray => true,
        JsonTokenType.Null => false,
        _ => throw WrongType(ref reader, name, "an array"),
    };

    /// <summary>The JSON type of the token, as <see cref="Json.Kind"/> names it.</summary>
    public static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => "null",
    };

    private static BadRecordException WrongType(ref JsonScanner reader, string name, string expected) =>
        new($"field '{name}' must be {expected}, not {Kind(reader.TokenType)}");

    private static string Short(ref JsonScanner reader)
    {
        var text = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
            ? (reader.TokenType == JsonTokenType.StartObject ? "{…" : "[…")
            : Encoding.UTF8.GetString(reader.ValueSpan);
        if (reader.TokenType == JsonTokenType.String) text = "\"" + text + "\"";
        return text.Length <= 30 ? text : text[..30] + "…";
    }
}
