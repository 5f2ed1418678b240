using System.Globalization;
using System.Text.Json;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// Typed reads from a parsed JSON record that fail with a <see cref="BadRecordException"/> naming the field, so a
/// record with a wrong type becomes a diagnostic, never an InvalidOperationException from deep inside a reader.
/// </summary>
public static class Json
{
    /// <summary>
    /// For parsing JSON the tool built from a record's values (its metadata under a key or two, a tool call's input):
    /// the record's nesting limit plus room for the wrapping, so a record within <see cref="ReadLimits.MaxDepth"/>
    /// never fails later, in a reader's second pass, a step or an output (the parser's own default is 64).
    /// </summary>
    public static readonly JsonDocumentOptions Rebuilt = new() { MaxDepth = ReadLimits.MaxDepth + 16 };

    public static JsonDocument Parse(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxDepth });
        }
        catch (JsonException e)
        {
            throw InvalidJson(e);
        }
    }

    /// <summary>
    /// JSON text a record holds as a string (tool-call arguments, an embedded object), parsed; null when null or not
    /// valid JSON, which the caller keeps raw. Not a bad record: the record itself was valid.
    /// </summary>
    public static JsonElement? ParseOrNull(string? text)
    {
        if (text is null) return null;
        try
        {
            using var doc = JsonDocument.Parse(text, Rebuilt);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The bad record for a syntax error, at its line and column within the record.</summary>
    internal static BadRecordException InvalidJson(JsonException e) =>
        // JsonException counts lines from 0; BadRecordException.Line is 1-based within the record.
        new($"invalid JSON: {e.Message}", (e.LineNumber ?? -1) + 1, (int)(e.BytePositionInLine ?? 0) + 1, e);

    /// <summary>
    /// <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/> that calls a parent of the wrong type (an item
    /// of a record's array that is a string where an object is due) what it is, a bad record, instead of the runtime's
    /// InvalidOperationException.
    /// </summary>
    private static bool Field(JsonElement parent, string name, out JsonElement value) =>
        parent.ValueKind == JsonValueKind.Object
            ? parent.TryGetProperty(name, out value)
            : throw new BadRecordException($"expected an object with the field '{name}', not {Kind(parent)}");

    public static JsonElement Object(JsonElement parent, string name)
    {
        if (!Field(parent, name, out var value)) throw new BadRecordException($"missing field '{name}'");
        if (value.ValueKind != JsonValueKind.Object) throw new BadRecordException($"field '{name}' must be an object, not {Kind(value)}");
        return value;
    }

    public static string? String(JsonElement parent, string name)
    {
        if (!Field(parent, name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new BadRecordException($"field '{name}' must be a string, not {Kind(value)}");
    }

    public static string RequiredString(JsonElement parent, string name) =>
        String(parent, name) ?? throw new BadRecordException($"missing field '{name}'");

    public static double? Number(JsonElement parent, string name)
    {
        if (!Field(parent, name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var d) && double.IsFinite(d)) return d;
        throw new BadRecordException($"field '{name}' must be a number, not {Kind(value)}");
    }

    public static long? Integer(JsonElement parent, string name)
    {
        if (!Field(parent, name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (value.TryGetInt64(out var l)) return l;
            if (value.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) < 9.2e18) return (long)d;
        }
        throw new BadRecordException($"field '{name}' must be a whole number, not {Kind(value)} {Short(value)}");
    }

    public static bool? Boolean(JsonElement parent, string name)
    {
        if (!Field(parent, name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new BadRecordException($"field '{name}' must be true or false, not {Kind(value)}"),
        };
    }

    /// <summary>The items of an array field; empty when the field is missing or null.</summary>
    public static JsonElement.ArrayEnumerator Array(JsonElement parent, string name)
    {
        if (!Field(parent, name, out var value) || value.ValueKind == JsonValueKind.Null) return default;
        return value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray()
            : throw new BadRecordException($"field '{name}' must be an array, not {Kind(value)}");
    }

    public static DateTimeOffset? Timestamp(JsonElement parent, string name)
    {
        var text = String(parent, name);
        return text is null ? null : ParseTimestamp(text, name);
    }

    /// <summary>ISO strings with Z, +00:00 or no zone at all (treated as UTC), input-formats §1.5.</summary>
    internal static DateTimeOffset ParseTimestamp(string text, string name) =>
        TryParseTimestamp(text, out var t) ? t : throw new BadRecordException($"field '{name}' is not a timestamp: '{Truncate(text, 40)}'");

    /// <summary><see cref="ParseTimestamp"/>'s rule without its error, for the streaming passes: false for a text that is no timestamp.</summary>
    internal static bool TryParseTimestamp(ReadOnlySpan<char> text, out DateTimeOffset t) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out t);

    public static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

    private static string Short(JsonElement value) => Truncate(value.GetRawText(), 30);

    private static string Truncate(string s, int n) => s.Length <= n ? s : s[..n] + "…";
}
