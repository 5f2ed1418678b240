using System.Text.RegularExpressions;

namespace TraceCurate.Tests.Build;

public sealed partial class MsBuildIntegrationTests
{
    [Fact]
    public void Recipe_errors_fail_the_build_with_each_error_at_its_line_and_column_in_the_error_summary()
    {
        var project = feed.CopyDatasetProject();
        // A broken predicate: found when the snippets compile, at the start of `run`.
        var broken = Path.Combine(project, "recipes", "nl2bash-failures.yaml");
        var lines = File.ReadAllLines(broken);
        var line = Array.FindIndex(lines, l => l.Contains("a.Failed)", StringComparison.Ordinal));
        Assert.True(line >= 0, "the sample recipe no longer has the predicate this test breaks");
        lines[line] = lines[line].Replace("a.Failed)", "a.Failled)", StringComparison.Ordinal);
        File.WriteAllLines(broken, lines);
        // Roslyn puts CS1061 on the member name; both numbers are 1-based.
        var column = lines[line].IndexOf("Failled", StringComparison.Ordinal) + 1;
        // An unknown key in the other recipe: found when its inputs are listed, before anything runs.
        var invalid = Path.Combine(project, "recipes", "mbpp-recovered.yaml");
        var other = File.ReadAllLines(invalid).ToList();
        var keyLine = other.FindIndex(l => l.StartsWith("name:", StringComparison.Ordinal)) + 1;
        other.Insert(keyLine, "colour: blue");
        File.WriteAllLines(invalid, other);

        var result = feed.Run(project, "build");

        Assert.NotEqual(0, result.ExitCode);
        var failed = result.Out.LastIndexOf("Build FAILED.", StringComparison.Ordinal);
        Assert.True(failed >= 0, result.Out);
        var summary = result.Out[failed..];
        Assert.Contains($"nl2bash-failures.yaml({line + 1},{column}): error CS1061:", summary);
        Assert.Contains($"mbpp-recovered.yaml({keyLine + 1},1): error TC0002: unknown key 'colour'", summary);
        // The tool's errors are the only ones: no "the command exited with code 1" error for the same failures.
        Assert.Contains("2 Error(s)", summary);
        Assert.False(Directory.Exists(Path.Combine(Datasets(project), "nl2bash-failures")));
        Assert.False(Directory.Exists(Path.Combine(Datasets(project), "mbpp-recovered")));
    }

    [Fact]
    public void A_truncated_last_line_of_an_input_is_a_warning_at_its_file_and_line_and_the_build_succeeds()
    {
        var project = feed.CopyDatasetProject();
        var input = Path.GetFullPath(Path.Combine(project, "..", "agenttrace", "mbpp.jsonl"));
        var complete = File.ReadAllLines(input).Length;
        Assert.EndsWith("\n", File.ReadAllText(input), StringComparison.Ordinal);
        File.AppendAllText(input, """{"id": "cut off""");

        var result = Build(project);

        var summary = result.Out[result.Out.LastIndexOf("Build succeeded.", StringComparison.Ordinal)..];
        Assert.Contains($"mbpp.jsonl({complete + 1}): warning TC0007:", summary);
        Assert.Contains("1 Warning(s)", summary);
    }

    [Fact]
    public void Verify_mode_passes_on_a_build_fails_on_an_edited_output_and_clean_removes_every_dataset_file()
    {
        var project = feed.CopyDatasetProject();
        Build(project);
        var datasets = Datasets(project);

        var verified = Build(project, "-p:TraceCurateVerify=true");
        Assert.Empty(RecipesRun(verified));
        Assert.Equal(2, VerifyCommand().Matches(verified.Out).Count);

        var edited = Path.Combine(datasets, "nl2bash-failures", "failures.traces.jsonl");
        File.AppendAllText(edited, "\n");
        var rejected = feed.Run(project, "build", "-p:TraceCurateVerify=true");
        Assert.NotEqual(0, rejected.ExitCode);
        Assert.Contains($"{Path.Combine("nl2bash-failures", "manifest.json")} : error TC0023: output file failures.traces.jsonl was changed", rejected.Out);
        Assert.EndsWith("\n\n", File.ReadAllText(edited), StringComparison.Ordinal); // verify rebuilt nothing in place

        var clean = feed.Run(project, "clean");
        Assert.True(clean.ExitCode == 0, clean.Out);
        Assert.Empty(Directory.Exists(datasets) ? Directory.GetFileSystemEntries(datasets, "*", SearchOption.AllDirectories) : []);
        Assert.True(File.Exists(Path.Combine(project, "recipes", "nl2bash-failures.yaml")));
        Assert.True(File.Exists(Path.Combine(project, "..", "agenttrace", "nl2bash.jsonl")));
    }

    [GeneratedRegex("""TraceCurate\.dll" verify "([^"]+)" """)]
    private static partial Regex VerifyCommand();
}
