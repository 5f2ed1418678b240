using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Gemini CLI sessions (<c>~/.gemini/tmp/&lt;project&gt;/chats/</c>; input-formats-2 §5), in both layouts: the legacy
/// JSON document (one <c>ConversationRecord</c>, until v0.38) and the append-only JSONL of v0.39+. One file is one
/// record and one trace, id = <c>sessionId</c>. Files of Gemini CLI forks that keep its layout are read by this reader;
/// a fork's message type this reader does not know is counted in the read report and kept, with a warning
/// (docs/formats/gemini-cli.md).
/// </summary>
public sealed class GeminiCliReader : ITraceReader
{
    /// <summary>The message types Gemini CLI writes (chatRecordingTypes.ts).</summary>
    internal static readonly string[] MessageTypes = ["user", "gemini", "info", "error", "warning"];

    public string Format => "gemini-cli";

    public bool OneRecordPerFile => true;

    public bool SplitsAsWholeFile => true;

    /// <summary>
    /// Read report: messages by <c>type</c>. JSONL metadata, <c>$set</c> and <c>$rewindTo</c> lines have no type and are
    /// all understood; Gemini CLI writes no version into its sessions.
    /// </summary>
    public RecordTypes RecordTypes { get; } = new(["type"], [.. MessageTypes, RecordTypes.NoType]);

    /// <summary>The same declaration for a legacy document, whose records are the items of <c>messages</c>.</summary>
    private RecordTypes DocumentTypes => RecordTypes with { Items = "messages" };

    /// <summary>
    /// False on JSON lines when one of them cannot be a Gemini CLI line: it has a <c>uuid</c>, or none of the keys a
    /// line is told by (<c>sessionId</c>, <c>id</c>, <c>$set</c>, <c>$rewindTo</c>); else <see cref="Sniff"/> decides.
    /// </summary>
    public bool? SniffByKeys(FormatHead head)
    {
        if (head.FirstNonSpace != (byte)'{') return false;
        if (!head.Keys.HasAtLeast(2)) return null; // a document: its keys decide
        return head.Keys.Any(l => l.Has("uuid") || !(l.Has("sessionId") || l.Has("id") || l.Has("$set") || l.Has("$rewindTo"))) ? false : null;
    }

    /// <summary>
    /// §5 rule, on positive evidence only: a JSON document whose top level has string <c>sessionId</c> and
    /// <c>projectHash</c> and a <c>messages</c> array; or JSONL whose every head line is a Gemini CLI line (metadata,
    /// <c>$set</c>, <c>$rewindTo</c>, or a message with <c>id</c> and a Gemini message type) and never a Claude Code line
    /// (<c>uuid</c>).
    /// </summary>
    public bool Sniff(FormatHead head)
    {
        if (head.FirstNonSpace != (byte)'{') return false;
        if (JsonHead.IsDocument(head))
        {
            var keys = JsonHead.TopLevel(head);
            if (keys.GetValueOrDefault("sessionId").Token == JsonTokenType.String && keys.GetValueOrDefault("projectHash").Token == JsonTokenType.String
                && keys.GetValueOrDefault("messages").Token == JsonTokenType.StartArray) return true;
        }
        var lines = head.JsonLines;
        return lines.Count > 0 && lines.All(IsLine) && lines.Any(l => IsMetadata(l) || IsMessage(l));
    }

    private static bool IsLine(JsonElement line) =>
        !SniffFields.Has(line, "uuid") && (IsMetadata(line) || IsMessage(line) || SniffFields.Is(line, "$set", JsonValueKind.Object)
            || SniffFields.Is(line, "$rewindTo", JsonValueKind.String));

    private static bool IsMetadata(JsonElement line) =>
        SniffFields.Is(line, "sessionId", JsonValueKind.String) && SniffFields.Is(line, "projectHash", JsonValueKind.String);

    private static bool IsMessage(JsonElement line) =>
        SniffFields.Is(line, "id", JsonValueKind.String) && SniffFields.IsOneOf(line, "type", MessageTypes);

    /// <summary>
    /// Why a file refused by every reader is not read, when it is a Gemini CLI fork's own layout: Qwen Code and iFlow
    /// record <c>uuid</c>/<c>parentUuid</c> lines whose <c>message</c> is Gemini <c>Content</c> (<c>role</c>, <c>parts</c>),
    /// not Gemini CLI's conversation record. Null for any other file. Must not throw.
    /// </summary>
    internal static string? ForkLayout(FormatHead head) =>
        head.JsonLines.Any(l => SniffFields.Has(l, "uuid") && SniffFields.Has(l, "sessionId")
            && SniffFields.Object(l, "message") is { } m && SniffFields.Is(m, "parts", JsonValueKind.Array))
            ? "it looks like a Qwen Code or iFlow session (uuid/parentUuid lines holding Gemini Content {role, parts}), a Gemini CLI fork's own layout, which no reader reads (docs/formats/gemini-cli.md)"
            : null;

    public IEnumerable<RawRecord> Split(Stream content, InputFile file) => WholeFile.Split(content, file);

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        if (Document(record) is { } document)
        {
            using (document)
            {
                // Under --skip-bad-records the pipeline may retry without a bad line; a document has no line to leave out
                // (its other lines would still hold it), so the whole session is the bad record, named at its start.
                if (record.ExcludedLines is { Count: > 0 } excluded)
                    throw new BadRecordException($"a legacy Gemini CLI session is one JSON document; it cannot be read without its line {excluded.Keys.Min()}", 1, 1);
                var root = document.RootElement;
                record.Report = new ReadReport();
                record.Report.CountDocument(root, DocumentTypes);
                var conversation = GeminiCliConversation.FromDocument(root);
                return [new GeminiCliTraceBuilder(conversation, record.File.Path).Build()];
            }
        }
        using var file = SessionLines.Read(record);
        var lines = GeminiCliConversation.FromLines(file.Lines);
        if (lines.Recognized == 0)
            throw NoRecordOfFormat.Error(record, Format, "no line is Gemini CLI session metadata {sessionId, projectHash}, a message {id, type} or a $set/$rewindTo update");
        lines.Warnings.InsertRange(0, file.Warnings);
        return [new GeminiCliTraceBuilder(lines, record.File.Path).Build()];
    }

    /// <summary>
    /// The legacy layout: the whole file one JSON object with a <c>messages</c> array. Null for JSONL (its first line is a
    /// whole object and more follow). A pretty-printed document that does not parse is a bad record at its position.
    /// </summary>
    private JsonDocument? Document(RawRecord record)
    {
        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(record.Bytes, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxDepth });
        }
        catch (JsonException)
        {
            var first = WholeFileLines.Enumerate(record.Bytes).FirstOrDefault();
            if (first.Bytes.IsEmpty || first.Bytes.Span.Trim(" \t\r"u8).SequenceEqual("{"u8))
                Json.Parse(record.Bytes).Dispose(); // throws the document's error with its position
            return null; // JSONL: its lines are read one by one, each bad one named
        }
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Array)
            return document;
        var kind = root.ValueKind == JsonValueKind.Object ? null : Json.Kind(root);
        document.Dispose();
        if (kind is not null)
            throw NoRecordOfFormat.Error(record, Format, $"the file is {kind}, not a session object or session lines");
        return null; // a one-line JSONL file (metadata only, or one message)
    }
}
