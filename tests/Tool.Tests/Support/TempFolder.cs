using TraceCurate.Scripting;

namespace TraceCurate.Tests.Support;

/// <summary>
/// A private temporary folder for one test, deleted with everything in it on dispose: the one temp-folder helper of
/// the tests (it replaced TempDir and the hardening tests' Scratch).
/// </summary>
public class TempFolder : IDisposable
{
    /// <summary>
    /// One compile cache for the CLI runs of this test process, so a recipe compiled once loads in milliseconds after.
    /// Set as TRACE_CURATE_CACHE on first use, so in-process and child runs stay off the user's cache.
    /// </summary>
    public static readonly string SharedCache = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"trace-curate-hardening-cache-{Environment.ProcessId}");

    static TempFolder() => Environment.SetEnvironmentVariable("TRACE_CURATE_CACHE", SharedCache);

    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "trace-curate-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>The compile cache at <see cref="SharedCache"/>.</summary>
    public CompileCache Cache => CompileCache.At(SharedCache);

    /// <summary>The full path of a file or folder inside.</summary>
    public string this[string relative] => File(relative);

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>Writes a file (creating folders) and returns its full path.</summary>
    public string Write(string relative, string content)
    {
        var full = File(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return full;
    }

    public string Write(string relative, byte[] content)
    {
        var full = File(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
        return full;
    }

    public string Write(string relative, IEnumerable<string> lines) => Write(relative, string.Concat(lines.Select(l => l + "\n")));

    public string Read(string relative) => System.IO.File.ReadAllText(File(relative));

    /// <summary>Runs the command line in process (as <see cref="Support.Cli.Run"/>), for tests that work in this folder.</summary>
    public (int Exit, string Out, string Err) Cli(params string[] args)
    {
        var result = Support.Cli.Run(args);
        return (result.ExitCode, result.Out, result.Err);
    }

    /// <summary>A fresh folder holding the bundled AgentTrace samples, mbpp.jsonl (4 runs) and nl2bash.jsonl (3 runs).</summary>
    public static TempFolder WithAgentTraceSamples()
    {
        var folder = new TempFolder();
        foreach (var name in new[] { "mbpp.jsonl", "nl2bash.jsonl" })
            System.IO.File.Copy(RepoPaths.Samples("agenttrace", name), folder.File(name));
        return folder;
    }

    /// <summary>Every file under a folder with its bytes, by relative path, to compare before and after a failed run.</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string folder)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (!Directory.Exists(folder)) return result;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            result[System.IO.Path.GetRelativePath(folder, file)] = System.IO.File.ReadAllBytes(file);
        return result;
    }

    public static void AssertSame(SortedDictionary<string, byte[]> before, SortedDictionary<string, byte[]> after)
    {
        Assert.Equal(before.Keys, after.Keys);
        foreach (var (name, bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder left behind is harmless
        }
    }
}
