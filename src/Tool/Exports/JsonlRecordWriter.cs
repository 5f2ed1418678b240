using System.Buffers;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// The plumbing of every one-record-per-line training format (output-formats §0): each record is built in memory and
/// written as one line only when complete, so a trace the format cannot represent is skipped whole, counted by reason
/// in <see cref="Rejected"/>, never half-written.
/// </summary>
internal abstract class JsonlRecordWriter(OutputTarget target, ExportOptions options) : IRenderingWriter
{
    // One buffer per thread that renders: records are built on every core (IRenderingWriter).
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    private readonly SortedDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private Stream? _stream;

    protected ExportOptions Options { get; } = options;

    public long Records { get; private set; }

    /// <summary>Traces skipped by reason (<c>no_assistant_turn</c>, <c>sharegpt_alternation</c>, …).</summary>
    public IReadOnlyDictionary<string, long> Skipped => _rejected;

    /// <summary>Writes one record (a whole JSON object); returns a reject reason instead when the trace cannot be one.</summary>
    protected abstract string? WriteRecord(Utf8JsonWriter w, Trace trace);

    /// <summary>
    /// For the formats that can inline sub-agents (<see cref="OutputFormat.Inlines"/>): the record of
    /// <paramref name="trace"/> with each of <paramref name="subagents"/> after the call that started it, adding to
    /// <paramref name="inlined"/> those it placed. Other formats never receive sub-agents here.
    /// </summary>
    protected virtual string? WriteRecord(Utf8JsonWriter w, Trace trace, IReadOnlyList<Trace> subagents, List<Trace> inlined) =>
        subagents.Count == 0 ? WriteRecord(w, trace) : throw new InvalidOperationException($"{GetType().Name} cannot inline sub-agents");

    public void Write(Trace trace) => Append(Render(trace));

    /// <summary>
    /// Writes <paramref name="parent"/>'s record with its sub-agents inlined (<c>subagents: inline</c>); returns the
    /// sub-agents it placed, none when the parent itself was skipped. The caller writes the others on their own.
    /// </summary>
    public IReadOnlyList<Trace> WriteWithSubagents(Trace parent, IReadOnlyList<Trace> subagents)
    {
        var inlined = new List<Trace>();
        var record = Render(parent, subagents, inlined);
        Append(record);
        return record.Bytes is null ? [] : inlined;
    }

    public RenderedRecord Render(Trace trace) => Render(trace, null, null);

    private RenderedRecord Render(Trace trace, IReadOnlyList<Trace>? subagents, List<Trace>? inlined)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1 << 16);
        buffer.ResetWrittenCount();
        try
        {
            string? reason;
            using (var json = new Utf8JsonWriter(buffer, TraceJsonWriter.Options)) reason = subagents is null ? WriteRecord(json, trace) : WriteRecord(json, trace, subagents, inlined!);
            return reason is null ? new RenderedRecord(buffer.WrittenSpan.ToArray()) : new RenderedRecord(null, reason);
        }
        catch (Exception e)
        {
            return new RenderedRecord(null, Error: e);
        }
        finally
        {
            if (buffer.Capacity > 1 << 22) t_buffer = null; // one huge trace does not pin a huge buffer per thread
        }
    }

    public void Append(RenderedRecord record)
    {
        if (record.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        if (record.RejectReason is { } reason)
        {
            _rejected[reason] = _rejected.GetValueOrDefault(reason) + 1;
            return;
        }
        _stream ??= new BufferedStream(target.OpenFile(), 1 << 16);
        _stream.Write(record.Bytes);
        _stream.WriteByte((byte)'\n');
        Records++;
    }

    public void Complete()
    {
        _stream ??= target.OpenFile(); // an output that kept nothing is an empty file, not a missing one
        _stream.Flush();
    }

    public void Dispose() => _stream?.Dispose();

    /// <summary>The last key of a record with <c>include_metadata</c>: §1.2, plus the trace's native metadata.</summary>
    protected void WriteMetadataIfAsked(Utf8JsonWriter w, Trace trace)
    {
        if (Options.IncludeMetadata) TraceMetadata.Write(w, trace);
    }
}
