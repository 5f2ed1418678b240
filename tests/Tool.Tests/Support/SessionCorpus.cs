using Xunit.Abstractions;

namespace TraceCurate.Tests.Support;

/// <summary>
/// Where the repository's samples and the shared corpus of real traces live. The corpus is a sibling of the repository
/// root named <c>shared</c> (<c>../shared/corpus/</c>); tests that need it return early, saying why, when it is absent.
/// </summary>
public static class SessionCorpus
{
    public static string RepoRoot => RepoPaths.Root;

    public static string Samples(string format) => Path.Combine(RepoRoot, "samples", format);

    /// <summary>The corpus folder for a format, or null (with the reason written to the test output) when absent.</summary>
    public static string? Folder(string format, ITestOutputHelper? output = null)
    {
        var folder = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus", format));
        if (Directory.Exists(folder)) return folder;
        output?.WriteLine($"corpus folder {folder} is absent; corpus checks skipped");
        return null;
    }

    /// <summary>Every corpus file of a format (empty when the corpus is absent).</summary>
    public static IReadOnlyList<string> Files(string format, string pattern = "*.jsonl") =>
        Folder(format) is { } folder ? Directory.GetFiles(folder, pattern).OrderBy(f => f, StringComparer.Ordinal).ToList() : [];
}
