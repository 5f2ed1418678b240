using TraceCurate.Tests.Support;
using TraceCurate.Cli;
using TraceCurate.Scripting;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// A temporary folder for one test, with helpers to write recipes and run the CLI in process. Deleted on dispose.
/// Kept in this folder (not Support/) because only the hardening tests use it.
/// </summary>
internal sealed class Scratch : IDisposable
{
    /// <summary>One compile cache for every hardening test, so a recipe compiled once loads in milliseconds after.</summary>
    public static readonly string SharedCache = Path.Combine(Path.GetTempPath(), $"trace-curate-hardening-cache-{Environment.ProcessId}");

    static Scratch() => Environment.SetEnvironmentVariable("TRACE_CURATE_CACHE", SharedCache);

    public Scratch()
    {
        Root = Path.Combine(Path.GetTempPath(), "trace-curate-hardening-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public CompileCache Cache => CompileCache.At(SharedCache);

    public string Path_(string relative) => Path.Combine(Root, relative);

    public string Write(string relative, string text)
    {
        var path = Path_(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n"));
        return path;
    }

    public (int Exit, string Out, string Err) Cli(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = CliApp.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Every file under a folder with its bytes, by relative path, to compare before and after a failed run.</summary>
    public static SortedDictionary<string, byte[]> Snapshot(string folder)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        if (!Directory.Exists(folder)) return result;
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            result[Path.GetRelativePath(folder, file)] = File.ReadAllBytes(file);
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
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
