using TraceCurate.Traces;

namespace TraceCurate.Tests.Traces;

/// <summary>
/// Each pattern of the §9.3 table is only run when one of its literals occurs in the output. These tests keep the
/// literals honest: every pattern has an example that it matches, and each example holds one of that pattern's
/// literals, so a literal that does not follow from its pattern fails here, not silently in a run.
/// </summary>
public sealed class ErrorPatternsTests
{
    /// <summary>One output per pattern, in table order (a pattern without an example fails the first test).</summary>
    private static readonly string[] Examples =
    [
        "<tool_use_error>File has not been read yet</tool_use_error>",
        "InputValidationError: Edit failed due to the following issue",
        "Your proposed edit has introduced new syntax errors",
        "Could not find the exact text in src/app.py",
        "FAILED tests/test_x.py::test_y - AssertionError",
        "===== 1 passed, 2 failed in 0.31s =====",
        "E       assert 1 == 2",
        "--- FAIL: TestParse (0.00s)",
        "test result: FAILED. 3 passed; 1 failed",
        "Tests:       1 failed, 12 passed, 13 total",
        "Failed!  - Failed:     2, Passed:    10",
        "  [FAIL] Suite.Case",
        "Program.cs(3,1): error CS1002: ; expected",
        "Build FAILED.",
        "src/a.ts(4,7): error TS2322: Type 'string' is not assignable",
        "error[E0308]: mismatched types",
        "error: could not compile `app` due to previous error",
        "main.c:3:5: error: expected ';'",
        "npm ERR! code ELIFECYCLE",
        "ERR_PNPM_NO_SCRIPT Missing script: build",
        "ERROR in ./src/index.js",
        "Traceback (most recent call last):\n  File \"x.py\", line 1",
        "json.decoder.JSONDecodeError: Expecting value",
        "bash: foo: command not found",
        "cat: missing.txt: No such file or directory",
        "bash: ./run.sh: Permission denied",
        "bash: syntax error near unexpected token `)'",
        "fatal: not a git repository",
        "curl: (6) Could not resolve host: example.invalid",
        "connect: Connection refused",
        "Error: connect ETIMEDOUT 10.0.0.1:443",
        "Error: read ECONNRESET",
        "Temporary failure in name resolution",
    ];

    [Fact]
    public void Every_pattern_matches_its_example_and_the_example_holds_one_of_its_literals()
    {
        var patterns = ErrorPatterns.All.ToList();
        Assert.Equal(patterns.Count, Examples.Length);
        foreach (var ((cls, regex, needles), example) in patterns.Zip(Examples))
        {
            Assert.True(regex.IsMatch(example), $"{cls}: /{regex}/ does not match its example '{example}'");
            var match = regex.Match(example).Value;
            Assert.True(needles.Any(n => example.Contains(n, StringComparison.Ordinal)), $"{cls}: /{regex}/ matched '{match}' but no literal of [{string.Join(", ", needles)}] occurs");
        }
    }

    [Fact]
    public void The_literals_only_skip_work_they_never_change_a_verdict()
    {
        // Near misses: the literal is there but the anchored pattern does not match, and the other way round nothing.
        Assert.Null(ErrorPatterns.Match("the words FAILED and Traceback (most recent call last): appear mid-line"));
        Assert.Equal(ErrorClasses.PythonException, ErrorPatterns.Match("log line\nKeyError: 'x'"));
        Assert.True(ErrorPatterns.IsPythonException("ok\r\nValueError: bad\r\n"));
        Assert.False(ErrorPatterns.IsPythonException("an Error:without space"));
    }
}
