using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceCurate.Formats;

/// <summary>
/// A Codex tool output: its text, and the exit code and wall time written into it. The rollout has no success flag
/// (input-formats §5, Errors), so the exit code comes from the text, tried in the spec's order: <c>Exit code: N</c>
/// at the start, a JSON object's <c>metadata.exit_code</c>, then <c>Process exited with code N</c>.
/// </summary>
internal static partial class CodexOutput
{
    public sealed record Result(string? Text, int? ExitCode, TimeSpan? Duration);

    public static Result Read(JsonElement output)
    {
        var text = output.ValueKind switch
        {
            JsonValueKind.String => output.GetString(),
            JsonValueKind.Array => JoinTexts(output),
            // {content, success} as clients send it; accept it too.
            JsonValueKind.Object when output.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => output.GetRawText(),
        };
        return FromText(text);
    }

    /// <summary>An output whose text is known (a JSON string, or none): its exit code and wall time.</summary>
    public static Result FromText(string? text)
    {
        if (text is null) return new Result(null, null, null);
        return new Result(text, ExitCode(text, out var jsonDuration), WallTime(text) ?? jsonDuration);
    }

    public static int? ExitCode(string text, out TimeSpan? jsonDuration)
    {
        jsonDuration = null;
        var head = HeadExit().Match(text);
        if (head.Success) return Int(head.Groups[1].Value);
        if (text.TrimStart().StartsWith('{') && FromJson(text, out var code, out jsonDuration)) return code;
        var exited = ProcessExited().Match(Header(text));
        return exited.Success ? Int(exited.Groups[1].Value) : null;
    }

    private static bool FromJson(string text, out int? code, out TimeSpan? duration)
    {
        code = null;
        duration = null;
        try
        {
            using var doc = JsonDocument.Parse(text, Json.Rebuilt);
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("metadata", out var meta) || meta.ValueKind != JsonValueKind.Object) return false;
            if (meta.TryGetProperty("duration_seconds", out var d) && d.ValueKind == JsonValueKind.Number && d.TryGetDouble(out var seconds)
                && double.IsFinite(seconds) && seconds >= 0)
                duration = Seconds.ToTimeSpan(seconds);
            if (meta.TryGetProperty("exit_code", out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var value))
                code = value;
            return code is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static TimeSpan? WallTime(string text)
    {
        var m = WallTimeLine().Match(Header(text));
        return m.Success && double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && double.IsFinite(s)
            ? Seconds.ToTimeSpan(s)
            : null;
    }

    /// <summary>
    /// The lines before <c>Output:</c>, where the shell tools put their exit code and wall time, so a program's own
    /// output that happens to print "Wall time:" or "Process exited with code" is never read as the tool's.
    /// </summary>
    private static string Header(string text)
    {
        var window = text.Length > 2048 ? text[..2048] : text;
        var output = window.IndexOf("\nOutput:", StringComparison.Ordinal);
        return output >= 0 ? window[..output] : window.Length > 512 ? window[..512] : window;
    }

    private static int? Int(string digits) =>
        int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static string JoinTexts(JsonElement items)
    {
        var sb = new StringBuilder();
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("text", out var t) || t.ValueKind != JsonValueKind.String) continue;
            if (sb.Length > 0) sb.Append('\n');
            sb.Append(t.GetString());
        }
        return sb.ToString();
    }

    [GeneratedRegex(@"\AExit code: (-?\d+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HeadExit();

    [GeneratedRegex(@"^Wall time: (\d+(?:\.\d+)?) seconds", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex WallTimeLine();

    [GeneratedRegex(@"Process exited with code (-?\d+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ProcessExited();
}
