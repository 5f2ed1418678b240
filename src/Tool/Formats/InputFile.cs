namespace TraceCurate.Formats;

/// <summary>One resolved input file with the reader chosen for it and the options its recipe entry gave.</summary>
public sealed record InputFile(string Path, ITraceReader Reader, ReadOptions Options)
{
    /// <summary>Size on disk in bytes (compressed size for .gz).</summary>
    public long Length { get; init; }

    /// <summary>Position in the run's input list (the runner sets it).</summary>
    public int Index { get; init; }
}
