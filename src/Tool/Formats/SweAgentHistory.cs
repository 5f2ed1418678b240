using System.Text;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// What a <c>.traj</c> file's <c>history</c> adds to its trajectory (input-formats §6): the system prompt (first
/// <c>system</c> entry), demonstrations (<c>is_demo</c>, kept as injected user messages), the task (the first user
/// entry after them that is not a demonstration), and the assistant entries, whose tool-call ids and thinking blocks
/// belong to the trajectory step of the same rank.
/// </summary>
internal sealed record SweAgentHistory(IReadOnlyList<Message> Preamble, string? Task, IReadOnlyList<JsonElement> Assistant)
{
    public static SweAgentHistory Read(JsonElement root, List<string> warnings)
    {
        var preamble = new List<Message>();
        var assistant = new List<JsonElement>();
        string? task = null;
        var seenSystem = false;
        foreach (var entry in Json.Array(root, "history"))
        {
            if (entry.ValueKind != JsonValueKind.Object) continue;
            var role = Json.String(entry, "role");
            var demo = Json.Boolean(entry, "is_demo") ?? false;
            if (role == "assistant")
            {
                if (!demo) assistant.Add(entry);
                continue;
            }
            if (role == "system" && !seenSystem)
            {
                seenSystem = true;
                preamble.Add(new Message { Role = Role.System, Text = Text(entry) });
            }
            else if (role == "user" && demo) preamble.Add(new Message { Role = Role.User, Kind = MessageKind.Injected, Text = Text(entry) });
            else if (role == "user" && task is null)
            {
                task = Text(entry);
                preamble.Add(new Message { Role = Role.User, Text = task });
            }
        }
        if (task is null) warnings.Add("no task: the history has no user entry that is not a demonstration");
        return new SweAgentHistory(preamble, task, assistant);
    }

    /// <summary><c>content</c> as a string, or the text items of a content array joined.</summary>
    public static string? Text(JsonElement entry)
    {
        if (!entry.TryGetProperty("content", out var content)) return null;
        if (content.ValueKind == JsonValueKind.String) return content.GetString();
        if (content.ValueKind != JsonValueKind.Array) return null;
        var sb = new StringBuilder();
        foreach (var item in content.EnumerateArray())
        {
            var text = item.ValueKind == JsonValueKind.String ? item.GetString()
                : item.ValueKind == JsonValueKind.Object && item.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (text is null) continue;
            if (sb.Length > 0) sb.Append('\n');
            sb.Append(text);
        }
        return sb.ToString();
    }

    /// <summary>
    /// The native metadata: every top-level key except the two arrays the trace is built from (<c>trajectory</c>,
    /// <c>history</c>), so <c>info.exit_status</c>, <c>info.submission</c>, <c>info.model_stats</c> and
    /// <c>environment</c> are reachable with <c>t.Meta("info.exit_status")</c>.
    /// </summary>
    public static JsonElement Metadata(JsonElement root)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var property in root.EnumerateObject())
            {
                if (property.NameEquals("trajectory") || property.NameEquals("history")) continue;
                property.WriteTo(w);
            }
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.ToArray(), Json.Rebuilt);
        return doc.RootElement.Clone();
    }
}
