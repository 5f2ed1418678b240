using System.Text.RegularExpressions;

namespace TraceCurate.Traces;

/// <summary>
/// The text patterns of output-formats §9.3, in table order (the first class that matches wins). Anchored at line
/// starts so that source listings that merely mention "Error" do not match; only the head and tail of long outputs
/// are scanned.
/// </summary>
public static class ErrorPatterns
{
    private const int HeadChars = 64 * 1024;
    private const int TailChars = 16 * 1024;
    private const RegexOptions Flags = RegexOptions.Multiline | RegexOptions.CultureInvariant;
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(250);

    private static readonly (string Class, Regex Pattern)[] Table =
    [
        Row(ErrorClasses.ToolMisuse, @"<tool_use_error>|InputValidationError|Your proposed edit has introduced new syntax error|^Could not find the exact text in "),
        Row(ErrorClasses.TestFailure, @"^FAILED |^=+ .*\b\d+ failed\b|^E +(assert|AssertionError)|^--- FAIL: |test result: FAILED|Tests:\s+\d+ failed|Failed!\s+-\s+Failed:\s+[1-9]|^\s*\[FAIL\]"),
        Row(ErrorClasses.BuildError, @"error CS\d{4}:|Build FAILED\.|error TS\d+:|^error\[E\d{4}\]: |^error: could not compile |^[^\s:]+:\d+:\d+: (fatal )?error: |^npm ERR! |ERR_PNPM_|^\s*ERROR in "),
        Row(ErrorClasses.PythonException, PythonPattern),
        Row(ErrorClasses.ShellError, @"command not found$|: No such file or directory$|: Permission denied$|syntax error near unexpected token|^fatal: "),
        Row(ErrorClasses.Network, @"Could not resolve host|Connection refused|ETIMEDOUT|ECONNRESET|Temporary failure in name resolution"),
    ];

    private const string PythonPattern = @"^Traceback \(most recent call last\):|^(\w+\.)*\w*(Error|Exception): ";

    private static readonly Regex Python = new(PythonPattern, Flags, Budget);

    /// <summary>The first class of the table whose pattern occurs in the output, or null.</summary>
    public static string? Match(string? output)
    {
        if (string.IsNullOrEmpty(output)) return null;
        var text = Scannable(output);
        foreach (var (cls, pattern) in Table)
            if (SafeMatch(pattern, text)) return cls;
        return null;
    }

    /// <summary>Only the python_exception row (AgentTrace python tools that exited 0, §9.2 step 3).</summary>
    public static bool IsPythonException(string? output) => !string.IsNullOrEmpty(output) && SafeMatch(Python, Scannable(output));

    private static string Scannable(string output)
    {
        var text = output.Length <= HeadChars + TailChars ? output : string.Concat(output.AsSpan(0, HeadChars), "\n", output.AsSpan(output.Length - TailChars));
        return text.Replace("\r\n", "\n", StringComparison.Ordinal); // .NET's $ does not match before \r
    }

    private static bool SafeMatch(Regex pattern, string text)
    {
        try
        {
            return pattern.IsMatch(text);
        }
        catch (RegexMatchTimeoutException)
        {
            return false; // an output that makes a pattern this slow is not worth a stalled run
        }
    }

    private static (string, Regex) Row(string cls, string pattern) => (cls, new Regex(pattern, Flags, Budget));
}
