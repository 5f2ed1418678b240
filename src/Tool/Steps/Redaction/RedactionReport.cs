using System.Collections.Concurrent;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Steps.Redaction;

/// <summary>
/// The findings report of one <c>redact</c> step (<c>redactions.jsonl</c>): per trace, in input order, per field path
/// and kind, how many replacements. Traces are judged on several threads; the report is sorted when written, so it is
/// the same for any <c>--threads</c>. Never holds a value.
/// </summary>
internal sealed class RedactionReport
{
    private readonly ConcurrentBag<(long Ordinal, string Id, RedactionFindings Findings)> _traces = [];

    public void Add(Trace trace, RedactionFindings findings) => _traces.Add((trace.Source.Ordinal, trace.Id, findings));

    public bool IsEmpty => _traces.IsEmpty;

    public int Traces => _traces.Count;

    public long Replacements => _traces.Sum(t => t.Findings.Entries.Sum(e => (long)e.Count));

    /// <summary>One JSON line per (trace, field path): <c>{"trace","step","path","kinds":{"KIND":N}}</c>.</summary>
    public byte[] ToJsonl(string step, ISet<string>? keptIds = null)
    {
        using var buffer = new MemoryStream();
        foreach (var (_, id, findings) in _traces.OrderBy(t => t.Ordinal).ThenBy(t => t.Id, StringComparer.Ordinal))
        {
            if (keptIds is not null && !keptIds.Contains(id)) continue;
            foreach (var group in findings.Entries.GroupBy(e => e.Path))
            {
                using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = TraceJsonWriter.Options.Encoder }))
                {
                    w.WriteStartObject();
                    w.WriteString("trace", id);
                    w.WriteString("step", step);
                    w.WriteString("path", group.Key);
                    w.WriteStartObject("kinds");
                    foreach (var e in group) w.WriteNumber(e.Kind, e.Count);
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                buffer.WriteByte((byte)'\n');
            }
        }
        return buffer.ToArray();
    }
}
