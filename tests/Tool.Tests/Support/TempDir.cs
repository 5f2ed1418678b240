namespace TraceCurate.Tests.Support;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tc-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string relative, string content)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, content);
        return full;
    }

    public string File(string relative, byte[] content)
    {
        var full = Combine(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllBytes(full, content);
        return full;
    }

    public string Combine(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>A fresh folder holding the bundled AgentTrace samples, mbpp.jsonl (4 runs) and nl2bash.jsonl (3 runs).</summary>
    public static TempDir WithAgentTraceSamples()
    {
        var dir = new TempDir();
        foreach (var name in new[] { "mbpp.jsonl", "nl2bash.jsonl" })
            System.IO.File.Copy(RepoPaths.Samples("agenttrace/" + name), dir.Combine(name));
        return dir;
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
