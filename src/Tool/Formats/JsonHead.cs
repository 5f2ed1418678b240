using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// The top level of a JSON document seen in a file's first bytes, even when the head stops mid-document (a
/// multi-megabyte <c>.traj</c> is far larger than <see cref="FormatHead.MaxBytes"/>). Each key comes with the kind of
/// its value's first token and, when the whole value fits in the head, the value itself, so a sniff can ask "is
/// <c>trajectory</c> an array" or "does <c>info</c> hold <c>mini_version</c>" without the whole file (input-formats §9).
/// </summary>
public static class JsonHead
{
    public readonly record struct Value(JsonTokenType Token, JsonElement? Element);

    /// <summary>The keys of the top-level object, or of the first item when the document is an array.</summary>
    public static IReadOnlyDictionary<string, Value> TopLevel(FormatHead head, bool firstArrayItem = false)
    {
        var keys = new Dictionary<string, Value>(StringComparer.Ordinal);
        var bytes = head.Bytes.Span;
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var reader = new Utf8JsonReader(bytes, isFinalBlock: head.IsComplete, new JsonReaderState(new JsonReaderOptions
        {
            AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256,
        }));
        try
        {
            if (firstArrayItem && (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)) return keys;
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return keys;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                if (!reader.Read())
                {
                    keys.TryAdd(name, new Value(JsonTokenType.None, null)); // a value (a long string) cut by the head's end
                    break;
                }
                var token = reader.TokenType;
                var probe = reader; // a copy: does the whole value fit in the head?
                if (!probe.TrySkip())
                {
                    keys.TryAdd(name, new Value(token, null)); // the value runs past the head: keep what was seen
                    break;
                }
                using var value = JsonDocument.ParseValue(ref reader);
                keys.TryAdd(name, new Value(token, value.RootElement.Clone()));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or JSONL (a second value after the first), or a name that is not valid UTF-8: the keys seen so
            // far are all there is.
        }
        return keys;
    }

    /// <summary>
    /// The items of the top-level array (<paramref name="property"/> null) or of a top-level property's array that
    /// fit whole in the head, in order, at most <paramref name="max"/>: enough for a sniff to look past a first item
    /// (a system prompt) at the messages that follow. Empty when there is no such array.
    /// </summary>
    public static IReadOnlyList<JsonElement> ArrayItems(FormatHead head, string? property = null, int max = 64)
    {
        var items = new List<JsonElement>();
        var bytes = head.Bytes.Span;
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var reader = new Utf8JsonReader(bytes, isFinalBlock: head.IsComplete, new JsonReaderState(new JsonReaderOptions
        {
            AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256,
        }));
        try
        {
            if (!reader.Read()) return items;
            if (property is not null)
            {
                if (reader.TokenType != JsonTokenType.StartObject) return items;
                while (true)
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName) return items;
                    var found = reader.ValueTextEquals(property);
                    if (!reader.Read()) return items;
                    if (found) break;
                    if (!reader.TrySkip()) return items; // the value runs past the head before the property is seen
                }
            }
            if (reader.TokenType != JsonTokenType.StartArray) return items;
            while (items.Count < max && reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                var probe = reader;
                if (!probe.TrySkip()) break; // this item runs past the head
                using var item = JsonDocument.ParseValue(ref reader);
                items.Add(item.RootElement.Clone());
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Not JSON, or not valid UTF-8: the items seen so far are all there is.
        }
        return items;
    }

    /// <summary>True when the file is a JSON document rather than JSONL: it does not hold two or more JSON lines.</summary>
    public static bool IsDocument(FormatHead head) => head.FirstNonSpace is (byte)'{' or (byte)'[' && !head.HasJsonLines(2);

    /// <summary>
    /// For <see cref="ITraceReader.SniffByKeys"/> of a reader whose sniff first asks <see cref="IsDocument"/>: false when
    /// the head holds two JSON lines (then it is no document, told by their keys), else null (the document decides).
    /// </summary>
    public static bool? NotJsonLines(FormatHead head) => head.Keys.HasAtLeast(2) ? false : null;
}
