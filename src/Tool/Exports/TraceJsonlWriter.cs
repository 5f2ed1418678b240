using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary><c>format: trace</c> (alias <c>jsonl</c>): the canonical model as JSONL, one trace per line (docs/trace-schema.md).</summary>
internal sealed class TraceJsonlWriter(OutputTarget target) : ITraceWriter
{
    private Stream? _stream;
    private Utf8JsonWriter? _json;

    public long Records { get; private set; }

    public void Write(Trace trace)
    {
        _stream ??= new BufferedStream(target.OpenFile(), 1 << 16);
        _json ??= new Utf8JsonWriter(_stream, TraceJsonWriter.Options);
        TraceJsonWriter.Write(_json, trace);
        _json.Flush();
        _json.Reset();
        _stream.WriteByte((byte)'\n');
        Records++;
    }

    public void Complete()
    {
        _stream ??= target.OpenFile();
        _stream.Flush();
    }

    public void Dispose()
    {
        _json?.Dispose();
        _stream?.Dispose();
    }
}
