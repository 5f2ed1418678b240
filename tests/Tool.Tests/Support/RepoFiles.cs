namespace TraceCurate.Tests.Support;

/// <summary>
/// Paths the tests read: the repository root (the folder holding Tool.sln above the test assembly), its samples, and
/// the shared corpus of real traces, which lives in a folder named <c>shared/corpus</c> next to the repository (or
/// next to one of its parent folders, for a checkout nested one level deeper). Corpus tests return early when absent.
/// </summary>
internal static class RepoFiles
{
    public static string Root => RepoPaths.Root;

    public static string Samples(params string[] parts) => Path.Combine([Root, "samples", .. parts]);

    /// <summary>A folder of the shared corpus, or null when the corpus is not there (CI on a bare clone).</summary>
    public static string? Corpus(string folder)
    {
        for (var dir = Directory.GetParent(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus", folder);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>Every file of a corpus folder with one of the extensions, in ordinal order; empty when absent.</summary>
    public static IReadOnlyList<string> CorpusFiles(string folder, params string[] extensions) =>
        Corpus(folder) is { } dir
            ? Directory.EnumerateFiles(dir).Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.Ordinal))).Order(StringComparer.Ordinal).ToList()
            : [];
}
