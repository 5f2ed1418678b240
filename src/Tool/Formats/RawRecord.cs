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

    /// <summary>
    /// What parsing this record found line by line (<see cref="WholeFileLines.Values"/>, or a row split in two by the
    /// pipeline): set on the thread that parses it, merged into its file's report in input order. Null when nothing
    /// was counted inside the record (a plain row).
    /// </summary>
    public ReadReport? Report { get; internal set; }

    /// <summary>
    /// Set once <see cref="RecordText.Check"/> has passed on the whole of <see cref="Bytes"/>: every string in it is
    /// UTF-8 and no escape in it is a lone surrogate, so a reader may decode its strings without checking them again.
    /// </summary>
    internal bool TextChecked { get; set; }

    /// <summary>
    /// Lines of a session file to leave out, each with why: set by the pipeline when, under skip, the reader refused a
    /// line it could parse but not map, so the session is read again without it (<see cref="WholeFileLines.Values"/>).
    /// </summary>
    internal IReadOnlyDictionary<long, LineIssue>? ExcludedLines { get; init; }

    /// <summary>
    /// True for a part of a session file that other lines follow (<see cref="SessionParts"/>): its last line is not the
    /// file's last, so a line cut short there is a bad line, not a writer's crash.
    /// </summary>
    internal bool LinesFollow { get; init; }

    /// <summary>
    /// How many threads the reader may use for this record alone (the reading's thread count, set by the pipeline): a
    /// session file large enough is read in parts on them (<see cref="SessionParts"/>). 1 reads it in one pass.
    /// </summary>
    internal int Threads { get; set; } = 1;

    /// <summary>The reading's workers at work (set by the pipeline with <see cref="Threads"/>); null when unknown, as alone.</summary>
    internal ReadingLoad? Load { get; set; }

    /// <summary>The chunk <see cref="Bytes"/> is sliced from, when a splitter shares one (<see cref="LineChunk"/>).</summary>
    internal LineChunk? Chunk { get; init; }

    /// <summary>
    /// Says that nothing will read this record's bytes again (nor the lazy fields of its traces): the runner calls it
    /// once per record after its batch is written, so the chunk can be reused. Never call it twice for one record.
    /// </summary>
    internal void Release() => Chunk?.Release();
}
