using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// <c>format: original</c>: each kept record exactly as it was in the input. For line formats the record's bytes are
/// copied, one per line; a record that yields several traces is written once.
/// </summary>
internal sealed class OriginalWriter(OutputTarget target) : ITraceWriter
{
    private Stream? _stream;
    private TraceSource? _last;

    public long Records { get; private set; }

    public void Write(Trace trace)
    {
        var source = trace.Source;
        if (source.Raw.IsEmpty)
            throw new InvalidOperationException($"trace {trace.Id} has no original record to copy (format '{trace.Format}')");
        // Several traces of one record (branches, sub-agents) share one source; copy the record once.
        if (_last is not null && ReferenceEquals(_last, source)) return;
        _last = source;
        _stream ??= target.OpenFile();
        _stream.Write(source.Raw.Span);
        _stream.WriteByte((byte)'\n');
        Records++;
    }

    public void Complete()
    {
        _stream ??= target.OpenFile(); // an output that kept nothing is an empty file, not a missing one
        _stream.Flush();
    }

    public void Dispose() => _stream?.Dispose();
}
