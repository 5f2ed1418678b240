using System.Buffers;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Steps.Redaction;

/// <summary>
/// Applies detectors to every text of a trace (output-formats §12.7): task, cwd, message texts and thinking, tool-call
/// arguments, action arguments, inputs and outputs, and metadata. JSON values are rewritten string by string, so
/// matching sees decoded text, never JSON escapes. The input record kept for <c>format: original</c> is rewritten
/// the same way, so the original output cannot leak what the canonical trace no longer has.
/// </summary>
internal sealed class Redactor(IReadOnlyList<Detector> detectors)
{
    /// <summary>
    /// Every detector's hints in one set, so a text that can match none of them (most texts) costs one vectorised
    /// scan instead of one per detector. Null when some detector (a user pattern) has no hints.
    /// </summary>
    private readonly SearchValues<string>? _anyHint = detectors.All(d => d.Hints.Count > 0)
        ? SearchValues.Create(detectors.SelectMany(d => d.Hints).Distinct().ToArray(), StringComparison.OrdinalIgnoreCase)
        : null;

    private readonly ThreadLocal<(TraceSource? From, TraceSource? To)> _lastSource = new();

    public IReadOnlyList<Detector> Detectors => detectors;

    /// <summary>The redacted trace (the same instance when nothing matched); <paramref name="counts"/> per detector.</summary>
    public Trace Apply(Trace t, int[] counts)
    {
        var redacted = t with
        {
            Task = Text(t.Task, counts),
            Cwd = Text(t.Cwd, counts),
            Messages = t.Messages.Select(m => m with
            {
                Text = Text(m.Text, counts),
                Thinking = Text(m.Thinking, counts),
                ToolCalls = m.ToolCalls.Select(c => c with { Arguments = Json(c.Arguments, counts) }).ToList(),
            }).ToList(),
            Actions = t.Actions.Select(a => a with
            {
                Arguments = Json(a.Arguments, counts),
                Input = Text(a.Input, counts),
                Output = Text(a.Output, counts),
            }).ToList(),
            Metadata = Json(t.Metadata, counts),
        };
        var source = RedactedSource(t.Source);
        if (!ReferenceEquals(source, t.Source)) redacted = redacted with { Source = source };
        return counts.Any(c => c > 0) || !ReferenceEquals(source, t.Source) ? redacted : t;
    }

    /// <summary>
    /// The record's redacted copy. The traces of one record (branches, sub-agents) are judged one after another on one
    /// thread; they get the same copy, so <c>format: original</c>, which writes a shared record once, still does.
    /// </summary>
    private TraceSource RedactedSource(TraceSource source)
    {
        if (source.Raw.IsEmpty) return source;
        var (from, to) = _lastSource.Value;
        if (ReferenceEquals(from, source)) return to!;
        var raw = RawRecord(source.Raw);
        var result = raw is null ? source : source with { Raw = raw };
        _lastSource.Value = (source, result);
        return result;
    }

    public string? Text(string? text, int[] counts)
    {
        if (string.IsNullOrEmpty(text) || !MayMatch(text)) return text;
        for (var i = 0; i < detectors.Count; i++) text = detectors[i].Apply(text, ref counts[i]);
        return text;
    }

    private JsonElement? Json(JsonElement? value, int[] counts)
    {
        if (value is not { } v || !AnyMatch(v)) return value;
        var before = counts.Sum();
        var rewritten = Rewrite(v, counts);
        return counts.Sum() == before ? value : rewritten;
    }

    /// <summary>The record's bytes with every JSON string redacted; null when nothing changed (the bytes stay as read).</summary>
    private byte[]? RawRecord(ReadOnlyMemory<byte> raw)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(raw, Formats.Json.Rebuilt);
        }
        catch (JsonException)
        {
            return []; // not JSON, so it cannot be scanned: drop it (fail closed); format 'original' then refuses the trace
        }
        using var _ = doc;
        if (!AnyMatch(doc.RootElement)) return null; // the common case: scanned without allocating a copy
        var counts = new int[detectors.Count];
        var rewritten = Rewrite(doc.RootElement, counts);
        return counts.Any(c => c > 0) ? JsonSerializer.SerializeToUtf8Bytes(rewritten, JsonOptions) : null;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = TraceJsonWriter.Options.Encoder, MaxDepth = Formats.Json.Rebuilt.MaxDepth };

    private JsonElement Rewrite(JsonElement value, int[] counts)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = TraceJsonWriter.Options.Encoder }))
            Write(w, value, counts);
        using var doc = JsonDocument.Parse(buffer.ToArray(), Formats.Json.Rebuilt);
        return doc.RootElement.Clone();
    }

    private void Write(Utf8JsonWriter w, JsonElement value, int[] counts)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in value.EnumerateObject()) { w.WritePropertyName(p.Name); Write(w, p.Value, counts); }
                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in value.EnumerateArray()) Write(w, item, counts);
                w.WriteEndArray();
                break;
            case JsonValueKind.String:
                w.WriteStringValue(Text(value.GetString(), counts));
                break;
            default:
                w.WriteRawValue(value.GetRawText(), skipInputValidation: true); // numbers keep their exact spelling
                break;
        }
    }

    private bool MayMatch(string text) => _anyHint is null || text.AsSpan().IndexOfAny(_anyHint) >= 0;

    private bool AnyMatch(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() is { Length: > 0 } text && MayMatch(text) && detectors.Any(d => d.IsMatch(text)),
        JsonValueKind.Object => value.EnumerateObject().Any(p => AnyMatch(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Any(AnyMatch),
        _ => false,
    };
}
