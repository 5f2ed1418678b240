using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// Field checks for <see cref="ITraceReader.Sniff"/>, which must never throw: each one first checks that the element is
/// an object, and compares strings on their raw UTF-8 (<see cref="JsonElement.ValueEquals(string)"/>), so a value that
/// is not valid UTF-8 is simply unequal instead of an exception from <see cref="JsonElement.GetString"/>.
/// </summary>
public static class SniffFields
{
    public static bool Has(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out _);

    public static bool Is(JsonElement e, string name, JsonValueKind kind) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == kind;

    /// <summary>True when <paramref name="name"/> is a string equal to one of <paramref name="values"/>.</summary>
    public static bool IsOneOf(JsonElement e, string name, params ReadOnlySpan<string> values)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String) return false;
        foreach (var value in values)
            if (v.ValueEquals(value)) return true;
        return false;
    }

    /// <summary>The property as an object, or null.</summary>
    public static JsonElement? Object(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    /// <summary>True when the property is a string that starts with <paramref name="prefix"/> (ASCII), compared byte by byte.</summary>
    public static bool StartsWith(JsonElement e, string name, string prefix) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && StartsWith(v, prefix);

    /// <summary>True when the element is a string that starts with <paramref name="prefix"/> (ASCII, no characters JSON escapes).</summary>
    public static bool StartsWith(JsonElement value, string prefix)
    {
        if (value.ValueKind != JsonValueKind.String) return false;
        // The raw JSON bytes with their quotes and escapes (never decoded, so never invalid): an escaped prefix is not a match.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        return raw.Length > prefix.Length && raw[1..].StartsWith(Encoding.ASCII.GetBytes(prefix));
    }

    /// <summary>True when the property is a string containing <paramref name="needle"/> (ASCII, no characters JSON escapes).</summary>
    public static bool Contains(JsonElement e, string name, string needle) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
        && JsonMarshal.GetRawUtf8Value(v).IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0;
}
