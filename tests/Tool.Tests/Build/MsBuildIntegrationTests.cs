using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using TraceCurate.Tests.Support;
using Xunit.Abstractions;

namespace TraceCurate.Tests.Build;

/// <summary>
/// TraceCurate.Build end to end: both packages packed into a temporary feed, and `dotnet build` run on copies of
/// samples/dataset-project/ restoring from it (slow: one pack for the class, one restore per copy).
/// </summary>
[Collection(nameof(PackedFeedCollection))]
[Trait("Category", PackedFeedFixture.Category)]
public sealed partial class MsBuildIntegrationTests(PackedFeedFixture feed, ITestOutputHelper output)
{
    private const string Skipped = "Skipping target \"TraceCurateRunRecipe\" because all output files are up-to-date";
    private static readonly string[] Recipes = ["mbpp-recovered", "nl2bash-failures"];

    [Fact]
    public void The_build_package_has_only_build_files_and_the_same_tool_assembly_as_the_portable_tool_package()
    {
        using var build = ZipFile.OpenRead(Path.Combine(feed.Feed, "TraceCurate.Build.0.1.0.nupkg"));
        using var tool = ZipFile.OpenRead(Path.Combine(feed.Feed, "TraceCurate.any.0.1.0.nupkg"));
        var names = build.Entries.Select(e => e.FullName).ToList();

        Assert.Contains("build/TraceCurate.Build.props", names);
        Assert.Contains("build/TraceCurate.Build.targets", names);
        Assert.DoesNotContain(names, n => n.StartsWith("lib/", StringComparison.Ordinal));
        Assert.Equal(Hash(tool.GetEntry("tools/net10.0/any/TraceCurate.dll")!), Hash(build.GetEntry("tools/TraceCurate.dll")!));
        using var nuspec = new StreamReader(build.GetEntry("TraceCurate.Build.nuspec")!.Open());
        var text = nuspec.ReadToEnd();
        Assert.Contains("<developmentDependency>true</developmentDependency>", text);
        Assert.DoesNotContain("<dependencies>", text);
    }

    [Fact]
    public void Build_writes_each_dataset_as_run_does_then_skips_unchanged_recipes_and_rebuilds_only_the_one_whose_input_changed()
    {
        var project = feed.CopyDatasetProject();

        var first = Build(project);
        Assert.Equal(Recipes, RecipesRun(first));
        foreach (var recipe in Recipes) AssertSameAsRun(project, recipe);
        var built = Snapshot(project);
        Assert.Contains(Path.Combine("mbpp-recovered", "manifest.json"), built.Keys);
        Assert.Contains(Path.Combine("nl2bash-failures", "manifest.json"), built.Keys);

        var second = Build(project);
        Assert.Empty(RecipesRun(second));
        Assert.Equal(2, Occurrences(second.Out, Skipped));
        Assert.Equal(built, Snapshot(project)); // bytes and timestamps

        // Drop the last trace of the file only nl2bash-failures reads.
        var input = Path.GetFullPath(Path.Combine(project, "..", "agenttrace", "nl2bash.jsonl"));
        var lines = File.ReadAllLines(input);
        File.WriteAllLines(input, lines[..^1]);
        var third = Build(project);
        Assert.Equal(["nl2bash-failures"], RecipesRun(third));
        Assert.Equal(1, Occurrences(third.Out, Skipped));
        var afterInput = Snapshot(project);
        AssertUnchanged(built, afterInput, "mbpp-recovered");
        Assert.NotEqual(built[Path.Combine("nl2bash-failures", "manifest.json")], afterInput[Path.Combine("nl2bash-failures", "manifest.json")]);
        AssertSameAsRun(project, "nl2bash-failures");

        // An imported helper is an input too: editing it rebuilds the one recipe that imports it.
        File.AppendAllText(Path.Combine(project, "filters", "recovery.csx"), "\n// edited\n");
        var fourth = Build(project);
        Assert.Equal(["mbpp-recovered"], RecipesRun(fourth));
        var afterImport = Snapshot(project);
        AssertUnchanged(afterInput, afterImport, "nl2bash-failures");
        Assert.NotEqual(afterInput[Path.Combine("mbpp-recovered", "manifest.json")], afterImport[Path.Combine("mbpp-recovered", "manifest.json")]);
    }

    private Processes.Result Build(string project, params string[] args)
    {
        var result = feed.Run(project, "build", ["-v:n", .. args]);
        output.WriteLine($"dotnet build {string.Join(' ', args)}: exit {result.ExitCode}");
        Assert.True(result.ExitCode == 0, $"dotnet build failed:\n{result.Out}\n{result.Err}");
        return result;
    }

    private static string Datasets(string project) => Path.Combine(project, "bin", "datasets");

    /// <summary>The recipes whose `run` command line the build log shows, in order.</summary>
    private static string[] RecipesRun(Processes.Result result) =>
        RunCommand().Matches(result.Out).Select(m => Path.GetFileNameWithoutExtension(m.Groups[1].Value)).ToArray();

    private static int Occurrences(string text, string what) => Regex.Matches(text, Regex.Escape(what)).Count;

    /// <summary>Every dataset file: its SHA-256 and last write time.</summary>
    private static Dictionary<string, (string Sha256, DateTime Written)> Snapshot(string project)
    {
        var root = Datasets(project);
        return Directory.GetFiles(root, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(root, f),
            f => (Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))), File.GetLastWriteTimeUtc(f)));
    }

    private static void AssertUnchanged(Dictionary<string, (string, DateTime)> before, Dictionary<string, (string, DateTime)> after, string recipe)
    {
        var prefix = recipe + Path.DirectorySeparatorChar;
        var files = before.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files) Assert.Equal(before[file], after[file]);
    }

    /// <summary>The build's dataset holds the files, byte for byte, that the tool's own `run` writes in process.</summary>
    private static void AssertSameAsRun(string project, string recipe)
    {
        using var reference = new TempFolder();
        var run = Support.Cli.Run("run", Path.Combine(project, "recipes", recipe + ".yaml"), "--out", reference.Path);
        Assert.True(run.ExitCode == 0, run.Err);
        var built = Path.Combine(Datasets(project), recipe);
        var expected = Directory.GetFiles(reference.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, Directory.GetFiles(built).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList());
        foreach (var file in expected)
            Assert.True(File.ReadAllBytes(Path.Combine(reference.Path, file!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(built, file!))),
                $"{recipe}/{file} differs from a plain run");
    }

    private static string Hash(ZipArchiveEntry entry)
    {
        using var stream = entry.Open();
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    [GeneratedRegex("""TraceCurate\.dll" run "([^"]+)" """)]
    private static partial Regex RunCommand();
}
