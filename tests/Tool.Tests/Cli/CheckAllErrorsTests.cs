using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Cli;

/// <summary>Issue 26 §1: one <c>check</c> reports the recipe's, the steps' and the snippets' errors together.</summary>
public sealed class CheckAllErrorsTests
{
    [Fact]
    public void An_unknown_output_format_an_unknown_step_and_a_snippet_typo_are_three_diagnostics_in_one_pass()
    {
        using var temp = new TempFolder();
        var recipe = temp.Write("three.yaml", """
            name: three
            steps:
              - where: t.Actions.Any(a => a.Faild)
              - wher: t.Actions.Count > 0
            outputs:
              - {path: a.jsonl, format: nosuch}
            """);

        var result = Support.Cli.Run("check", "--no-cache", recipe);

        Assert.Equal(1, result.ExitCode);
        var lines = result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        // In the order they stand in the file, each at its line and column: 'Faild' starts at column 12 + 21 = 33 ("t.Actions.Any(a => a." is 21 characters).
        Assert.StartsWith("three.yaml(3,33): error CS1061:", Tail(lines[0]));
        Assert.Contains("'Faild'", lines[0]);
        Assert.StartsWith("three.yaml(4,5): error TC0002: unknown step 'wher'", Tail(lines[1]));
        Assert.StartsWith("three.yaml(6,29): error TC0002: unknown output format 'nosuch'", Tail(lines[2]));
    }

    [Fact]
    public void Run_reports_the_same_errors_before_reading_anything()
    {
        using var temp = new TempFolder();
        var recipe = temp.Write("two.yaml", """
            name: two
            inputs: [missing-but-never-read.jsonl]
            steps:
              - where: t.Modle == "x"
              - where: t.Actions.Count > 1
                limit: 3
            outputs:
              - {path: a.jsonl, format: trace}
            """);

        var result = Support.Cli.Run("run", "--no-cache", recipe, "--out", temp.File("out"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("two.yaml(4,14): error CS1061:", result.Err);
        Assert.Contains("two.yaml(6,5): error TC0002:", result.Err);
        Assert.DoesNotContain("missing-but-never-read", result.Err);
        Assert.False(Directory.Exists(temp.File("out")), "a failed first run leaves no output folder");
    }

    [Fact]
    public void Snippets_are_not_compiled_when_the_params_they_use_have_errors()
    {
        using var temp = new TempFolder();
        var recipe = temp.Write("params.yaml", """
            name: params
            params:
              min: [1, 2]
            steps:
              - where: t.Actions.Count > P.min
            outputs:
              - {path: a.jsonl, format: trace}
            """);

        var result = Support.Cli.Run("check", "--no-cache", recipe);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("params.yaml(3,", result.Err);
        Assert.DoesNotContain("error CS", result.Err); // P.min missing only because its declaration is wrong
    }

    /// <summary>The diagnostic from the file name on (paths are shown relative to the current folder when below it).</summary>
    private static string Tail(string line) => line[Math.Max(0, line.IndexOf("three.yaml", StringComparison.Ordinal))..];
}
