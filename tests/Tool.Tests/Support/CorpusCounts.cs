using System.Text.Json;

namespace TraceCurate.Tests.Support;

/// <summary>
/// Counts over a raw corpus file computed by an independent script (<c>tests/corpus-counts/*.py</c>, Python's standard
/// library only), never by the tool's readers: tests compare the readers' traces with these numbers.
/// </summary>
public static class CorpusCounts
{
    public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why a corpus test cannot run here, or null when it must run (the corpus and python3 are there, or under CI).</summary>
    public static string? SkipReason(string folder = "")
    {
        if (IsCi) return null;
        if (RepoPaths.CorpusFolder(folder) is null) return $"the shared corpus folder '{folder}' is absent (../shared/corpus next to the repository)";
        if (Processes.Which("python3") is null) return "python3 is not on PATH; it computes the independent corpus counts";
        return null;
    }

    /// <summary>The corpus file's full path; fails (rather than passing) when it is absent.</summary>
    public static string File(string relative)
    {
        var folder = RepoPaths.CorpusFolder("") ?? throw new Xunit.Sdk.XunitException("../shared/corpus is absent");
        var path = Path.Combine(folder, relative);
        Assert.True(System.IO.File.Exists(path) || Directory.Exists(path), $"corpus file {path} is missing");
        return path;
    }

    /// <summary>Runs <c>python3 tests/corpus-counts/SCRIPT paths…</c> and parses its JSON output.</summary>
    public static JsonElement Run(string script, params string[] paths)
    {
        var scriptPath = Path.Combine(RepoPaths.Root, "tests", "corpus-counts", script);
        Assert.True(System.IO.File.Exists(scriptPath), $"{scriptPath} is missing");
        var result = Processes.Run("python3", [scriptPath, .. paths], timeout: TimeSpan.FromMinutes(2));
        Assert.True(result.ExitCode == 0, $"{script} exited with {result.ExitCode}: {result.Err}");
        return JsonDocument.Parse(result.Out).RootElement.Clone();
    }
}
