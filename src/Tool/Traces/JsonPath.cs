using System.Globalization;
using System.Text.Json;

namespace TraceCurate.Traces;

/// <summary>Dotted-path lookups into JSON metadata, for <see cref="Trace.Meta"/>.</summary>
internal static class JsonPath
{
    public static JsonElement? Get(JsonElement? root, string path)
    {
        if (root is not { } current) return null;
        foreach (var segment in path.Split('.'))
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var child))
                current = child;
            else if (current.ValueKind == JsonValueKind.Array
                     && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                     && i < current.GetArrayLength())
                current = current[i];
            else
                return null;
        }
        return current;
    }

    public static string? GetString(JsonElement? root, string path) => Get(root, path) is { } value ? AsString(value) : null;

    /// <summary>A JSON value as text: strings unquoted, null as null, anything else in its compact JSON spelling.</summary>
    public static string? AsString(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };
}
