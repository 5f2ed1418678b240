using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// Factories that decode a JSON value of a record only when a step or writer reads it, straight from the record's own
/// bytes (which the trace keeps anyway for <c>format: original</c>). Types are still checked when the record is parsed,
/// so a wrong type remains a bad record, not a late surprise. Short strings are decoded at once: a closure would cost
/// more than the string.
/// </summary>
public static class LazyJson
{
    private const int EagerBelowBytes = 96;
    private static readonly Func<string?> Null = () => null;

    /// <summary>The string field <paramref name="name"/> of <paramref name="parent"/>, decoded on first use.</summary>
    public static Func<string?> String(ReadOnlyMemory<byte> owner, JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return Null;
        if (value.ValueKind != JsonValueKind.String) throw new BadRecordException($"field '{name}' must be a string, not {Json.Kind(value)}");
        if (Slice(owner, value) is not { } raw || raw.Length < EagerBelowBytes)
        {
            var now = value.GetString();
            return () => now;
        }
        return () => DecodeString(raw.Span);
    }

    /// <summary>Any JSON value field, cloned on first use; null when absent or JSON null.</summary>
    public static Func<JsonElement?> Element(ReadOnlyMemory<byte> owner, JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return () => null;
        if (Slice(owner, value) is not { } raw)
        {
            var now = value.Clone();
            return () => now;
        }
        return () =>
        {
            using var doc = JsonDocument.Parse(raw);
            return doc.RootElement.Clone();
        };
    }

    /// <summary>The bytes of a value inside <paramref name="owner"/>; null when the element does not point into it.</summary>
    private static ReadOnlyMemory<byte>? Slice(ReadOnlyMemory<byte> owner, JsonElement value)
    {
        // JsonDocument.Parse(ReadOnlyMemory) reads the caller's memory in place, so the raw value lies inside it.
        var raw = JsonMarshal.GetRawUtf8Value(value);
        if (!MemoryMarshal.TryGetArray(owner, out var segment) || segment.Array is null || segment.Count == 0) return null;
        var offset = (long)Unsafe.ByteOffset(ref segment.Array[segment.Offset], ref MemoryMarshal.GetReference(raw));
        if (offset < 0 || offset + raw.Length > segment.Count) return null;
        return owner.Slice((int)offset, raw.Length);
    }

    private static string? DecodeString(ReadOnlySpan<byte> quoted)
    {
        var inner = quoted[1..^1];
        if (inner.IndexOf((byte)'\\') < 0) return Encoding.UTF8.GetString(inner);
        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        return reader.GetString();
    }
}
