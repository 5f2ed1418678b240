using System.Buffers;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>Reads the pieces of Pi entries that several places need: content text, per-message usage, trace metadata.</summary>
internal static class PiContent
{
    /// <summary>A <c>content</c> field as text: a string, or the text blocks joined by newlines; images as <c>[image]</c>.</summary>
    public static string? Text(JsonElement holder)
    {
        if (!holder.TryGetProperty("content", out var content)) return null;
        if (content.ValueKind == JsonValueKind.String) return content.GetString();
        if (content.ValueKind != JsonValueKind.Array) return null;
        var parts = new List<string>();
        foreach (var block in content.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object) continue;
            var type = Json.String(block, "type");
            if (type == "text") parts.Add(Json.String(block, "text") ?? "");
            else if (type == "image") parts.Add("[image]");
        }
        return parts.Count > 0 ? string.Join("\n", parts) : null;
    }

    public static Usage? Usage(JsonElement m)
    {
        if (!m.TryGetProperty("usage", out var u) || u.ValueKind != JsonValueKind.Object) return null;
        decimal? cost = null;
        if (u.TryGetProperty("cost", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("total", out var total)
            && total.ValueKind == JsonValueKind.Number)
            cost = total.TryGetDecimal(out var d) ? d : (decimal)total.GetDouble();
        return new Traces.Usage
        {
            InputTokens = Json.Integer(u, "input"), OutputTokens = Json.Integer(u, "output"),
            CacheReadTokens = Json.Integer(u, "cacheRead"), CacheWriteTokens = Json.Integer(u, "cacheWrite"), CostUsd = cost, ApiCalls = 1,
        };
    }

    /// <summary>The header as written, the file version, the session title, and every entry that is not a message (§3 table).</summary>
    public static JsonElement Metadata(JsonElement header, int version, string? title, IReadOnlyList<PiEvent> events)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WritePropertyName("header");
            header.WriteTo(w);
            w.WriteNumber("version", version);
            if (title is not null) w.WriteString("title", title);
            w.WriteStartArray("events");
            foreach (var e in events) e.WriteTo(w);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.WrittenMemory, Json.Rebuilt);
        return doc.RootElement.Clone();
    }
}
