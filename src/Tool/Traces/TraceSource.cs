namespace TraceCurate.Traces;

/// <summary>
/// Where a trace was read from: the input file, the 1-based line of its record (0 for whole-file formats), and, for
/// line formats, the record's exact bytes so that <c>format: original</c> can copy it unchanged.
/// <see cref="Raw"/> points into a chunk that is reused once the trace's batch is written: nothing keeps a trace (or
/// these bytes) after that; copy what must outlive it.
/// </summary>
public sealed record TraceSource(string Path, long Line, ReadOnlyMemory<byte> Raw)
{
    public static readonly TraceSource None = new("", 0, ReadOnlyMemory<byte>.Empty);

    /// <summary>The index of the work unit (record) in the whole run, which fixes output order.</summary>
    public long Ordinal { get; init; }

    /// <summary>True when <see cref="Raw"/> is a whole session file (<c>ITraceReader.OneRecordPerFile</c>), not one line.</summary>
    public bool WholeFile { get; init; }
}
