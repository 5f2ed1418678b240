using TraceCurate.Formats;
using TraceCurate.Pipeline;
using TraceCurate.Traces;
using Xunit.Abstractions;

// The old names of the merged test helpers, kept only so that tests written on other branches before the merge still
// compile. Every test in this branch uses TempFolder, RecipeRun and RepoPaths; new tests must too. Delete this file
// once no test uses these names (grep for TempDir, Scratch, RecipeRuns, RepoFiles, SessionCorpus).

namespace TraceCurate.Tests.Support
{
    /// <summary>Old name of <see cref="TempFolder"/> (File wrote, Combine named a path).</summary>
    internal sealed class TempDir : TempFolder
    {
        public string File(string relative, string content) => Write(relative, content);

        public string File(string relative, byte[] content) => Write(relative, content);

        public string Combine(string relative) => File(relative);

        public static new TempDir WithAgentTraceSamples()
        {
            var dir = new TempDir();
            foreach (var name in new[] { "mbpp.jsonl", "nl2bash.jsonl" })
                System.IO.File.Copy(RepoPaths.Samples("agenttrace", name), dir.File(name));
            return dir;
        }
    }

    /// <summary>Old name of <see cref="RecipeRun.RunLogged"/> and <see cref="ReaderRun.File(ITraceReader, string, ReadOptions)"/>.</summary>
    internal static class RecipeRuns
    {
        public static RecipeRun.Outcome Run(TempFolder dir, string recipeYaml, RunOptions? options = null, string recipeName = "recipe.yaml") =>
            RecipeRun.RunLogged(dir, recipeYaml, options, recipeName);

        public static IReadOnlyList<Trace> Read(ITraceReader reader, string path, ReadOptions? options = null) =>
            ReaderRun.File(reader, path, options ?? ReadOptions.Default);
    }

    /// <summary>Old name of <see cref="RepoPaths"/>.</summary>
    internal static class RepoFiles
    {
        public static string Root => RepoPaths.Root;

        public static string Samples(params string[] parts) => RepoPaths.Samples(parts);

        public static string? Corpus(string folder) => RepoPaths.CorpusFolder(folder);

        public static IReadOnlyList<string> CorpusFiles(string folder, params string[] extensions) => RepoPaths.CorpusFiles(folder, extensions);
    }

    /// <summary>Old name of <see cref="RepoPaths"/> for session formats.</summary>
    public static class SessionCorpus
    {
        public static string RepoRoot => RepoPaths.Root;

        public static string Samples(string format) => RepoPaths.Samples(format);

        public static string? Folder(string format, ITestOutputHelper? output = null) => RepoPaths.CorpusFolder(format);

        public static IReadOnlyList<string> Files(string format, string pattern = "*.jsonl") =>
            RepoPaths.CorpusFolder(format) is { } folder ? Directory.GetFiles(folder, pattern).Order(StringComparer.Ordinal).ToList() : [];
    }
}

namespace TraceCurate.Tests.Hardening
{
    /// <summary>Old name of <see cref="Support.TempFolder"/> in the hardening tests (Root is Path, Path_ is File).</summary>
    internal sealed class Scratch : Support.TempFolder
    {
        public string Root => Path;

        public string Path_(string relative) => File(relative);
    }
}
