using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Outputs;

/// <summary>
/// The <c>rejects:</c> file: one JSON line per dropped trace, in input order: <c>id</c>, <c>step</c>, <c>reason</c>, and
/// <c>detail</c> when the step gave one (the kept duplicate, the matched reference, …). Written into the staging folder,
/// so it appears with the outputs or not at all.
/// </summary>
internal sealed class RejectsLog(Stream stream) : IDisposable
{
    private readonly Utf8JsonWriter _writer = new(stream, new JsonWriterOptions { Encoder = TraceJsonWriter.Options.Encoder });

    public long Records { get; private set; }

    public void Add(string id, string step, string reason, string? detail)
    {
        _writer.WriteStartObject();
        _writer.WriteString("id", id);
        _writer.WriteString("step", step);
        _writer.WriteString("reason", reason);
        if (detail is not null) _writer.WriteString("detail", detail);
        _writer.WriteEndObject();
        _writer.Flush();
        _writer.Reset(stream); // one object per line: the writer must not see the next one as a second top-level value
        stream.WriteByte((byte)'\n');
        Records++;
    }

    public void Dispose()
    {
        _writer.Dispose();
        stream.Dispose();
    }
}
