using System.Buffers;
using System.Text;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// The text of the trace shape's <c>extra</c> columns (docs/parquet.md): for a trace, a message or an action, a JSON
/// object holding exactly the keys of its trace JSON that its typed columns do not reproduce, written by the trace JSON
/// writer's own methods (so a key added there is carried here too); null when there is none. A typed value that a
/// column would change (a start time finer than the column's microseconds, a cost whose decimal text a DOUBLE loses)
/// is repeated here exactly, and the reader takes it over the column's.
/// </summary>
internal sealed class TraceParquetExtras
{
    private readonly ArrayBufferWriter<byte> _buffer = new(), _probe = new();
    private readonly Utf8JsonWriter _w, _p;

    public TraceParquetExtras()
    {
        _w = new Utf8JsonWriter(_buffer, TraceJsonWriter.Options);
        _p = new Utf8JsonWriter(_probe, TraceJsonWriter.Options);
    }

    public string? Of(Trace t)
    {
        Start();
        if (t.StartedAt is { } start && start.UtcTicks % TimeSpan.TicksPerMicrosecond != 0)
            _w.WriteString("started_at", TraceJsonWriter.FormatTime(start));
        if (!FitsColumns(t.Usage))
        {
            _w.WritePropertyName("usage");
            TraceJsonWriter.WriteUsage(_w, t.Usage);
        }
        TraceJsonWriter.WriteTraceExtras(_w, t);
        return End();
    }

    public string? Of(Message m)
    {
        Start();
        TraceJsonWriter.WriteMessageExtras(_w, m);
        return End();
    }

    public string? Of(Traces.Action a)
    {
        Start();
        TraceJsonWriter.WriteActionExtras(_w, a);
        return End();
    }

    private void Start()
    {
        _buffer.ResetWrittenCount();
        _w.Reset(_buffer);
        _w.WriteStartObject();
    }

    private string? End()
    {
        _w.WriteEndObject();
        _w.Flush();
        return _buffer.WrittenCount == 2 ? null : Encoding.UTF8.GetString(_buffer.WrittenSpan); // "{}": nothing to carry
    }

    /// <summary>Whether the usage columns (four token counts and a DOUBLE cost) give back the usage JSON exactly.</summary>
    private bool FitsColumns(Usage u)
    {
        _probe.ResetWrittenCount();
        _p.Reset(_probe);
        _p.WriteStartObject();
        TraceJsonWriter.WriteUsageExtras(_p, u);
        _p.WriteEndObject();
        _p.Flush();
        return _probe.WrittenCount == 2 && CostFits(u.CostUsd);
    }

    /// <summary>
    /// Whether the cost read back from its DOUBLE column is the same decimal, scale included: the reader writes the
    /// double as JSON and the trace reader parses that text as a decimal, so the same is done here.
    /// </summary>
    private bool CostFits(decimal? cost)
    {
        if (cost is not { } c) return true;
        _probe.ResetWrittenCount();
        _p.Reset(_probe);
        _p.WriteNumberValue((double)c);
        _p.Flush();
        var reader = new Utf8JsonReader(_probe.WrittenSpan);
        return reader.Read() && reader.TryGetDecimal(out var back) && back == c && back.Scale == c.Scale;
    }
}
