using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// The top-level keys of a JSON document seen in a file's first bytes, even when the head stops mid-document (a
/// multi-megabyte <c>.traj</c> is far larger than <see cref="FormatHead.MaxBytes"/>). Each key comes with the kind of
/// its value's first token, so a sniff can ask "is <c>trajectory</c> an array" without the whole file (input-formats §9).
/// </summary>
public static class JsonHead
{
    public static IReadOnlyDictionary<string, JsonTokenType> TopLevelKeys(FormatHead head)
    {
        var keys = new Dictionary<string, JsonTokenType>(StringComparer.Ordinal);
        var bytes = head.Bytes.Span;
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var reader = new Utf8JsonReader(bytes, isFinalBlock: head.IsComplete, new JsonReaderState(new JsonReaderOptions
        {
            AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256,
        }));
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return keys;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!reader.Read()) break;
                keys.TryAdd(name, reader.TokenType);
                if (!reader.TrySkip()) break; // the value runs past the head: keep what was seen
            }
        }
        catch (JsonException)
        {
            // Not JSON, or JSONL (a second value after the first): the keys seen so far are all there is.
        }
        return keys;
    }

    /// <summary>True when the file is a JSON document rather than JSONL: it does not hold two or more JSON lines.</summary>
    public static bool IsDocument(FormatHead head) => head.FirstNonSpace is (byte)'{' or (byte)'[' && head.JsonLines.Count < 2;
}
