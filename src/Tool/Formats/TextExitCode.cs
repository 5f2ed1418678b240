using System.Text.RegularExpressions;

namespace TraceCurate.Formats;

/// <summary>
/// The exit code a tool result states in its text, for formats with no exit-code field (chat rows, ATIF;
/// input-formats-2 §1, §2): OpenHands' <c>[The command completed with exit code N.]</c> and <c>executed with exit code
/// N</c>, Gemini CLI's <c>Exit Code: N</c> line, mini-swe-agent's <c>&lt;returncode&gt;N&lt;/returncode&gt;</c>. Only these
/// spellings count: a test log that mentions "exit code" in passing is not a statement about the call. The last one
/// in the text wins (a result that ran several commands reports the last).
/// </summary>
internal static partial class TextExitCode
{
    public static int? Of(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        Match? last = null;
        foreach (Match m in Pattern().Matches(text)) last = m;
        if (last is null) return null;
        var digits = last.Groups["a"].Success ? last.Groups["a"].Value : last.Groups["b"].Success ? last.Groups["b"].Value : last.Groups["c"].Value;
        return int.TryParse(digits, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var code) ? code : null;
    }

    [GeneratedRegex(@"(?:completed|executed) with exit code (?<a>-?\d{1,9})|^Exit Code: (?<b>-?\d{1,9})\s*$|<returncode>(?<c>-?\d{1,9})</returncode>", RegexOptions.Multiline)]
    private static partial Regex Pattern();
}
