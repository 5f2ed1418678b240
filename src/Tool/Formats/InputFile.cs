namespace TraceCurate.Formats;

/// <summary>One resolved input file with the reader chosen for it and the options its recipe entry gave.</summary>
public sealed record InputFile(string Path, ITraceReader Reader, ReadOptions Options)
{
    /// <summary>Size on disk in bytes (compressed size for .gz).</summary>
    public long Length { get; init; }

    /// <summary>
    /// True for a pipe, FIFO or device (<see cref="StreamInputs"/>): read once, never reopened, never hashed from a
    /// cache, and with no end to count on, so a record over the size limit ends the read instead of being skipped.
    /// </summary>
    public bool IsStream { get; init; }

    /// <summary>Position in the run's input list (the runner sets it).</summary>
    public int Index { get; init; }

    /// <summary>The 1-based line number of the first line the reader will see (greater than 1 for a byte range of a file).</summary>
    public long FirstLine { get; init; } = 1;
}
