namespace TraceCurate.Exports;

/// <summary>
/// Where one recipe output goes. Files opened through it are created in the run's staging folder and moved into place
/// by the runner only when every output is complete, so a failed run leaves the previous outputs untouched.
/// </summary>
public sealed class OutputTarget
{
    private readonly string _stagingRoot;
    private readonly List<string> _files = [];
    private readonly Dictionary<string, HashingWriteStream> _streams = new(StringComparer.Ordinal);

    public OutputTarget(string relativePath, string stagingRoot)
    {
        RelativePath = relativePath;
        _stagingRoot = stagingRoot;
    }

    /// <summary>The output path relative to the output folder, with '/' separators (as the recipe spells it).</summary>
    public string RelativePath { get; }

    /// <summary>Relative paths (to the output folder) of every file opened so far.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Opens the output's own file.</summary>
    public Stream OpenFile() => Create(RelativePath);

    /// <summary>Opens a file inside the output path taken as a folder (one file per session, Parquet shards, …).</summary>
    public Stream OpenFile(string nameInside) => Create(RelativePath.TrimEnd('/') + "/" + nameInside.Replace('\\', '/'));

    private Stream Create(string relative)
    {
        lock (_files)
        {
            if (_files.Contains(relative)) throw new InvalidOperationException($"output file '{relative}' opened twice");
            _files.Add(relative);
        }
        var path = Path.Combine(_stagingRoot, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = new HashingWriteStream(new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16));
        lock (_files) _streams[relative] = stream;
        return stream;
    }

    /// <summary>
    /// The size and SHA-256 of a file opened through this target, as hashed while it was written; false when the
    /// writer has not closed it or did not write it front to back (then hash the file itself).
    /// </summary>
    public bool TryGetWrittenHash(string relative, out long bytes, out string sha256)
    {
        HashingWriteStream? stream;
        lock (_files) _streams.TryGetValue(relative, out stream);
        bytes = stream?.Bytes ?? 0;
        sha256 = stream?.Sha256 ?? "";
        return stream?.Sha256 is not null;
    }
}
