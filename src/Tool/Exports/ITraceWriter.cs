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
    /// Records in one of the files the writer opened (a path from <see cref="OutputTarget.Files"/>), for the manifest.
    /// Writers of one file keep the default; writers of one file per session or per shard say how many each holds.
    /// </summary>
    long RecordsIn(string file) => Records;
}
