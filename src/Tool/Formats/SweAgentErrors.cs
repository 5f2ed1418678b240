using System.Text.RegularExpressions;

namespace TraceCurate.Formats;

/// <summary>
/// SWE-agent has no per-step error flag (input-formats §6, Errors), so a step counts as failed when its observation
/// carries one of the markers the spec names: the edit linter's rejection, a traceback or a Python exception line, or
/// <c>command not found</c>. Only observations are scanned: the task's own traceback sits in the history.
/// The class names follow output-formats §9.1.
/// </summary>
internal static partial class SweAgentErrors
{
    public static string? Classify(string? observation)
    {
        if (string.IsNullOrEmpty(observation)) return null;
        var text = observation.Replace("\r\n", "\n"); // .NET's $ and ^ do not see a line end before \r (§9.3)
        if (text.Contains("Your proposed edit has introduced new syntax error", StringComparison.Ordinal)) return "tool_misuse";
        if (PythonException().IsMatch(text)) return "python_exception";
        if (CommandNotFound().IsMatch(text)) return "shell_error";
        return null;
    }

    [GeneratedRegex(@"^Traceback \(most recent call last\):|^\w+(Error|Exception): ", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PythonException();

    [GeneratedRegex(@"command not found", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CommandNotFound();
}
