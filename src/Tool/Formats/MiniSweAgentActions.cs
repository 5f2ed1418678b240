using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceCurate.Formats;

/// <summary>Reads the action and the return code of mini-swe-agent messages (input-formats §7).</summary>
internal static partial class MiniSweAgentActions
{
    /// <summary><c>extra.actions[0].command</c> when recorded, else the message's one bash block.</summary>
    public static string? Command(JsonElement assistant, string? text)
    {
        if (assistant.TryGetProperty("extra", out var extra) && extra.ValueKind == JsonValueKind.Object
            && extra.TryGetProperty("actions", out var actions) && actions.ValueKind == JsonValueKind.Array && actions.GetArrayLength() > 0
            && actions[0].ValueKind == JsonValueKind.Object && actions[0].TryGetProperty("command", out var c) && c.ValueKind == JsonValueKind.String)
            return c.GetString();
        if (text is null) return null;
        var m = BashBlock().Match(text);
        return m.Success ? m.Groups[1].Value : null;
    }

    public static string? CallId(JsonElement assistant) =>
        assistant.TryGetProperty("tool_calls", out var calls) && calls.ValueKind == JsonValueKind.Array && calls.GetArrayLength() > 0
        && calls[0].ValueKind == JsonValueKind.Object && calls[0].TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    /// <summary><c>extra.returncode</c>, else <c>&lt;returncode&gt;N&lt;/returncode&gt;</c> in the rendered text.</summary>
    public static int? ReturnCode(JsonElement observation, string? text)
    {
        if (observation.TryGetProperty("extra", out var extra) && extra.ValueKind == JsonValueKind.Object
            && extra.TryGetProperty("returncode", out var rc) && rc.ValueKind == JsonValueKind.Number && rc.TryGetInt32(out var code))
            return code;
        if (text is null) return null;
        var m = ReturnCodeTag().Match(text);
        return m.Success && int.TryParse(m.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
    }

    public static JsonElement Arguments(string command)
    {
        using var doc = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["command"] = command }));
        return doc.RootElement.Clone();
    }

    /// <summary>
    /// The native metadata: the document without its <c>messages</c> (info, trajectory_format, …), and the final
    /// <c>role: "exit"</c> message (2.x) under <c>exit</c>, which is an event, not a message; null when neither exists.
    /// </summary>
    public static JsonElement? Metadata(JsonElement root, JsonElement? exit)
    {
        if (root.ValueKind != JsonValueKind.Object && exit is null) return null;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            if (root.ValueKind == JsonValueKind.Object)
                foreach (var property in root.EnumerateObject())
                    if (!property.NameEquals("messages")) property.WriteTo(w);
            if (exit is { } e)
            {
                w.WritePropertyName("exit");
                e.WriteTo(w);
            }
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.ToArray(), Json.Rebuilt);
        return doc.RootElement.Clone();
    }

    [GeneratedRegex(@"```(?:bash|mswea_bash_command)\s*\n(.*?)\n```", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex BashBlock();

    [GeneratedRegex(@"<returncode>(-?\d+)</returncode>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ReturnCodeTag();
}
