using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Steps.Redaction;

/// <summary>
/// Redacts a trace's input record for <c>format: original</c>: one JSON document (a line of a line format, a
/// <c>.traj</c> file), or a whole JSONL session file (Claude Code, Codex, Pi) line by line. A line or document with
/// nothing to redact keeps its bytes; one with something is written again compactly with only its strings changed
/// (<see cref="JsonRewriter"/>), so the file stays a valid session of its format that the same reader reads.
/// </summary>
internal sealed class RawRedactor(Redactor.Pass pass)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = TraceJsonWriter.Options.Encoder, MaxDepth = Formats.Json.Rebuilt.MaxDepth };

    /// <summary>The redacted bytes; null when nothing changed; empty when the record is not JSON and cannot be scanned (fail closed).</summary>
    public byte[]? Record(ReadOnlyMemory<byte> raw, bool wholeFile)
    {
        // A session file is one JSON document (a .traj) or JSON lines; a line record is one document.
        var whole = Document(raw, "original", several: false);
        return whole is { Length: 0 } && wholeFile ? Lines(raw) : whole;
    }

    /// <summary>Empty: not one JSON document; null: nothing to redact; otherwise the rewritten document.</summary>
    private byte[]? Document(ReadOnlyMemory<byte> raw, string path, bool several)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(raw, Formats.Json.Rebuilt);
        }
        catch (JsonException)
        {
            return several ? Values(raw, path) : []; // a line holding several records (a writer bug of some Pi versions), or not JSON
        }
        using var _ = doc;
        if (!pass.AnyMatch(doc.RootElement)) return null; // the common case: scanned without allocating a copy
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonOptions.Encoder }))
            new JsonRewriter(pass).Write(w, doc.RootElement, path);
        return buffer.ToArray();
    }

    /// <summary>Several JSON values one after another (whitespace between them kept out): each redacted; empty when not JSON.</summary>
    private byte[]? Values(ReadOnlyMemory<byte> raw, string path)
    {
        var docs = new List<JsonDocument>();
        try
        {
            var reader = new Utf8JsonReader(raw.Span, new JsonReaderOptions { AllowMultipleValues = true, MaxDepth = Formats.Json.Rebuilt.MaxDepth });
            while (reader.Read())
            {
                if (!JsonDocument.TryParseValue(ref reader, out var doc)) return [];
                docs.Add(doc);
            }
            if (docs.Count < 2 || !docs.Any(d => pass.AnyMatch(d.RootElement))) return docs.Count < 2 ? [] : null;
            using var buffer = new MemoryStream();
            for (var i = 0; i < docs.Count; i++)
            {
                using var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonOptions.Encoder });
                new JsonRewriter(pass).Write(w, docs[i].RootElement, $"{path}.{i}");
            }
            return buffer.ToArray();
        }
        catch (JsonException)
        {
            return [];
        }
        finally
        {
            foreach (var d in docs) d.Dispose();
        }
    }

    /// <summary>A JSONL file: each line on its own; blank lines and line ends kept. Null when no line changed.</summary>
    private byte[]? Lines(ReadOnlyMemory<byte> raw)
    {
        var span = raw.Span;
        using var output = new MemoryStream(raw.Length);
        var changed = false;
        var line = 0;
        for (var start = 0; start < span.Length;)
        {
            line++;
            var end = span[start..].IndexOf((byte)'\n');
            var next = end < 0 ? span.Length : start + end + 1;
            var content = span[start..(end < 0 ? span.Length : start + end)];
            var body = content.Length > 0 && content[^1] == '\r' ? content[..^1] : content;
            if (body.Trim(" \t"u8).IsEmpty)
            {
                output.Write(span[start..next]);
            }
            else
            {
                var rewritten = Document(raw.Slice(start, body.Length), $"original[{line}]", several: true);
                if (rewritten is { Length: 0 }) return []; // a line that is not JSON cannot be scanned: refuse the file
                if (rewritten is null) output.Write(span[start..next]);
                else
                {
                    changed = true;
                    output.Write(rewritten);
                    output.Write(span[(start + body.Length)..next]); // the line end as it was
                }
            }
            start = next;
        }
        return changed ? output.ToArray() : null;
    }
}
