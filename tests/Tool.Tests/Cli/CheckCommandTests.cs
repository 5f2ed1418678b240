using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Cli;

public sealed class CheckCommandTests
{
    [Fact]
    public void Check_reports_an_unknown_member_at_its_yaml_line_and_column()
    {
        using var temp = new TempFolder();
        // Line 5 holds the predicate; 'Actoins' starts at column 12 + 2 = 14.
        var recipe = temp.Write("bad.yaml", """
            name: bad
            inputs: [x.jsonl]
            steps:
              - where: t.Actions.Count > 1
              - where: t.Actoins.Count > 2
            outputs:
              - {path: a.jsonl, format: trace}
            """);

        var result = Support.Cli.Run("check", "--no-cache", recipe);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("bad.yaml(5,14): error CS1061:", result.Err);
        Assert.Contains("'Actoins'", result.Err);
    }

    [Fact]
    public void Check_reports_errors_inside_a_block_snippet_at_the_block_line()
    {
        using var temp = new TempFolder();
        var recipe = temp.Write("block.yaml", """
            name: block
            steps:
              - where: |
                  t.Actions.Count > 1
                    && t.Modle == "x"
            outputs:
              - {path: a.jsonl, format: trace}
            """);

        var result = Support.Cli.Run("check", "--no-cache", recipe);

        Assert.Equal(1, result.ExitCode);
        // Line 5 is "        && t.Modle": Roslyn points at the member name, column 14.
        Assert.Contains("block.yaml(5,14): error CS1061:", result.Err);
    }

    [Fact]
    public void Check_reports_errors_in_an_imported_helper_at_the_helper_line()
    {
        using var temp = new TempFolder();
        temp.Write("helpers.csx", "using System.Text;\n\nstatic bool Broken(Trace t) => t.Nope;\n");
        var recipe = temp.Write("r.yaml", """
            name: r
            imports: [helpers.csx]
            steps:
              - where: Broken(t)
            outputs:
              - {path: a.jsonl, format: trace}
            """);

        var result = Support.Cli.Run("check", "--no-cache", recipe);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("helpers.csx(3,", result.Err);
        Assert.Contains("'Nope'", result.Err);
    }

    [Fact]
    public void Check_of_the_quickstart_recipe_succeeds_and_reads_nothing()
    {
        var result = Support.Cli.Run("check", Path.Combine(RepoPaths.Recipes, "quickstart.yaml"));

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("ok: 3 step(s), 2 output(s)", result.Out);
    }

    [Fact]
    public void A_missing_recipe_argument_is_a_usage_error()
    {
        var result = Support.Cli.Run("check");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("missing RECIPE", result.Err);
    }

    [Fact]
    public void An_unknown_option_is_a_usage_error()
    {
        var result = Support.Cli.Run("run", "--frobnicate", "x.yaml");

        Assert.Equal(2, result.ExitCode);
    }
}
