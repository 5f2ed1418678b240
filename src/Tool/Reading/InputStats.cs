using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>What the run read from one input file: bytes and SHA-256 (of the file as stored), records, traces, skips.</summary>
public sealed class InputStats(InputFile file) : IReadTally
{
    public InputFile File { get; } = file;

    public long Records { get; set; }

    public long Traces { get; set; }

    public long BadRecords { get; set; }

    public long Truncated { get; set; }

    /// <summary>The file's read report: records and their types and versions, lines skipped or split (docs/inputs.md).</summary>
    public ReadReport Read { get; } = new();

    /// <summary>Lines skipped inside session files whose session was kept (bad lines under skip, cut last lines).</summary>
    public long LinesSkipped { get; set; }

    /// <summary>Bytes read so far (for progress and throughput), from the hashing stream while reading.</summary>
    public long BytesRead => (Stream?.BytesRead ?? (RangeBytes > 0 ? 0 : Bytes)) + RangeBytes;

    /// <summary>Bytes of this file read as byte ranges (a sharded run).</summary>
    public long RangeBytes { get; set; }

    public long Bytes { get; private set; }

    public string? Sha256 { get; private set; }

    internal HashingStream? Stream { get; set; }

    /// <summary>Hashes the whole file as stored, for a shard that read only its first range.</summary>
    internal void HashWholeFile()
    {
        using var stream = new FileStream(File.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Bytes = stream.Length;
        Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(stream));
    }

    internal void Finish()
    {
        Bytes = Stream!.BytesRead;
        Sha256 = Stream.Sha256();
        Stream = null;
    }
}
