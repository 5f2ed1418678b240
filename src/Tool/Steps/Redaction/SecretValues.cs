using System.Text.Encodings.Web;
using System.Text.Json;

namespace TraceCurate.Steps.Redaction;

/// <summary>
/// The user's exact secrets (docs/safety.md, "Exact secrets"): values from env-style files (<c>KEY=value</c>,
/// <c>export KEY=value</c>) and literal values, each with the spellings it takes inside a trace (URL-encoded,
/// JSON-escaped). The values are held only in memory: no message, count or file of the tool ever shows one.
/// </summary>
internal static class SecretValues
{
    /// <summary>Shorter values would match ordinary text (<c>DEBUG=true</c>, <c>PORT=8080</c>).</summary>
    public const int DefaultMinLength = 8;

    /// <summary>
    /// Every value of an env-style file at least <paramref name="minLength"/> long. Lines that are not assignments are
    /// skipped; so are values that are references (<c>$HOME/bin</c>, <c>`cmd`</c>), paths (<c>/usr/local/bin</c>,
    /// <c>~/x</c>) and numbers or booleans, which are not secrets and would redact ordinary text.
    /// </summary>
    public static IEnumerable<string> FromEnvFile(IEnumerable<string> lines, int minLength)
    {
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            if (line.StartsWith("export ", StringComparison.Ordinal)) line = line[7..].TrimStart();
            var eq = line.IndexOf('=');
            if (eq <= 0 || !line[..eq].All(c => char.IsAsciiLetterOrDigit(c) || c == '_')) continue;
            if (Value(line[(eq + 1)..]) is { } value && IsSecretValue(value, minLength)) yield return value;
        }
    }

    private static string? Value(string text)
    {
        text = text.Trim();
        if (text.Length >= 2 && text[0] is '"' or '\'' && text.IndexOf(text[0], 1) is var end and > 0) return text[1..end];
        var comment = text.IndexOf(" #", StringComparison.Ordinal);
        return (comment >= 0 ? text[..comment] : text).Trim();
    }

    private static bool IsSecretValue(string value, int minLength) =>
        value.Length >= minLength && !value.Contains('$') && !value.Contains('`')
        && value[0] is not ('/' or '~') && !value.StartsWith("./", StringComparison.Ordinal)
        && !value.All(c => char.IsAsciiDigit(c) || c is '.' or '-' or ':')
        && value.ToLowerInvariant() is not ("true" or "false" or "yes" or "no");

    /// <summary>The value and the spellings it takes in text: URL-encoded (both cases of hex) and JSON-escaped.</summary>
    public static IEnumerable<string> Spellings(string value)
    {
        yield return value;
        var url = Uri.EscapeDataString(value);
        yield return url;
        yield return System.Text.RegularExpressions.Regex.Replace(url, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());
        yield return url.Replace("%20", "+", StringComparison.Ordinal);
        var json = JsonSerializer.Serialize(value);
        yield return json[1..^1];
        var relaxed = JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        yield return relaxed[1..^1];
    }

    /// <summary>The detector for these values (kind <c>secret</c>), or null when there are none.</summary>
    public static LiteralDetector? Detector(IEnumerable<string> values)
    {
        var detector = new LiteralDetector("secret", values.SelectMany(Spellings), wordBounded: false);
        return detector.IsEmpty ? null : detector;
    }
}
