using System.Text.Json;

namespace TraceCurate.Exports;

/// <summary>
/// A call's arguments object as the record holds it, when those bytes are exactly what the outputs' writer makes of the
/// parsed object (<see cref="ChatConversation.Compact"/>): compact (no white space between tokens), every key and string
/// in the writer's own spelling (<see cref="WriterVerbatim.Holds"/>); numbers and literals the writer copies as they are.
/// OpenAI's <c>arguments</c> string is then escaped straight from these bytes, and the tool schemas take the top-level
/// keys and kinds from the same pass: rendering a record parsed every call's arguments into a document, wrote it back to
/// compact text and walked it again for the schemas (about a sixth of rendering an OpenAI record of Claude Code sessions).
/// Anything else (white space, another spelling, a nesting deeper than the reader's default, bytes that are not JSON)
/// answers null, and the caller takes the parsed path, which fails where it failed before.
/// </summary>
internal sealed class VerbatimArguments
{
    internal VerbatimArguments(ReadOnlyMemory<byte> bytes, List<(string Key, string? Kind)> properties) =>
        (Bytes, Properties) = (bytes, properties);

    /// <summary>The compact JSON text, as the record spelled it.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The object's keys in order (repeated keys repeated) with <see cref="ToolSchemas.Kind"/> of each value.</summary>
    public IReadOnlyList<(string Key, string? Kind)> Properties { get; }

    public static VerbatimArguments? TryRead(ReadOnlyMemory<byte> raw)
    {
        var span = raw.Span;
        if (span.IsEmpty || span[0] != (byte)'{') return null;
        var properties = new List<(string Key, string? Kind)>();
        var reader = new Utf8JsonReader(span);
        long end = 0; // where the last token ended: the next starts there, or one comma later
        string? key = null;
        try
        {
            while (reader.Read())
            {
                var start = reader.TokenStartIndex;
                if (start != end && !(start == end + 1 && span[(int)end] == (byte)',')) return null;
                var type = reader.TokenType;
                if (type is JsonTokenType.PropertyName or JsonTokenType.String && !WriterVerbatim.Holds(reader.ValueSpan)) return null;
                if (type == JsonTokenType.PropertyName)
                {
                    // The reader consumes the colon with the name, and any white space around it: only the colon may follow.
                    if (reader.BytesConsumed != start + reader.ValueSpan.Length + 3) return null;
                    if (reader.CurrentDepth == 1) key = reader.GetString();
                }
                else if (reader.CurrentDepth == 1 && type is not (JsonTokenType.EndArray or JsonTokenType.EndObject))
                {
                    properties.Add((key!, ToolSchemas.KindName(KindOf(type), type == JsonTokenType.Number && reader.TryGetInt64(out _))));
                }
                end = reader.BytesConsumed;
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return end == span.Length ? new VerbatimArguments(raw, properties) : null;
    }

    /// <summary>The kind of the value a token starts (a value's first token: never a name or an end).</summary>
    private static JsonValueKind KindOf(JsonTokenType token) => token switch
    {
        JsonTokenType.String => JsonValueKind.String,
        JsonTokenType.Number => JsonValueKind.Number,
        JsonTokenType.True => JsonValueKind.True,
        JsonTokenType.False => JsonValueKind.False,
        JsonTokenType.StartArray => JsonValueKind.Array,
        JsonTokenType.StartObject => JsonValueKind.Object,
        _ => JsonValueKind.Null,
    };
}
