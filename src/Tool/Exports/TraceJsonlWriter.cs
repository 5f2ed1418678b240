using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary><c>format: trace</c> (alias <c>jsonl</c>): the canonical model as JSONL, one trace per line (docs/trace-schema.md).</summary>
internal sealed class TraceJsonlWriter(OutputTarget target) : JsonlRecordWriter(target, ExportOptions.Default)
{
    // Every trace is representable: no reject reason, ever.
    protected override string? WriteRecord(Utf8JsonWriter w, Trace trace)
    {
        TraceJsonWriter.Write(w, trace);
        return null;
    }
}
