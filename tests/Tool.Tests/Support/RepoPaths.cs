namespace TraceCurate.Tests.Support;

/// <summary>
/// Paths the tests read: the repository root (the folder holding Tool.sln above the test assembly), its samples and
/// recipes, and the shared corpus of real traces, which lives in a folder named <c>shared/corpus</c> next to the
/// repository (or next to one of its parent folders, for a checkout nested one level deeper). The one locator of the
/// tests (it replaced RepoFiles and SessionCorpus). Tests that need the corpus are <see cref="CorpusFactAttribute"/>s:
/// skipped with the reason when it is absent, failing under <c>CI=true</c>.
/// </summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>A path under <c>samples/</c> (the folder itself without parts), e.g. <c>Samples("codex")</c> or <c>Samples("pi", "x.jsonl")</c>.</summary>
    public static string Samples(params string[] parts) => Path.Combine([Root, "samples", .. parts]);

    public static string[] SampleLines(string relative) =>
        File.ReadAllLines(Samples(relative)).Where(l => l.Trim().Length > 0).ToArray();

    public static string Recipes => Path.Combine(Root, "recipes");

    /// <summary>The shared corpus of real traces (../shared/corpus), or null when this checkout has none beside it.</summary>
    public static string? Corpus => CorpusFolder("");

    /// <summary>A folder of the shared corpus (the corpus itself for ""), or null when the corpus is not there (CI on a bare clone).</summary>
    public static string? CorpusFolder(string folder)
    {
        for (var dir = Directory.GetParent(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", folder);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Every top-level file of a corpus folder with one of the extensions, in ordinal order; empty when absent.</summary>
    public static IReadOnlyList<string> CorpusFiles(string folder, params string[] extensions) =>
        CorpusFolder(folder) is { } dir
            ? Directory.EnumerateFiles(dir).Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Every file of the corpus (all folders) and of the samples, in ordinal order; the corpus must be there.</summary>
    public static IReadOnlyList<string> CorpusAndSampleFiles() =>
        Directory.EnumerateFiles(Corpus!, "*", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Samples(), "*", SearchOption.AllDirectories)).Order(StringComparer.Ordinal).ToList();

    public static string HostileFixtures => Path.Combine(Root, "tests", "Tool.Tests", "Fixtures", "hostile");

    /// <summary>The built tool next to the test assembly (the project reference copies it there).</summary>
    public static string ToolDll => Path.Combine(AppContext.BaseDirectory, "TraceCurate.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tool.sln"))) return dir.FullName;
        throw new InvalidOperationException("Tool.sln not found above " + AppContext.BaseDirectory);
    }
}
