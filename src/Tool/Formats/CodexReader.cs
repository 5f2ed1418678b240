using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// OpenAI Codex CLI rollout JSONL (input-formats §5): one file is one session of <c>{timestamp, type, payload}</c>
/// lines. The file is one record (so <c>format: original</c> copies it whole); <see cref="CodexSession"/> maps the
/// lines in file order. A malformed line in the middle is a bad record naming its line; a cut last line (a writer
/// that crashed) is dropped with a trace warning, as Codex itself does.
/// </summary>
public sealed class CodexReader : ITraceReader
{
    private static readonly string[] LineTypes = ["session_meta", "turn_context", "response_item", "event_msg", "compacted"];

    public string Format => "codex";

    public bool OneRecordPerFile => true;

    /// <summary>
    /// §9 rule 6: a line with <c>timestamp</c>, <c>type</c> (a rollout line type) and an object <c>payload</c>; or a
    /// rollout of before September 2025, which has no envelope: a first line <c>{id, timestamp, …}</c> without a
    /// <c>type</c>, then <c>{"record_type":"state"}</c> markers and bare response items (<see cref="CodexLegacyLine"/>).
    /// </summary>
    public bool Sniff(FormatHead head)
    {
        var lines = head.JsonLines;
        if (lines.Any(l => SniffFields.Has(l, "timestamp") && SniffFields.IsOneOf(l, "type", LineTypes)
                && SniffFields.Is(l, "payload", JsonValueKind.Object)))
            return true;
        if (lines.Count > 0) return CodexLegacyLine.IsHeader(lines[0]) && lines.Skip(1).Any(CodexLegacyLine.IsMarkerOrItem);
        // A first line longer than the head (a session_meta with long base instructions): judge it by its first keys.
        if (head.IsComplete) return false;
        // An older-layout header is {id, timestamp, instructions, …}: long instructions are what make it outgrow the head.
        var first = JsonHead.TopLevel(head);
        if (first.GetValueOrDefault("id").Token == JsonTokenType.String && first.GetValueOrDefault("timestamp").Token == JsonTokenType.String
            && first.ContainsKey("instructions") && !first.ContainsKey("type")) return true;
        return first.ContainsKey("timestamp") && first.GetValueOrDefault("payload").Token == JsonTokenType.StartObject
            && first.GetValueOrDefault("type").Element is { ValueKind: JsonValueKind.String } t && LineTypes.Any(t.ValueEquals);
    }

    public IEnumerable<RawRecord> Split(Stream content, InputFile file) => WholeFile.Split(content, file);

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        var session = new CodexSession(FileStem.Of(record.File.Path));
        foreach (var line in WholeFileLines.Enumerate(record.Bytes))
        {
            JsonDocument doc;
            try
            {
                doc = JsonDocument.Parse(line.Bytes, new JsonDocumentOptions { MaxDepth = 256 });
            }
            catch (JsonException e)
            {
                if (!line.Terminated)
                {
                    session.Warn($"line {line.Number} has no line end and does not parse (a writer that crashed); skipped");
                    continue;
                }
                throw new BadRecordException($"invalid JSON on this line: {e.Message}", line.Number, (int)(e.BytePositionInLine ?? 0) + 1, e);
            }
            using (doc)
            {
                try
                {
                    session.Add(doc.RootElement, line.Number);
                }
                catch (BadRecordException e) when (e.Line == 0)
                {
                    throw new BadRecordException(e.Message, line.Number, 0, e); // name the line inside the session file
                }
            }
        }
        if (session.Recognized == 0)
            throw NoRecordOfFormat.Error(record, Format, "no line is a Codex rollout line, in either the {timestamp, type, payload} envelope or the earlier bare one");
        return [session.Build()];
    }
}
