using TraceCurate.Tests.Support;
using TraceCurate.Diagnostics;

namespace TraceCurate.Tests.Hardening;

/// <summary>The example of docs/safety.md runs against the samples.</summary>
public sealed class SafetyDocsTests
{
    [Fact]
    public void The_safety_limits_example_recipe_runs_on_the_samples()
    {
        using var s = new TempFolder();
        var (exit, _, err) = s.Cli("run", Path.Combine(RepoPaths.Root, "recipes", "safety-limits.yaml"), "--out", s.File("out"), "--timeout", "5m");
        Assert.True(exit == 0, err);
        // 4 of the 7 sample runs have a span with a non-zero exit_code (counted from the raw JSON with a script).
        Assert.Equal(4, File.ReadAllLines(s.File("out/failed-once.jsonl")).Length);
    }

    [Fact]
    public void The_codes_the_page_lists_are_the_codes_the_tool_defines()
    {
        var page = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "safety.md"));
        foreach (var code in new[] { DiagnosticCodes.SnippetNotAllowed, DiagnosticCodes.TooManyBadRecords,
                     DiagnosticCodes.RunTimedOut, DiagnosticCodes.RunInterrupted })
            Assert.Contains($"| {code} |", page);
    }
}
