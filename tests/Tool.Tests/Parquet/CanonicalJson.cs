using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TraceCurate.Parquet;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// Renders values in the canonical JSON of tests/interop/canonical.mjs and compares them with
/// what an independent reader printed. Integers may arrive as numbers or decimal strings
/// (int64 is a BigInt in JavaScript); doubles compare by value.
/// </summary>
internal static class CanonicalJson
{
    public static JsonNode? From(object? value) => value switch
    {
        null => null,
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        int i => JsonValue.Create(i),
        long l => JsonValue.Create(l),
        double d => double.IsFinite(d) ? JsonValue.Create(d) : JsonValue.Create(d.ToString(CultureInfo.InvariantCulture)),
        float f => JsonValue.Create((double)f),
        decimal m => JsonValue.Create(m.ToString(CultureInfo.InvariantCulture)),
        DateTimeOffset t => JsonValue.Create(t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture)),
        DateOnly d => JsonValue.Create(d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        Guid g => JsonValue.Create(g.ToString("D")),
        byte[] bytes => JsonValue.Create("hex:" + Convert.ToHexStringLower(bytes)),
        ParquetRecord r => new JsonObject(r.Select(p => new KeyValuePair<string, JsonNode?>(p.Key, From(p.Value)))),
        IEnumerable<object?> list => new JsonArray(list.Select(From).ToArray()),
        _ => throw new ArgumentException($"No canonical form for {value.GetType()}"),
    };

    /// <summary>Canonical form of a row given positionally for <paramref name="fields"/>.</summary>
    public static JsonObject FromRow(IReadOnlyList<ParquetField> fields, IReadOnlyList<object?> values) =>
        new(fields.Select((f, i) => new KeyValuePair<string, JsonNode?>(f.Name, FromField(f, values[i]))));

    private static JsonNode? FromField(ParquetField field, object? value) => field.Kind switch
    {
        _ when value is null => null,
        ParquetFieldKind.Struct when value is IReadOnlyList<object?> positional => FromRow(field.Fields, positional),
        ParquetFieldKind.List => new JsonArray(((IEnumerable<object?>)value).Select(v => FromField(field.Element!, v)).ToArray()),
        ParquetFieldKind.Uuid when value is Guid g => JsonValue.Create(g.ToString("D")),
        ParquetFieldKind.Uuid when value is string s => JsonValue.Create(Guid.Parse(s).ToString("D")), // RFC 4122 text is lowercase
        _ => From(value),
    };

    /// <summary>Returns null when equal, otherwise a description of the first difference.</summary>
    public static string? Diff(JsonNode? expected, JsonElement actual, string path)
    {
        if (expected is null) return actual.ValueKind == JsonValueKind.Null ? null : $"{path}: expected null, got {actual}";
        switch (expected)
        {
            case JsonObject o:
                if (actual.ValueKind != JsonValueKind.Object) return $"{path}: expected object, got {actual}";
                var names = actual.EnumerateObject().Select(p => p.Name).ToList();
                if (!names.SequenceEqual(o.Select(p => p.Key))) return $"{path}: expected fields [{string.Join(",", o.Select(p => p.Key))}], got [{string.Join(",", names)}]";
                foreach (var p in o) if (Diff(p.Value, actual.GetProperty(p.Key), $"{path}.{p.Key}") is { } d) return d;
                return null;
            case JsonArray a:
                if (actual.ValueKind != JsonValueKind.Array) return $"{path}: expected array, got {actual}";
                if (actual.GetArrayLength() != a.Count) return $"{path}: expected {a.Count} items, got {actual.GetArrayLength()}";
                for (int i = 0; i < a.Count; i++) if (Diff(a[i], actual[i], $"{path}[{i}]") is { } d) return d;
                return null;
        }
        var v = expected.AsValue();
        var kind = v.GetValueKind();
        if (kind is JsonValueKind.True or JsonValueKind.False)
            return actual.ValueKind == kind ? null : $"{path}: expected {v}, got {actual}";
        if (kind == JsonValueKind.Number)
        {
            string a = actual.ValueKind == JsonValueKind.String ? actual.GetString()! : actual.GetRawText();
            string e = v.ToJsonString();
            if (long.TryParse(e, out long el) && long.TryParse(a, out long al)) return el == al ? null : $"{path}: expected {e}, got {a}";
            return double.TryParse(a, CultureInfo.InvariantCulture, out double ad) && ad == double.Parse(e, CultureInfo.InvariantCulture) ? null : $"{path}: expected {e}, got {a}";
        }
        return actual.ValueKind == JsonValueKind.String && actual.GetString() == v.GetValue<string>() ? null : $"{path}: expected {v.ToJsonString()}, got {actual}";
    }

    /// <summary>Asserts that a reader's rows equal the expected canonical rows, naming the first difference.</summary>
    public static void AssertRows(IReadOnlyList<JsonObject> expected, JsonElement rows, string label)
    {
        Assert.True(rows.GetArrayLength() == expected.Count, $"{label}: expected {expected.Count} rows, got {rows.GetArrayLength()}");
        for (int i = 0; i < expected.Count; i++)
            if (Diff(expected[i], rows[i], $"row {i}") is { } diff) Assert.Fail($"{label}: {diff}");
    }
}
