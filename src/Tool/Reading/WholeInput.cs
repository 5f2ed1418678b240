using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>
/// A whole input file opened for its reader, the one way both the producer and a worker reading its own files
/// (<see cref="UnreadFiles"/>) open one: decompressed when stored compressed and, for a run (<see cref="InputHashing"/>),
/// hashed in the same pass that reads it, unless the file is unchanged since a run that hashed it. A pipe's hash is never
/// taken from the cache: its inode is reused.
/// </summary>
internal sealed class WholeInput : IDisposable
{
    private readonly InputFile _file;
    private readonly InputStats? _input;
    private readonly InputHashCache? _cache;
    private readonly HashingStream? _hashing;
    private readonly string? _knownHash;

    private WholeInput(InputFile file, Stream raw, InputHashing? hashing)
    {
        _file = file;
        if (hashing is not null)
        {
            _input = hashing.Stats[file.Index];
            _cache = hashing.Cache;
            _knownHash = file.IsStream ? null : _cache.TryGet(file.Path);
            _input.Stream = _hashing = new HashingStream(raw, _knownHash);
        }
        Content = FormatDetector.Decompress(_hashing ?? raw, file.Path);
    }

    /// <summary>What the reader splits: the file's bytes, decompressed.</summary>
    public Stream Content { get; }

    /// <summary>Opens <paramref name="file"/> (a pipe's one read, its detected head included); the raw file is closed if that fails.</summary>
    public static WholeInput Open(InputFile file, InputHashing? hashing)
    {
        var raw = FormatDetector.OpenRaw(file.Path);
        try
        {
            return new WholeInput(file, raw, hashing);
        }
        catch
        {
            raw.Dispose();
            throw;
        }
    }

    /// <summary>
    /// After the reader's split: the rest of the file is hashed too (a reader that stops early, or a record over the size
    /// limit, still leaves the whole file hashed), and a new hash is remembered for the next run.
    /// </summary>
    public void FinishHashing()
    {
        if (_hashing is null) return;
        Content.CopyTo(Stream.Null);
        _input!.Finish();
        if (_knownHash is null && !_file.IsStream) _cache!.Remember(_file.Path, _input.Sha256!);
    }

    public void Dispose() => Content.Dispose();
}
