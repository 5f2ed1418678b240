using System.Globalization;
using System.Text.Json;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// Compares a row an independent reader printed in tests/interop's canonical JSON with a row as our reader rebuilds it:
/// numbers by value (int64 may arrive as a decimal string; FLOAT as float), timestamps by instant (the canonical form has six fractional
/// digits, ours drops trailing zeros), binary as <c>hex:</c> against our base64; everything else exactly.
/// </summary>
internal static class SameValues
{
    public static string? Diff(JsonElement expected, JsonElement actual, string path)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                if (actual.ValueKind != JsonValueKind.Object) return $"{path}: expected object, got {actual}";
                var names = actual.EnumerateObject().Select(p => p.Name).ToList();
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).ToList();
                if (!names.SequenceEqual(expectedNames)) return $"{path}: expected fields [{string.Join(",", expectedNames)}], got [{string.Join(",", names)}]";
                foreach (var p in expected.EnumerateObject())
                    if (Diff(p.Value, actual.GetProperty(p.Name), $"{path}.{p.Name}") is { } d) return d;
                return null;
            case JsonValueKind.Array:
                if (actual.ValueKind != JsonValueKind.Array) return $"{path}: expected array, got {actual}";
                if (actual.GetArrayLength() != expected.GetArrayLength()) return $"{path}: expected {expected.GetArrayLength()} items, got {actual.GetArrayLength()}";
                for (var i = 0; i < expected.GetArrayLength(); i++)
                    if (Diff(expected[i], actual[i], $"{path}[{i}]") is { } d) return d;
                return null;
            case JsonValueKind.Null or JsonValueKind.True or JsonValueKind.False:
                return actual.ValueKind == expected.ValueKind ? null : $"{path}: expected {expected}, got {actual}";
        }
        var e = expected.ValueKind == JsonValueKind.String ? expected.GetString()! : expected.GetRawText();
        var a = actual.ValueKind == JsonValueKind.String ? actual.GetString()! : actual.GetRawText();
        if (e == a) return null;
        if (decimal.TryParse(e, NumberStyles.Float, CultureInfo.InvariantCulture, out var en) && decimal.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var an) && en == an) return null;
        if (double.TryParse(e, NumberStyles.Float, CultureInfo.InvariantCulture, out var ed) && double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var ad) && (ed == ad || (float)ed == (float)ad)) return null; // a FLOAT column prints in its shortest float form
        if (e.EndsWith('Z') && DateTimeOffset.TryParse(e, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var et)
            && DateTimeOffset.TryParse(a, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) && et == at) return null;
        if (e.StartsWith("hex:", StringComparison.Ordinal) && actual.ValueKind == JsonValueKind.String && actual.TryGetBytesFromBase64(out var bytes)
            && Convert.ToHexStringLower(bytes) == e[4..]) return null;
        return $"{path}: expected {expected}, got {actual}";
    }
}
