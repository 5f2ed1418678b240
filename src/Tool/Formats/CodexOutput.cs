using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// A Codex tool output: its text, and the exit code and wall time written into it. The rollout has no success flag
/// (input-formats §5, Errors), so the exit code comes from the text, tried in the spec's order: <c>Exit code: N</c>
/// at the start, a JSON object's <c>metadata.exit_code</c>, then <c>Process exited with code N</c>.
/// </summary>
internal static class CodexOutput
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
        if (text.StartsWith("Exit code: ", StringComparison.Ordinal) && Number(text, "Exit code: ".Length) is var head and >= 0)
            return Int(text.AsSpan("Exit code: ".Length..head));
        if (text.AsSpan().TrimStart().StartsWith('{') && FromJson(text, out var code, out jsonDuration)) return code;
        var header = Header(text);
        const string exited = "Process exited with code ";
        for (var at = header.IndexOf(exited, StringComparison.Ordinal); at >= 0; at = Next(header, exited, at))
            if (Number(header, at + exited.Length) is var end and >= 0) return Int(header[(at + exited.Length)..end]);
        return null;
    }

    /// <summary>The next occurrence of <paramref name="word"/> in <paramref name="text"/> after the one at <paramref name="at"/>, or -1.</summary>
    private static int Next(ReadOnlySpan<char> text, string word, int at) =>
        text[(at + 1)..].IndexOf(word, StringComparison.Ordinal) is var next and >= 0 ? at + 1 + next : -1;

    private static bool FromJson(string text, out int? code, out TimeSpan? duration)
    {
        if (CodexOutputJson.CanRead(text)) return CodexOutputJson.Read(text, out code, out duration);
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
        return WallTimeSeconds(Header(text), out var seconds)
            && double.TryParse(seconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && double.IsFinite(s)
            ? Seconds.ToTimeSpan(s)
            : null;
    }

    // Hand-written scans where regular expressions were (a tenth of the Codex reader's samples were regex machinery
    // and its timeout checks); the same matches: \d is any Unicode decimal digit, as char.IsDigit, and a number that
    // int or double does not parse gives no value, as before. They read spans of the output: the header and the
    // numbers were substrings made for every output.

    /// <summary>The first line of <paramref name="header"/> that is <c>Wall time: N[.N] seconds…</c>: its number.</summary>
    private static bool WallTimeSeconds(ReadOnlySpan<char> header, out ReadOnlySpan<char> seconds)
    {
        const string label = "Wall time: ";
        seconds = default;
        for (var line = 0; line < header.Length; line = header[line..].IndexOf('\n') is var end and >= 0 ? line + end + 1 : header.Length)
        {
            if (!header[line..].StartsWith(label, StringComparison.Ordinal)) continue;
            var start = line + label.Length;
            var whole = Digits(header, start);
            if (whole == start) continue;
            if (whole < header.Length && header[whole] == '.' && Digits(header, whole + 1) is var fraction && fraction > whole + 1
                && IsAt(header, fraction, " seconds"))
            {
                seconds = header[start..fraction];
                return true;
            }
            if (!IsAt(header, whole, " seconds")) continue;
            seconds = header[start..whole];
            return true;
        }
        return false;
    }

    /// <summary>Where an optional minus and one or more digits starting at <paramref name="at"/> end, or -1.</summary>
    private static int Number(ReadOnlySpan<char> text, int at)
    {
        var digits = at < text.Length && text[at] == '-' ? at + 1 : at;
        var end = Digits(text, digits);
        return end > digits ? end : -1;
    }

    /// <summary>Where the run of decimal digits starting at <paramref name="at"/> ends.</summary>
    private static int Digits(ReadOnlySpan<char> text, int at)
    {
        while (at < text.Length && char.IsDigit(text[at])) at++;
        return at;
    }

    private static bool IsAt(ReadOnlySpan<char> text, int at, string word) => at + word.Length <= text.Length && text.Slice(at, word.Length).SequenceEqual(word);

    /// <summary>
    /// The lines before <c>Output:</c>, where the shell tools put their exit code and wall time, so a program's own
    /// output that happens to print "Wall time:" or "Process exited with code" is never read as the tool's.
    /// </summary>
    private static ReadOnlySpan<char> Header(string text)
    {
        var window = text.AsSpan(0, Math.Min(text.Length, 2048));
        var output = window.IndexOf("\nOutput:", StringComparison.Ordinal);
        return output >= 0 ? window[..output] : window.Length > 512 ? window[..512] : window;
    }

    private static int? Int(ReadOnlySpan<char> digits) =>
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
}
