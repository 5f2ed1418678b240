using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// Consumes kept traces, as a serilog sink consumes events. Writers never choose file names, rename, or touch the
/// manifest: the runner hands them an <see cref="OutputTarget"/> whose files are temporary until the run completes.
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
