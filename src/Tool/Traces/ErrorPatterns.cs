using System.Text.RegularExpressions;

namespace TraceCurate.Traces;

/// <summary>
/// The text patterns of output-formats §9.3, in table order (the first class that matches wins). Anchored at line
/// starts so that source listings that merely mention "Error" do not match; only the first 64 KB and the last 16 KB of
/// long outputs are scanned. Each alternative is its own regex: alone, each is found by a vectorised literal search,
/// while one alternation of them all makes the engine try every position (measured: ~30× slower on plain text).
/// </summary>
public static class ErrorPatterns
{
    private const int HeadChars = 64 * 1024;
    private const int TailChars = 16 * 1024;
    private const RegexOptions Flags = RegexOptions.Multiline | RegexOptions.CultureInvariant;
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(250);

    private static readonly (string Class, Regex[] Patterns)[] Table =
    [
        Row(ErrorClasses.ToolMisuse, "<tool_use_error>", "InputValidationError", "Your proposed edit has introduced new syntax error",
            "^Could not find the exact text in "),
        Row(ErrorClasses.TestFailure, "^FAILED ", @"^=+ .*\b\d+ failed\b", "^E +(assert|AssertionError)", "^--- FAIL: ", "test result: FAILED",
            @"Tests:\s+\d+ failed", @"Failed!\s+-\s+Failed:\s+[1-9]", @"^\s*\[FAIL\]"),
        Row(ErrorClasses.BuildError, @"error CS\d{4}:", @"Build FAILED\.", @"error TS\d+:", @"^error\[E\d{4}\]: ", "^error: could not compile ",
            @"^[^\s:]+:\d+:\d+: (fatal )?error: ", "^npm ERR! ", "ERR_PNPM_", @"^\s*ERROR in "),
        Row(ErrorClasses.PythonException, PythonPatterns),
        Row(ErrorClasses.ShellError, "command not found$", ": No such file or directory$", ": Permission denied$", "syntax error near unexpected token", "^fatal: "),
        Row(ErrorClasses.Network, "Could not resolve host", "Connection refused", "ETIMEDOUT", "ECONNRESET", "Temporary failure in name resolution"),
    ];

    private static string[] PythonPatterns => [@"^Traceback \(most recent call last\):", @"^(\w+\.)*\w*(Error|Exception): "];

    private static readonly Regex[] Python = PythonPatterns.Select(p => new Regex(p, Flags, Budget)).ToArray();

    /// <summary>The first class of the table whose pattern occurs in the output, or null.</summary>
    public static string? Match(string? output)
    {
        if (string.IsNullOrEmpty(output)) return null;
        var text = Normalised(output);
        foreach (var (cls, patterns) in Table)
            if (Any(patterns, text)) return cls;
        return null;
    }

    /// <summary>Only the python_exception row (AgentTrace python tools that exited 0, §9.2 step 3).</summary>
    public static bool IsPythonException(string? output) => !string.IsNullOrEmpty(output) && Any(Python, Normalised(output));

    // .NET's $ does not match before \r, so Windows line ends are read as \n (a copy only when there is a \r).
    private static string Normalised(string output) =>
        output.Contains('\r', StringComparison.Ordinal) ? output.Replace("\r\n", "\n", StringComparison.Ordinal) : output;

    private static bool Any(Regex[] patterns, string text)
    {
        foreach (var pattern in patterns)
        {
            try
            {
                if (text.Length <= HeadChars + TailChars ? pattern.IsMatch(text)
                    : pattern.IsMatch(text.AsSpan(0, HeadChars)) || pattern.IsMatch(text.AsSpan(text.Length - TailChars)))
                    return true;
            }
            catch (RegexMatchTimeoutException)
            {
                // An output that makes a pattern this slow is not worth a stalled run: that pattern does not match.
            }
        }
        return false;
    }

    private static (string, Regex[]) Row(string cls, params string[] patterns) =>
        (cls, patterns.Select(p => new Regex(p, Flags, Budget)).ToArray());
}
