using System.Buffers;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary><c>format: trace</c> (alias <c>jsonl</c>): the canonical model as JSONL, one trace per line (docs/trace-schema.md).</summary>
internal sealed class TraceJsonlWriter(OutputTarget target) : IRenderingWriter
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    private Stream? _stream;

    public long Records { get; private set; }

    public void Write(Trace trace) => Append(Render(trace));

    public RenderedRecord Render(Trace trace)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1 << 16);
        buffer.ResetWrittenCount();
        try
        {
            using (var json = new Utf8JsonWriter(buffer, TraceJsonWriter.Options)) TraceJsonWriter.Write(json, trace);
            return new RenderedRecord(buffer.WrittenSpan.ToArray());
        }
        catch (Exception e)
        {
            return new RenderedRecord(null, Error: e);
        }
        finally
        {
            if (buffer.Capacity > 1 << 22) t_buffer = null;
        }
    }

    public void Append(RenderedRecord record)
    {
        if (record.Error is { } error) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        _stream ??= new BufferedStream(target.OpenFile(), 1 << 16);
        _stream.Write(record.Bytes);
        _stream.WriteByte((byte)'\n');
        Records++;
    }

    public void Complete()
    {
        _stream ??= target.OpenFile();
        _stream.Flush();
    }

    public void Dispose() => _stream?.Dispose();
}
