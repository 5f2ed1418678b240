using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// Consumes kept traces, as a serilog sink consumes events. Writers never choose file names, rename, or touch the
/// manifest: the runner hands them an <see cref="OutputTarget"/> whose files are temporary until the run completes.
/// <para><b>Lifetime:</b> nothing keeps a <see cref="Trace"/> after its batch is written. Once every writer has had the
/// traces of a batch, the runner releases their records, and the shared chunk a line record's bytes
/// (<see cref="TraceSource.Raw"/>) and lazy fields point into is reused for later records. A writer that needs traces
/// at <see cref="Complete"/> (a report, a file with a footer) keeps what it computed from them (figures, encoded
/// rows, strings), never the trace or its <see cref="TraceSource.Raw"/> bytes.</para>
/// </summary>
public interface ITraceWriter : IDisposable
{
    /// <summary>Called once per kept trace, in input order, on one thread.</summary>
    void Write(Trace trace);

    /// <summary>Writes footers and flushes. Not called when the run fails; the runner then discards the files.</summary>
    void Complete();

    /// <summary>Records written so far (for the manifest and the summary).</summary>
    long Records { get; }

    /// <summary>
    /// Traces given to <see cref="Write"/> that did not become a record of their own, by reason (<c>no_assistant_turn</c>,
    /// <c>record_already_written</c>, …): with <see cref="Records"/> they account for every trace the writer was given.
    /// </summary>
    IReadOnlyDictionary<string, long> Skipped => NoneSkipped;

    private static readonly IReadOnlyDictionary<string, long> NoneSkipped = new Dictionary<string, long>();
}
