using System.Text.Json;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Cli;

/// <summary>Issue 26 §4: files of a folder input that no reader claims are an error naming --skip-unknown, or skipped and listed.</summary>
public sealed class SkipUnknownTests
{
    [Fact]
    public void Inspect_of_samples_fails_naming_the_option_and_with_it_lists_every_file_it_skipped()
    {
        var without = Support.Cli.Run("inspect", RepoPaths.Samples(), "--json");
        Assert.Equal(1, without.ExitCode);
        Assert.Contains("error TC0006:", without.Err);
        Assert.Contains("--skip-unknown", without.Err);

        var with = Support.Cli.Run("inspect", RepoPaths.Samples(), "--json", "--skip-unknown");
        Assert.Equal(0, with.ExitCode);
        var skipped = with.Err.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).Select(l => l.Trim()).ToList();
        Assert.Contains(skipped, p => p.EndsWith("DatasetProject.csproj", StringComparison.Ordinal));
        Assert.Contains($"skipped {skipped.Count} file(s) that no reader claims", with.Err);
        // Every file below samples/ is either read or skipped: counted here by walking the folder (hidden files and
        // the Claude Code sub-agent companions, read with their sessions, are not inputs of their own).
        var files = Directory.EnumerateFiles(RepoPaths.Samples(), "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(RepoPaths.Samples(), f).Split(Path.DirectorySeparatorChar).Any(part => part.StartsWith('.')))
            // opencode's side folders (project/, todo/) hold no conversation and are left out of a folder walk by design
            // (docs/formats/opencode.md), as the sub-agent companions are.
            .Where(f => !f.Contains("/storage/project/", StringComparison.Ordinal) && !f.Contains("/storage/todo/", StringComparison.Ordinal))
            .Count(f => !f.EndsWith(".meta.json", StringComparison.Ordinal));
        var read = JsonDocument.Parse(with.Out).RootElement.GetProperty("inputs").GetArrayLength();
        Assert.Equal(files, read + skipped.Count);
    }

    [Fact]
    public void Run_with_skip_unknown_on_the_input_lists_the_skipped_file_in_the_summary_and_the_manifest_and_verifies()
    {
        using var temp = new TempFolder();
        File.Copy(RepoPaths.Samples("agenttrace/mbpp.jsonl"), EnsureDir(temp["data"], "mbpp.jsonl"));
        temp.Write("data/README.md", "# not a trace\n");
        var recipe = temp.Write("r.yaml", "name: r\ninputs:\n  - {path: data, skip_unknown: true}\noutputs:\n  - {path: all.jsonl, format: trace}\n");

        var run = Support.Cli.Run("run", recipe, "--out", temp["out"]);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("skipped 1 file(s) that no reader claims", run.Err);
        Assert.Contains("README.md", run.Err);
        var manifest = JsonDocument.Parse(File.ReadAllText(temp["out/manifest.json"])).RootElement;
        Assert.Equal(["data/README.md"], manifest.GetProperty("skipped_unknown_inputs").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(RepoPaths.SampleLines("agenttrace/mbpp.jsonl").Length, File.ReadAllLines(temp["out/all.jsonl"]).Length);
        Assert.Equal(0, Support.Cli.Run("verify", recipe, "--out", temp["out"]).ExitCode);

        // Without the input option the run stops, naming both ways to skip; --skip-unknown does it for every input.
        var strict = temp.Write("strict.yaml", "name: strict\ninputs: [data]\noutputs:\n  - {path: all.jsonl, format: trace}\n");
        var failed = Support.Cli.Run("run", strict, "--out", temp["strict-out"]);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("README.md: error TC0006:", failed.Err);
        Assert.Contains("--skip-unknown (or 'skip_unknown: true' on the input)", failed.Err);
        Assert.False(Directory.Exists(temp["strict-out"]));
        Assert.Equal(0, Support.Cli.Run("run", strict, "--skip-unknown", "--out", temp["strict-out"]).ExitCode);
    }

    [Fact]
    public void A_file_named_itself_is_never_skipped()
    {
        using var temp = new TempFolder();
        var notes = temp.Write("notes.txt", "hello\n");
        var result = Support.Cli.Run("inspect", notes, "--skip-unknown");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error TC0006:", result.Err);
    }

    private static string EnsureDir(string dir, string name)
    {
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }
}
