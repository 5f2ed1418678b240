using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// opencode sessions from its JSON storage (input-formats-2 §6): one trace per session. The session file is the input
/// that yields the trace; <see cref="Split"/> gathers its message and part files (<see cref="OpencodeStorage"/>) into one
/// record, a bundle of one line per file, <c>{"opencode": kind, "path": …, "record": …}</c>, so the session is parsed on
/// any thread, its read report counts every file, and <c>format: original</c> keeps every file of it. A message or part
/// file named as an input of its own (a folder input lists them all) is read with its session and yields nothing
/// itself; the input resolver checks that its session file is an input too (<see cref="OpencodeStorage.CheckSessionsRead"/>).
/// Every file stays an input of its own, so the manifest hashes each one.
/// </summary>
public sealed class OpencodeReader : ITraceReader
{
    public string Format => "opencode";

    public bool OneRecordPerFile => true;

    /// <summary>
    /// Read report: the files of a session by kind, parts by <c>type</c>. Text, reasoning, tool, step and file parts are
    /// mapped; patch and snapshot parts are editor state, left aside by design; the version is the session's
    /// <c>version</c> (the opencode that wrote it).
    /// </summary>
    public RecordTypes RecordTypes { get; } = new(["opencode", "record.type"], ["session", "message", "part/text", "part/reasoning",
        "part/tool", "part/step-start", "part/step-finish", "part/file", "part/patch", "part/snapshot"])
    {
        VersionFields = ["record.version"],
    };

    public bool? SniffByKeys(FormatHead head) => JsonHead.NotJsonLines(head);

    /// <summary>
    /// §6 rule for a single file: a session, message or part record (<see cref="OpencodeStorage.KindOf"/>). A part file
    /// larger than the head (a long tool output) is judged by its first keys, which opencode writes before its state.
    /// </summary>
    public bool Sniff(FormatHead head)
    {
        if (!JsonHead.IsDocument(head) || head.FirstNonSpace != (byte)'{') return false;
        if (head.Document is { } root) return OpencodeStorage.KindOf(root) != OpencodeStorage.RecordKind.None;
        if (head.IsComplete) return false;
        var keys = JsonHead.TopLevel(head);
        return new[] { "id", "sessionID", "messageID", "type" }.All(k => keys.GetValueOrDefault(k).Token == JsonTokenType.String);
    }

    public IEnumerable<RawRecord> Split(Stream content, InputFile file)
    {
        var whole = WholeFile.Split(content, file).Single();
        if (whole.Problem is not null)
        {
            yield return whole;
            yield break;
        }
        // Bytes that are not UTF-8 go to Parse as they are: the pipeline names the bad byte's position before it runs.
        var document = System.Text.Unicode.Utf8.IsValid(whole.Bytes.Span) ? TryParse(whole.Bytes) : null;
        if (document is null)
        {
            yield return whole; // Parse names the error and its position
            yield break;
        }
        using (document)
        {
            var root = document.RootElement;
            switch (OpencodeStorage.KindOf(root))
            {
                case OpencodeStorage.RecordKind.Session:
                    yield return Bundle(file, root, whole);
                    break;
                case OpencodeStorage.RecordKind.Message or OpencodeStorage.RecordKind.Part:
                    yield break; // read with its session (its session file is an input: InputResolver checked)
                default:
                    yield return whole with { Bytes = ReadOnlyMemory<byte>.Empty }; // no opencode record: Parse says so
                    break;
            }
        }
    }

    private static JsonDocument? TryParse(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxDepth });
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The session's files as one record: the session first, then its messages and parts in name order.</summary>
    private static RawRecord Bundle(InputFile file, JsonElement session, RawRecord whole)
    {
        var home = OpencodeStorage.StorageRoot(file.Path, "session") ?? Path.GetDirectoryName(Path.GetFullPath(file.Path))!;
        using var buffer = new MemoryStream();
        Line(buffer, "session", Path.GetRelativePath(home, Path.GetFullPath(file.Path)), session, null);
        foreach (var (path, document, error) in OpencodeStorage.Companions(file.Path, session.GetProperty("id").GetString()!))
        {
            using (document)
            {
                var kind = document is null ? "invalid" : OpencodeStorage.KindOf(document.RootElement) switch
                {
                    OpencodeStorage.RecordKind.Message => "message",
                    OpencodeStorage.RecordKind.Part => "part",
                    _ => "other",
                };
                Line(buffer, kind, Path.GetRelativePath(home, path), document?.RootElement, error);
            }
            if (buffer.Length > file.Options.Limits.MaxRecordBytes) return JsonLines.TooLong(file, 1, file.Options.Limits.MaxRecordBytes);
        }
        return whole with { Bytes = buffer.ToArray() };
    }

    private static void Line(MemoryStream buffer, string kind, string path, JsonElement? record, string? error)
    {
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { SkipValidation = false }))
        {
            writer.WriteStartObject();
            writer.WriteString("opencode", kind);
            writer.WriteString("path", path.Replace('\\', '/'));
            if (record is { } r)
            {
                writer.WritePropertyName("record");
                r.WriteTo(writer);
            }
            if (error is not null) writer.WriteString("error", error);
            writer.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
    }

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        if (record.Bytes.IsEmpty)
            throw NoRecordOfFormat.Error(record, Format, "a session {id, projectID, directory, time}, message {id, sessionID, role, time} or part {id, sessionID, messageID, type}");
        if (!record.Bytes.Span.StartsWith("{\"opencode\":"u8))
        {
            Json.Parse(record.Bytes).Dispose(); // a session file that does not parse: its error, with its position
            throw NoRecordOfFormat.Error(record, Format, "an opencode storage record");
        }
        using var file = SessionLines.Read(record);
        JsonElement? session = null;
        var messages = new List<(string Path, JsonElement Value)>();
        var parts = new List<(string Path, JsonElement Value)>();
        var warnings = new List<string>(file.Warnings);
        foreach (var line in file.Lines)
        {
            var path = Json.String(line.Value, "path") ?? "?";
            switch (Json.String(line.Value, "opencode"))
            {
                case "session": session = line.Value.GetProperty("record"); break;
                case "message": messages.Add((path, line.Value.GetProperty("record"))); break;
                case "part": parts.Add((path, line.Value.GetProperty("record"))); break;
                case "invalid":
                    throw new BadRecordException($"{path}: {Json.String(line.Value, "error")}", line.Line, 0);
                default:
                    warnings.Add($"{path}: not an opencode message or part record; left out");
                    break;
            }
        }
        if (session is not { } s) throw NoRecordOfFormat.Error(record, Format, "a session record");
        try
        {
            return [new OpencodeTraceBuilder(s, messages, parts, warnings).Build()];
        }
        catch (BadRecordException e) when (e.Line == 0)
        {
            throw new BadRecordException($"session {Json.String(s, "id")}: {e.Message}", 1, 0, e);
        }
    }
}
