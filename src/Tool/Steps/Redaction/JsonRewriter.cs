using System.Text.Json;

namespace TraceCurate.Steps.Redaction;

/// <summary>
/// Writes a JSON value with every string redacted and everything else as it was: keys, their order, numbers in their
/// exact spelling, literals. A signed thinking block (<c>{"thinking": …, "signature": …}</c>, Pi's
/// <c>thinkingSignature</c>) whose text would change is left out whole: a signature over text that is no longer there
/// is false, and a block without its signature is refused by the API it came from (counted as kind
/// <c>signed_thinking_dropped</c>).
/// </summary>
internal sealed class JsonRewriter(Redactor.Pass pass)
{
    public const string DroppedThinking = "signed_thinking_dropped";

    public void Write(Utf8JsonWriter w, JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in value.EnumerateObject())
                {
                    w.WritePropertyName(p.Name);
                    Write(w, p.Value, path + "." + p.Name);
                }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                var i = 0;
                foreach (var item in value.EnumerateArray())
                {
                    var itemPath = $"{path}[{i++}]";
                    if (IsSignedThinkingThatChanges(item)) { pass.Dropped(itemPath, DroppedThinking); continue; }
                    Write(w, item, itemPath);
                }
                w.WriteEndArray();
                break;
            case JsonValueKind.String:
                w.WriteStringValue(pass.Text(value.GetString(), path));
                break;
            default:
                w.WriteRawValue(value.GetRawText(), skipInputValidation: true); // numbers keep their exact spelling
                break;
        }
    }

    private bool IsSignedThinkingThatChanges(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object
        && item.TryGetProperty("thinking", out var thinking) && thinking.ValueKind == JsonValueKind.String
        && (item.TryGetProperty("signature", out _) || item.TryGetProperty("thinkingSignature", out _))
        && pass.AnyMatch(thinking.GetString() ?? "");
}
