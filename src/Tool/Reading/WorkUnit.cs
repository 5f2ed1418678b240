using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>
/// A piece of the input that one shard reads whole: a file, or a line-aligned byte range [Start, End) of a large JSONL
/// file. What a unit contains never depends on the number of shards.
/// </summary>
public sealed record WorkUnit(InputFile File, long Start, long End)
{
    /// <summary>True when the unit is its file's first (the unit whose shard reports the file's size and SHA-256).</summary>
    public bool OwnsFile => Start == 0;

    /// <summary>True when the unit is the whole file, so the file can be hashed in the same pass that reads it.</summary>
    public bool IsWholeFile { get; init; }
}
