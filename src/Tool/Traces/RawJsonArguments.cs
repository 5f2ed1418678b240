using System.Text;
using System.Text.Json;

namespace TraceCurate.Traces;

/// <summary>
/// A lazy JSON value that a reader kept as the record's bytes (a tool call's arguments): parsed into a
/// <see cref="JsonElement"/> on first read, and meanwhile readable field by field without a document. Its bytes are the
/// whole value exactly as the record spells it, so a writer that would only write it back may copy them where it can
/// tell that its own writing gives the same bytes (VerbatimArguments).
/// </summary>
internal abstract class RawJsonValue(ReadOnlyMemory<byte> raw) : LazyValue<JsonElement?>
{
    /// <summary>The value's JSON bytes, already checked by the reader that kept them.</summary>
    public ReadOnlyMemory<byte> Raw => raw;
}

/// <summary>
/// The top-level argument fields the analysis reads of every action (a shell call's <c>command</c>, a file tool's
/// <c>file_path</c>), read from the arguments' bytes while nothing has parsed them: building and cloning a
/// <see cref="JsonDocument"/> of each call's arguments for one or two fields was a tenth of the analysis. The answers are
/// those of the document path (<see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>, which finds the last
/// of two equal names and compares names unescaped, then <see cref="JsonPath.AsString"/>); tests compare both.
/// </summary>
internal static class RawJsonArguments
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 1024 }; // the reader checked the nesting

    /// <summary>
    /// <see cref="JsonPath.AsString"/> of the top-level field <paramref name="key"/> of <paramref name="raw"/>; null when
    /// the value is not an object or has no such field.
    /// </summary>
    public static string? Field(ReadOnlySpan<byte> raw, string key)
    {
        var reader = new Utf8JsonReader(raw, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        string? found = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(key);
            reader.Read();
            if (match) found = AsString(ref reader, raw); // the last of equal names, as the document's look-up
            else reader.Skip();
        }
        return found;
    }

    /// <summary>
    /// As <see cref="Field"/> for each of <paramref name="keys"/> in one pass (a path tool's several spellings of its path):
    /// <paramref name="values"/>[i] is the field named <paramref name="keys"/>[i], or null.
    /// </summary>
    public static void Fields(ReadOnlySpan<byte> raw, ReadOnlySpan<string> keys, Span<string?> values)
    {
        values.Clear();
        var reader = new Utf8JsonReader(raw, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var match = -1;
            for (var k = 0; k < keys.Length && match < 0; k++)
                if (reader.ValueTextEquals(keys[k])) match = k;
            reader.Read();
            if (match >= 0) values[match] = AsString(ref reader, raw);
            else reader.Skip();
        }
    }

    /// <summary>
    /// <see cref="ShellCommand.TextOf"/>'s reading of <c>command</c> (or <c>cmd</c>): true with the command text when
    /// one is a string or an array; false when neither is (the caller falls back to the raw input).
    /// </summary>
    public static bool Command(ReadOnlySpan<byte> raw, out string? command)
    {
        command = null;
        var reader = new Utf8JsonReader(raw, Options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
        // The value of each key's last occurrence, as the document's look-up finds it: its kind, and where it starts.
        (JsonTokenType Type, int Start) commandAt = default, cmdAt = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var which = reader.ValueTextEquals("command"u8) ? 1 : reader.ValueTextEquals("cmd"u8) ? 2 : 0;
            reader.Read();
            if (which == 1) commandAt = (reader.TokenType, (int)reader.TokenStartIndex);
            else if (which == 2) cmdAt = (reader.TokenType, (int)reader.TokenStartIndex);
            reader.Skip();
        }
        foreach (var (type, start) in (ReadOnlySpan<(JsonTokenType, int)>)[commandAt, cmdAt])
        {
            if (type is not (JsonTokenType.String or JsonTokenType.StartArray)) continue;
            var value = new Utf8JsonReader(raw[start..], Options);
            value.Read();
            if (type == JsonTokenType.String)
            {
                command = value.GetString();
                return true;
            }
            var parts = new List<string>();
            while (value.Read() && value.TokenType != JsonTokenType.EndArray) parts.Add(AsString(ref value, raw[start..]) ?? "");
            // ["bash", "-lc", SCRIPT] is how Codex spells a shell call: the script is the command (§10.1).
            command = parts.Count == 3 && parts[1] is "-lc" or "-c" ? parts[2] : string.Join(' ', parts);
            return true;
        }
        return false;
    }

    /// <summary><see cref="JsonPath.AsString"/> of the value the reader stands on; a container is skipped past.</summary>
    private static string? AsString(ref Utf8JsonReader reader, ReadOnlySpan<byte> raw)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String: return reader.GetString();
            case JsonTokenType.Null: return null;
            case JsonTokenType.True: return "true";
            case JsonTokenType.False: return "false";
            case JsonTokenType.Number: return Encoding.UTF8.GetString(reader.ValueSpan);
            default:
                var start = (int)reader.TokenStartIndex;
                reader.Skip();
                return Encoding.UTF8.GetString(raw[start..(int)reader.BytesConsumed]);
        }
    }
}
