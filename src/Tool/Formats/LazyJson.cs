using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Factories that decode a JSON value of a record only when a step or writer reads it, straight from the record's own
/// bytes (which the trace keeps anyway for <c>format: original</c>). Types are still checked when the record is parsed,
/// so a wrong type remains a bad record, not a late surprise. Short strings are decoded at once: a closure would cost
/// more than the string.
/// </summary>
public static class LazyJson
{
    /// <summary>Strings shorter than this are decoded at once: a closure would cost more than the string.</summary>
    internal const int EagerBelowBytes = 96;

    internal static readonly Func<string?> Null = () => null;
    internal static readonly Func<JsonElement?> NullElement = () => null;

    /// <summary>
    /// A quoted JSON string of a record, decoded on first read. The factory is the text's own method, so the model can
    /// tell a field still held as JSON bytes (<c>Action.TryLendOutput</c>).
    /// </summary>
    internal static Func<string?> StringOf(ReadOnlyMemory<byte> quoted, bool escaped) => new Utf8JsonText(quoted, escaped).Decode;

    /// <summary>Any JSON value of a record, parsed and cloned on first read.</summary>
    internal static Func<JsonElement?> ElementOf(ReadOnlyMemory<byte> raw) => () =>
    {
        using var doc = JsonDocument.Parse(raw);
        return doc.RootElement.Clone();
    };

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
        return StringOf(raw, raw.Span[1..^1].IndexOf((byte)'\\') >= 0);
    }

    /// <summary>Any JSON value field, cloned on first use; null when absent or JSON null.</summary>
    public static Func<JsonElement?> Element(ReadOnlyMemory<byte> owner, JsonElement parent, string name)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return NullElement;
        if (Slice(owner, value) is not { } raw)
        {
            var now = value.Clone();
            return () => now;
        }
        return ElementOf(raw);
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
}
