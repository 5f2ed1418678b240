using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// A writer whose record for a trace depends on that trace alone. The runner then renders kept traces on every core,
/// next to the predicates, and the writer only appends the finished bytes in input order: formatting a chat record
/// (decoding every output and reasoning text, escaping it again) no longer runs on the one thread that writes.
/// <see cref="ITraceWriter.Write"/> must equal <c>Append(Render(trace))</c>. The lifetime rule of
/// <see cref="ITraceWriter"/> holds here too: a <see cref="RenderedRecord"/> owns its bytes and never points into the trace.
/// </summary>
public interface IRenderingWriter : ITraceWriter
{
    /// <summary>Builds the record for <paramref name="trace"/>. Called on any thread, for any trace, in any order.</summary>
    RenderedRecord Render(Trace trace);

    /// <summary>Appends a record made by <see cref="Render"/>; in input order, on one thread.</summary>
    void Append(RenderedRecord record);
}

/// <summary>
/// One rendered record: its bytes, or why the format cannot represent the trace, or the exception rendering threw
/// (rethrown by <see cref="IRenderingWriter.Append"/>, so the run reports the first failure in input order).
/// </summary>
public sealed record RenderedRecord(byte[]? Bytes, string? RejectReason = null, Exception? Error = null);
