namespace TraceCurate.Scripting;

/// <summary>
/// Emitted snippet assemblies on disk, keyed by <see cref="SnippetCompiler.CacheKey"/>, so a second run of the same
/// recipe skips Roslyn (about a second) entirely. Entries are written under a temporary name and renamed, because
/// parallel shards may compile the same recipe at once. A disabled cache reads and writes nothing.
/// </summary>
public sealed class CompileCache
{
    private readonly string? _directory;

    private CompileCache(string? directory) => _directory = directory;

    public static CompileCache Disabled { get; } = new(null);

    public static CompileCache At(string directory) => new(directory);

    /// <summary>
    /// <c>$TRACE_CURATE_CACHE</c>, else <c>$XDG_CACHE_HOME/trace-curate/compiled</c>, else
    /// <c>~/.cache/trace-curate/compiled</c>.
    /// </summary>
    public static CompileCache Default()
    {
        var explicitDir = Environment.GetEnvironmentVariable("TRACE_CURATE_CACHE");
        if (!string.IsNullOrEmpty(explicitDir)) return At(explicitDir);
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var root = !string.IsNullOrEmpty(xdg)
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return At(Path.Combine(root, "trace-curate", "compiled"));
    }

    public string? Directory => _directory;

    public byte[]? TryRead(string key)
    {
        if (_directory is null) return null;
        var path = Path.Combine(_directory, key + ".dll");
        try
        {
            return File.Exists(path) ? File.ReadAllBytes(path) : null;
        }
        catch (IOException)
        {
            return null; // a cache that cannot be read is a miss, never a failure
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Write(string key, byte[] image)
    {
        if (_directory is null) return;
        try
        {
            System.IO.Directory.CreateDirectory(_directory);
            var final = Path.Combine(_directory, key + ".dll");
            var temp = Path.Combine(_directory, $"{key}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(temp, image);
            File.Move(temp, final, overwrite: true);
        }
        catch (IOException)
        {
            // A read-only or full cache directory only costs the next run a compile.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
