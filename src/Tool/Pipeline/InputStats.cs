using TraceCurate.Formats;

namespace TraceCurate.Pipeline;

/// <summary>What the run read from one input file: bytes and SHA-256 (of the file as stored), records, traces, skips.</summary>
public sealed class InputStats(InputFile file)
{
    public InputFile File { get; } = file;

    public long Records { get; set; }

    public long Traces { get; set; }

    public long BadRecords { get; set; }

    public long Truncated { get; set; }

    /// <summary>Bytes read so far (for progress), from the hashing stream while reading.</summary>
    public long BytesRead => Stream?.BytesRead ?? Bytes;

    public long Bytes { get; private set; }

    public string? Sha256 { get; private set; }

    internal HashingStream? Stream { get; set; }

    internal void Finish()
    {
        Bytes = Stream!.BytesRead;
        Sha256 = Stream.Sha256();
        Stream = null;
    }
}
