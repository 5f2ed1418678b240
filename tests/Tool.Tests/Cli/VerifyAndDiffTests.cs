using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Cli;

public sealed class VerifyAndDiffTests
{
    private static (TempFolder Temp, string Recipe, string Out) Build()
    {
        var temp = new TempFolder();
        foreach (var f in Directory.GetFiles(Path.Combine(RepoPaths.Samples(), "agenttrace")))
            File.Copy(f, temp.File(Path.GetFileName(f)));
        var recipe = temp.Write("r.yaml", "name: r\ninputs: ['*.jsonl']\nsteps:\n  - where: t.Actions.Any(a => a.Failed)\noutputs:\n  - {path: kept.jsonl, format: original}\n");
        var outDir = temp.File("out");
        Assert.Equal(0, Support.Cli.Run("run", recipe, "--out", outDir).ExitCode);
        return (temp, recipe, outDir);
    }

    [Fact]
    public void Verify_passes_on_an_untouched_build()
    {
        var (temp, recipe, outDir) = Build();
        using var _ = temp;

        var result = Support.Cli.Run("verify", recipe, "--out", outDir);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("identical", result.Out);
    }

    [Fact]
    public void Verify_fails_naming_the_input_after_one_byte_changes()
    {
        var (temp, recipe, outDir) = Build();
        using var _ = temp;
        var input = temp.File("nl2bash.jsonl");
        var bytes = File.ReadAllBytes(input);
        var at = Array.IndexOf(bytes, (byte)'w'); // inside a string: the file stays valid JSONL
        bytes[at] = (byte)'W';
        File.WriteAllBytes(input, bytes);

        var result = Support.Cli.Run("verify", recipe, "--out", outDir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error TC0023: input nl2bash.jsonl changed", result.Err);
        Assert.DoesNotContain("mbpp.jsonl changed", result.Err);
    }

    [Fact]
    public void Verify_fails_when_an_output_was_edited_after_the_build()
    {
        var (temp, recipe, outDir) = Build();
        using var _ = temp;
        File.AppendAllText(Path.Combine(outDir, "kept.jsonl"), "{}\n");

        var result = Support.Cli.Run("verify", recipe, "--out", outDir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("output file kept.jsonl was changed after the build", result.Err);
    }

    [Fact]
    public void Diff_shows_the_change_per_step_and_output()
    {
        var (temp, recipe, outDir) = Build();
        using var _ = temp;
        File.WriteAllText(recipe, File.ReadAllText(recipe).Replace("a.Failed", "a.Failed && a.ExitCode == 127"));
        Assert.Equal(0, Support.Cli.Run("run", recipe, "--out", temp.File("after")).ExitCode);

        var same = Support.Cli.Run("diff", outDir, outDir);
        var result = Support.Cli.Run("diff", Path.Combine(outDir, "manifest.json"), temp.File("after"));

        Assert.Equal(0, same.ExitCode);
        Assert.Contains("No change", same.Out);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("- the recipe r.yaml changed", result.Out);
        // 7 sample traces; 4 have a failed action (mbpp 2 and 3, nl2bash 1 and 3); only nl2bash 3 has exit code 127.
        Assert.Contains("| where-1 | 7 | 4 → 1 (-3) | 3 → 6 (+3) |", result.Out);
        Assert.Contains("| kept.jsonl | 4 → 1 (-3) |", result.Out);
    }

    [Fact]
    public void Diff_names_another_tool_build_when_only_the_compile_key_differs()
    {
        var (temp, _, outDir) = Build();
        using var _t = temp;
        var manifest = Path.Combine(outDir, "manifest.json");
        var other = temp.File("other.json");
        var text = File.ReadAllText(manifest);
        var key = System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("compile_cache_key").GetString()!;
        File.WriteAllText(other, text.Replace(key, new string('0', key.Length)));

        var result = Support.Cli.Run("diff", manifest, other);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("compiled by another build of the tool", result.Out);
    }
}
