namespace TraceCurate.Reading;

/// <summary>
/// Whole files that format detection has already read, held for the worker that reads the file, so that a small
/// session is opened and read once, not twice. Detection reads a file's first 16 KB (FormatDetector.SmallHeadBytes); two
/// thirds of a Codex folder's sessions are shorter than that, and on a folder of ten thousand of them the second open,
/// lock, read and close was about a tenth of the workers' time. What a worker parses is then the bytes that decided the
/// file's format (a file that changes between the two reads was read as it was at the second read before).
/// Held per resolution (<see cref="ResolvingInputs"/>), each file until it is taken, and never more than
/// <see cref="MaxBytes"/> at a time, so what is held does not grow with the folder: a file that comes when the budget is
/// spent is read from disk again, as before.
/// </summary>
internal sealed class PrereadFiles
{
    /// <summary>At most this many bytes held at once (a few MB on a folder of thousands of small sessions).</summary>
    internal const long MaxBytes = 16L << 20;

    private readonly object _gate = new();
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly long _maxBytes;
    private long _held;

    public PrereadFiles(long maxBytes = MaxBytes)
    {
        _maxBytes = maxBytes;
        Keep = KeepCopy;
    }

    /// <summary>Detection's hand-off (path, the whole file's bytes), one delegate for every file.</summary>
    public Action<string, ReadOnlyMemory<byte>> Keep { get; }

    /// <summary>Bytes held now, for the tests of the bound.</summary>
    internal long HeldBytes
    {
        get
        {
            lock (_gate) return _held;
        }
    }

    /// <summary>The bytes kept for <paramref name="path"/>, no longer held; null when none were (or they were taken).</summary>
    public byte[]? Take(string path)
    {
        lock (_gate)
        {
            if (!_files.Remove(path, out var bytes)) return null;
            _held -= bytes.Length;
            return bytes;
        }
    }

    private void KeepCopy(string path, ReadOnlyMemory<byte> bytes)
    {
        // A file named compressed is read by the stream path, which decompresses by the name: its bytes are not taken.
        if (!ReferenceEquals(Formats.ZstdInput.WithoutCompressionSuffix(path), path)) return;
        lock (_gate)
            if (_held + bytes.Length > _maxBytes || _files.ContainsKey(path)) return;
        var copy = bytes.ToArray(); // the detector's buffer is rented and goes back to the pool
        lock (_gate)
        {
            if (_held + copy.Length > _maxBytes || !_files.TryAdd(path, copy)) return;
            _held += copy.Length;
        }
    }
}
