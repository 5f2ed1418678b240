using System.Buffers;
using System.Text.RegularExpressions;

namespace TraceCurate.Traces;

/// <summary>
/// The text patterns of output-formats §9.3, in table order (the first class that matches wins). Anchored at line
/// starts so that source listings that merely mention "Error" do not match; only the first 64 KB and the last 16 KB of
/// long outputs are scanned. Each alternative is its own regex: alone, each is found by a vectorised literal search,
/// while one alternation of them all makes the engine try every position (measured: ~30× slower on plain text).
/// </summary>
internal static class ErrorPatterns
{
    private const int HeadChars = 64 * 1024;
    private const int TailChars = 16 * 1024;
    private const RegexOptions Flags = RegexOptions.Multiline | RegexOptions.CultureInvariant;
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(250);

    // Before Table, which shares these instances (static fields are set in the order they are written): the python
    // row and IsPythonException then build each regex and literal search once, not once each.
    private static readonly Pattern[] Python =
    [
        P(@"^Traceback \(most recent call last\):", "Traceback (most recent call last):"),
        P(@"^(\w+\.)*\w*(Error|Exception): ", "Error: ", "Exception: "),
    ];

    // Each pattern comes with literals one of which occurs wherever it matches (any-of): most outputs contain none,
    // and a literal search is ~100x cheaper than running a multiline regex line by line. Keep them in step with
    // the pattern: ErrorPatternsTests checks that every pattern's own examples contain one of its literals.
    private static readonly (string Class, Pattern[] Patterns)[] Table =
    [
        Row(ErrorClasses.ToolMisuse, P("<tool_use_error>"), P("InputValidationError"), P("Your proposed edit has introduced new syntax error"),
            P("^Could not find the exact text in ", "Could not find the exact text in ")),
        Row(ErrorClasses.TestFailure, P("^FAILED ", "FAILED "), P(@"^=+ .*\b\d+ failed\b", " failed"), P("^E +(assert|AssertionError)", "assert", "AssertionError"),
            P("^--- FAIL: ", "--- FAIL: "), P("test result: FAILED"), P(@"Tests:\s+\d+ failed", "Tests:"), P(@"Failed!\s+-\s+Failed:\s+[1-9]", "Failed!"),
            P(@"^\s*\[FAIL\]", "[FAIL]")),
        Row(ErrorClasses.BuildError, P(@"error CS\d{4}:", "error CS"), P(@"Build FAILED\.", "Build FAILED."), P(@"error TS\d+:", "error TS"),
            P(@"^error\[E\d{4}\]: ", "error[E"), P("^error: could not compile ", "error: could not compile "),
            P(@"^[^\s:]+:\d+:\d+: (fatal )?error: ", "error: "), P("^npm ERR! ", "npm ERR! "), P("ERR_PNPM_"), P(@"^\s*ERROR in ", "ERROR in ")),
        Row(ErrorClasses.PythonException, Python),
        Row(ErrorClasses.ShellError, P("command not found$", "command not found"), P(": No such file or directory$", ": No such file or directory"),
            P(": Permission denied$", ": Permission denied"), P("syntax error near unexpected token"), P("^fatal: ", "fatal: ")),
        Row(ErrorClasses.Network, P("Could not resolve host"), P("Connection refused"), P("ETIMEDOUT"), P("ECONNRESET"),
            P("Temporary failure in name resolution")),
    ];

    /// <summary>The literals of the python_exception row: a text holding none of them is no Python exception.</summary>
    internal static IEnumerable<string> PythonNeedles => Python.SelectMany(p => p.Needles);

    /// <summary>Every pattern of the table with its literals, for tests.</summary>
    internal static IEnumerable<(string Class, Regex Regex, string[] Needles)> All =>
        Table.SelectMany(row => row.Patterns.Select(p => (row.Class, p.Regex, p.Needles)));

    /// <summary>The first class of the table whose pattern occurs in the output, or null.</summary>
    public static string? Match(string? output) => output is null ? null : Match(output.AsSpan());

    /// <summary>As <see cref="Match(string?)"/>, on characters that need not be a string.</summary>
    public static string? Match(ReadOnlySpan<char> output)
    {
        if (output.IsEmpty) return null;
        using var text = Normalised(output);
        foreach (var (cls, patterns) in Table)
            if (Any(patterns, text.Span)) return cls;
        return null;
    }

    /// <summary>Only the python_exception row (AgentTrace python tools that exited 0, §9.2 step 3).</summary>
    public static bool IsPythonException(string? output) => output is not null && IsPythonException(output.AsSpan());

    /// <summary>As <see cref="IsPythonException(string?)"/>, on characters that need not be a string.</summary>
    public static bool IsPythonException(ReadOnlySpan<char> output)
    {
        if (output.IsEmpty) return false;
        using var text = Normalised(output);
        return Any(Python, text.Span);
    }

    // .NET's $ does not match before \r, so Windows line ends are read as \n (a pooled copy only when there is a \r).
    private static TextLease Normalised(ReadOnlySpan<char> output)
    {
        if (!output.Contains('\r')) return new TextLease(output);
        var buffer = System.Buffers.ArrayPool<char>.Shared.Rent(output.Length);
        var n = 0;
        for (var i = 0; i < output.Length; i++)
            if (output[i] != '\r' || i + 1 >= output.Length || output[i + 1] != '\n') buffer[n++] = output[i];
        return new TextLease(buffer, n);
    }

    private static bool Any(Pattern[] patterns, ReadOnlySpan<char> text)
    {
        foreach (var pattern in patterns)
        {
            if (!ContainsAny(text, pattern.Search)) continue;
            try
            {
                if (text.Length <= HeadChars + TailChars ? pattern.Regex.IsMatch(text)
                    : pattern.Regex.IsMatch(text[..HeadChars]) || pattern.Regex.IsMatch(text[^TailChars..]))
                    return true;
            }
            catch (RegexMatchTimeoutException)
            {
                // An output that makes a pattern this slow is not worth a stalled run: that pattern does not match.
            }
        }
        return false;
    }

    // One pass over the text for all of a pattern's literals (a vectorised multi-string search), not one per literal.
    private static bool ContainsAny(ReadOnlySpan<char> text, SearchValues<string> needles) => text.ContainsAny(needles);

    private static (string, Pattern[]) Row(string cls, params Pattern[] patterns) => (cls, patterns);

    /// <summary>A pattern and its literals; a pattern that is itself a literal (no regex syntax) is its own needle.</summary>
    private static Pattern P(string regex, params string[] needles) => new(regex, needles.Length > 0 ? needles : [regex]);

    /// <summary>
    /// Its regex and its literal search are built when first used: building the whole table took about 15 ms of every
    /// run's start, on the path of the first batch, though most runs only ever search the Python row's literals.
    /// </summary>
    private sealed class Pattern(string regex, string[] needles)
    {
        private Regex? _regex;
        private SearchValues<string>? _search;

        public string[] Needles => needles;

        // A race builds the same value twice; either copy is right.
        public Regex Regex => _regex ??= new Regex(regex, Flags, Budget);

        public SearchValues<string> Search => _search ??= SearchValues.Create(needles, StringComparison.Ordinal);
    }
}
