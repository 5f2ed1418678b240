using System.Text.Json;

namespace TraceCurate.Tests.Support;

/// <summary>
/// Counts taken straight from a session file with plain <see cref="JsonDocument"/> scanning, independently of the
/// readers under test (input-formats §11, "How the counts are defined").
/// </summary>
public static class RawSessionScan
{
    /// <summary>
    /// Every JSON value of every line, in order. A line that holds several complete values (a writer bug of real Pi
    /// files of December 2025) gives each of them, as a JSON reader that accepts a stream of values reads it.
    /// </summary>
    public static IEnumerable<JsonElement> Lines(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            foreach (var value in Values(System.Text.Encoding.UTF8.GetBytes(line))) yield return value;
        }
    }

    private static List<JsonElement> Values(byte[] line)
    {
        var values = new List<JsonElement>();
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { AllowMultipleValues = true });
        while (reader.Read())
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            values.Add(doc.RootElement.Clone());
        }
        return values;
    }

    /// <summary>Content blocks of <c>message.content</c> (when it is an array) on every line, with the line itself.</summary>
    public static IEnumerable<(JsonElement Line, JsonElement Block)> Blocks(string path) =>
        from line in Lines(path)
        where line.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object
              && m.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.Array
        from block in line.GetProperty("message").GetProperty("content").EnumerateArray()
        select (line, block);

    public static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static bool True(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.True;

    public static long Long(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;

    /// <summary>The text of a block's <c>content</c> (a string, or its text parts), or of a Pi message's content.</summary>
    public static string ContentText(JsonElement holder)
    {
        if (!holder.TryGetProperty("content", out var c)) return "";
        if (c.ValueKind == JsonValueKind.String) return c.GetString()!;
        return c.ValueKind == JsonValueKind.Array
            ? string.Concat(c.EnumerateArray().Select(b => Str(b, "text") ?? ""))
            : "";
    }
}
