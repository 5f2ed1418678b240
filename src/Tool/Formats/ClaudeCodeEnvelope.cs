using System.Runtime.InteropServices;
using System.Text.Json;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// The envelope fields of a Claude Code line that decide its place in the DAG (input-formats §4, "Envelope"), found in
/// one walk over the line's properties: looked up one by one, each field scanned the whole line object again, and the
/// lookups were a quarter of reading a session. As a lookup does, a key written twice counts by its last value.
/// </summary>
internal readonly struct ClaudeCodeEnvelope
{
    public JsonElement Type { get; private init; }
    public JsonElement Uuid { get; private init; }
    public JsonElement Subtype { get; private init; }
    public JsonElement ParentUuid { get; private init; }
    public JsonElement LogicalParentUuid { get; private init; }
    public JsonElement IsSidechain { get; private init; }

    /// <summary>Whether the line has a <c>parentUuid</c> field at all (null counts).</summary>
    public bool HasParentKey => ParentUuid.ValueKind != JsonValueKind.Undefined;

    public static ClaudeCodeEnvelope Of(JsonElement line)
    {
        JsonElement type = default, uuid = default, subtype = default, parent = default, logical = default, side = default;
        foreach (var property in line.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            // A key written with escapes is compared as text; the others by their bytes.
            ReadOnlySpan<byte> name = raw.IndexOf((byte)'\\') < 0 ? raw : System.Text.Encoding.UTF8.GetBytes(property.Name);
            switch (name.Length)
            {
                case 4 when name.SequenceEqual("type"u8): type = property.Value; break;
                case 4 when name.SequenceEqual("uuid"u8): uuid = property.Value; break;
                case 7 when name.SequenceEqual("subtype"u8): subtype = property.Value; break;
                case 10 when name.SequenceEqual("parentUuid"u8): parent = property.Value; break;
                case 11 when name.SequenceEqual("isSidechain"u8): side = property.Value; break;
                case 17 when name.SequenceEqual("logicalParentUuid"u8): logical = property.Value; break;
            }
        }
        return new ClaudeCodeEnvelope { Type = type, Uuid = uuid, Subtype = subtype, ParentUuid = parent, LogicalParentUuid = logical, IsSidechain = side };
    }

    /// <summary>As <see cref="Json.String"/>: null when missing or null, a bad record when not a string.</summary>
    public static string? String(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.String => value.GetString(),
        _ => throw new BadRecordException($"field '{name}' must be a string, not {Json.Kind(value)}"),
    };

    /// <summary>As <see cref="Json.Boolean"/>: null when missing or null, a bad record when not true or false.</summary>
    public static bool? Boolean(JsonElement value, string name) => value.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => null,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw new BadRecordException($"field '{name}' must be true or false, not {Json.Kind(value)}"),
    };

    /// <summary>A string, or null for anything else: the fields of a line the reader does not map are read leniently.</summary>
    public static string? Lenient(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
