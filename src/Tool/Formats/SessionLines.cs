using System.Text.Json;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>One parsed line of a whole-file JSONL session: its 1-based line number in the file and its JSON object.</summary>
internal readonly record struct SessionLine(long Line, JsonElement Value);

/// <summary>
/// The lines of a session file read as one record (Pi, Claude Code). Blank lines are skipped (input-formats §1.3). A line
/// that does not parse is a <see cref="BadRecordException"/> naming its line, except the last non-empty line: a writer
/// that crashed leaves it cut short, so it is skipped with a warning on the trace. Owns the parsed documents: the
/// <see cref="JsonElement"/>s are valid until disposal, so readers clone what they keep.
/// </summary>
internal sealed class SessionLines : IDisposable
{
    private readonly List<JsonDocument> _documents = [];

    private SessionLines()
    {
    }

    public List<SessionLine> Lines { get; } = [];

    public List<string> Warnings { get; } = [];

    public static SessionLines Read(ReadOnlyMemory<byte> bytes)
    {
        var result = new SessionLines();
        try
        {
            result.Fill(bytes);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private void Fill(ReadOnlyMemory<byte> bytes)
    {
        long line = 0;
        var offset = 0;
        var span = bytes.Span;
        while (offset < span.Length)
        {
            line++;
            var newline = span[offset..].IndexOf((byte)'\n');
            var length = newline < 0 ? span.Length - offset : newline;
            var text = bytes.Slice(offset, length);
            offset += length + 1;
            if (text.Span.Trim(" \t\r"u8).IsEmpty) continue;
            var isLast = span[Math.Min(offset, span.Length)..].Trim(" \t\r\n"u8).IsEmpty;
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
            }
            catch (JsonException e) when (isLast)
            {
                Warnings.Add($"line {line}: the last line does not parse ({e.Message}); skipped as a truncated record");
                return;
            }
            catch (JsonException e)
            {
                throw new BadRecordException($"invalid JSON: {e.Message}", line, (int)(e.BytePositionInLine ?? 0) + 1, e);
            }
            _documents.Add(doc);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new BadRecordException($"a session line must be a JSON object, not {Json.Kind(doc.RootElement)}", line);
            Lines.Add(new SessionLine(line, doc.RootElement));
        }
    }

    /// <summary>A field error from <see cref="Json"/> carries no line; give it the line of the entry being read.</summary>
    public static BadRecordException AtLine(BadRecordException e, long line) =>
        e.Line > 0 ? e : new BadRecordException(e.Message, line, e.Column, e);

    public void Dispose()
    {
        foreach (var doc in _documents) doc.Dispose();
        _documents.Clear();
    }
}
