namespace TraceCurate.Formats;

/// <summary>
/// One independent unit of an input file: a JSONL line (without its line ending) or a whole session file.
/// <see cref="Line"/> is the 1-based line where it starts.
/// </summary>
public sealed record RawRecord(InputFile File, long Line, ReadOnlyMemory<byte> Bytes)
{
    /// <summary>True for a last line with no final newline: a writer that crashed may have cut it short.</summary>
    public bool Unterminated { get; init; }

    /// <summary>
    /// Set by a splitter that could not cut this record (longer than <see cref="ReadLimits.MaxRecordBytes"/>): the
    /// record is bad with this message, <see cref="Bytes"/> is empty and the reader's Parse is never called.
    /// </summary>
    public string? Problem { get; init; }
}
