using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Chat-message dataset rows (input-formats-2 §1; docs/formats/chat-rows.md): JSONL (or a JSON array) of rows whose list
/// column <c>messages</c>, <c>conversations</c> or <c>trajectory</c> (or the one named by the input setting
/// <c>messages_column</c>) holds OpenAI/TRL, ShareGPT or SWE-agent-style messages, possibly as a JSON string; Parquet
/// files of such rows (<see cref="ChatRowsParquet"/>); and a plain JSON array of messages, one trajectory per file.
/// One row is one trace; the other columns are its metadata.
/// </summary>
public sealed class ChatRowsReader : ITraceReader
{
    public const string Name = "chat-rows";

    /// <summary>The list columns looked for, in this order, when the input names none.</summary>
    public static readonly string[] ListColumns = ["messages", "conversations", "trajectory"];

    /// <summary>The input setting naming the list column (docs/recipes.md).</summary>
    public const string ColumnSetting = "messages_column";

    public string Format => Name;

    public bool? SniffByKeys(FormatHead head)
    {
        if (head.StartsWith("PAR1") || head.FirstNonSpace == (byte)'[') return null;
        if (head.FirstNonSpace != (byte)'{') return false;
        if (!head.Keys.HasAtLeast(2)) return null; // one indented row: the document decides
        // JSONL: the first line is a row only with a list column.
        var first = head.Keys[0];
        foreach (var column in ListColumns)
            if (first.Has(column)) return null;
        return false;
    }

    /// <summary>
    /// Positive evidence only (input-formats-2 §8): a row whose list column holds chat messages, a JSON array of such rows
    /// or of messages, or a Parquet file whose schema has such a column. Never the tool's own <c>trace</c> lines (their
    /// <c>messages</c> sit beside <c>actions</c> and <c>usage</c>) nor a message array with mini-swe-agent's marks.
    /// </summary>
    public bool Sniff(FormatHead head)
    {
        if (head.StartsWith("PAR1")) return head.FullPath is { } path && ChatRowsParquet.Sniff(path);
        if (head.FirstNonSpace == (byte)'[')
        {
            var items = JsonHead.ArrayItems(head, max: 16);
            if (items.Count == 0) return false;
            if (items.All(ChatRowMessages.IsMessage)) return !MiniSweAgentReader.IsMessageList(items);
            return items.All(IsRow);
        }
        if (head.FirstNonSpace != (byte)'{') return false;
        // One indented row: a line inside it (a message) may parse as an object of its own, so the document decides.
        if (head.IsComplete && JsonHead.IsDocument(head) && head.Document is { ValueKind: JsonValueKind.Object } document) return IsRow(document);
        if (head.JsonLines.Count > 0) return IsRow(head.JsonLines[0]);
        if (head.IsComplete) return false;
        // A first row longer than the head: its list column must come first enough to show whole messages.
        var keys = JsonHead.TopLevel(head);
        if (keys.ContainsKey("actions") || keys.ContainsKey("info") || keys.ContainsKey("trajectory_format")) return false;
        foreach (var column in ListColumns)
            if (keys.TryGetValue(column, out var v) && v.Token == JsonTokenType.StartArray)
                return JsonHead.ArrayItems(head, column, 8) is { Count: > 0 } first && first.All(ChatRowMessages.IsMessage);
        return false;
    }

    /// <summary>A row: an object with a list column of chat messages, that is neither a trace line nor a mini-swe-agent document.</summary>
    internal static bool IsRow(JsonElement row)
    {
        if (row.ValueKind != JsonValueKind.Object) return false;
        if (SniffFields.Has(row, "actions") && SniffFields.Has(row, "usage")) return false; // the tool's own trace line
        if (SniffFields.Has(row, "trajectory_format") || SniffFields.Object(row, "info") is { } info && SniffFields.Has(info, "mini_version")) return false;
        foreach (var column in ListColumns)
            if (row.TryGetProperty(column, out var value) && ChatRowMessages.IsMessageList(value, out _)) return true;
        return false;
    }

    /// <summary>Parquet row group by row group; a JSON array or an indented row whole; JSONL line by line.</summary>
    public IEnumerable<RawRecord> Split(Stream content, InputFile file)
    {
        if (!file.IsStream && FormatDetector.HasMagic(file.Path, "PAR1"u8)) return ChatRowsParquet.Split(file);
        var peek = new PeekedStream(content);
        return peek.FirstNonSpace() == (byte)'[' || !peek.FirstLineIsWhole() ? WholeFile.Split(peek, file) : JsonLines.Split(peek, file);
    }

    /// <summary>
    /// Whether the file is JSONL, whose lines a sharded run may cut into byte ranges; a Parquet file, a JSON array and
    /// an indented document are read whole (chat rows and ATIF take all three).
    /// </summary>
    public static bool IsLines(string path)
    {
        if (FormatDetector.HasMagic(path, "PAR1"u8)) return false;
        using var stream = FormatDetector.Open(path);
        var peek = new PeekedStream(stream);
        return peek.FirstNonSpace() != (byte)'[' && peek.FirstLineIsWhole();
    }

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        using var doc = Json.Parse(record.Bytes);
        var root = doc.RootElement;
        var column = options.Get(ColumnSetting);
        if (root.ValueKind == JsonValueKind.Object) return [Row(root, record, record.Line, column)];
        if (root.ValueKind != JsonValueKind.Array)
            throw new BadRecordException($"a chat row is a JSON object (or a file a JSON array of messages or rows), not {Json.Kind(root)}");
        var items = root.EnumerateArray().ToList();
        if (items.Count > 0 && items.All(ChatRowMessages.IsMessage))
            return [ChatRowTrace.Build(FileStem.Of(record.File.Path), ChatRowMessages.Read(root), null)];
        if (items.Count == 0) throw NoRecordOfFormat.Error(record, Name, "the JSON array is empty");
        return items.Select((row, i) => row.ValueKind == JsonValueKind.Object
            ? Row(row, record, i + 1, column)
            : throw new BadRecordException($"item {i + 1} of the array is {Json.Kind(row)}, neither a message nor a row")).ToList();
    }

    /// <summary>One row: its list column read as messages, every other column kept as metadata.</summary>
    private static Trace Row(JsonElement row, RawRecord record, long number, string? column)
    {
        var (name, list) = ListColumn(row, column);
        var messages = ChatRowMessages.Read(list);
        // ShareGPT keeps the system prompt in a column of its own.
        if (row.TryGetProperty("system", out var system) && system.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(system.GetString())
            && !messages.Any(m => m.Role == Role.System))
            messages.Insert(0, new ChatRowMessage(Role.System, system.GetString()));
        var metadata = Metadata(row, name);
        return ChatRowTrace.Build(RunId(row, record, number), messages, metadata);
    }

    private static (string Name, JsonElement List) ListColumn(JsonElement row, string? named)
    {
        if (named is not null)
        {
            if (!row.TryGetProperty(named, out var value) || value.ValueKind == JsonValueKind.Null)
                throw new BadRecordException($"the row has no '{named}' column (named by '{ColumnSetting}')");
            if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0) return (named, value);
            if (!ChatRowMessages.IsMessageList(value, out var list))
                throw new BadRecordException($"the row's '{named}' column is not a list of chat messages ({{role, content}}, {{role, text}} or {{from, value}})");
            return (named, list);
        }
        foreach (var name in ListColumns)
            if (row.TryGetProperty(name, out var value) && ChatRowMessages.IsMessageList(value, out var list)) return (name, list);
        foreach (var name in ListColumns)
            if (row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0) return (name, value);
        throw new BadRecordException($"the row has no list of chat messages in {string.Join(", ", ListColumns.Select(c => $"'{c}'"))} " +
                                     $"(name another column with '{ColumnSetting}')");
    }

    /// <summary>The run id column, else <c>instance_id#row</c> (instance ids repeat: several runs each), else <c>file#row</c>.</summary>
    private static string RunId(JsonElement row, RawRecord record, long number)
    {
        foreach (var key in (string[])["trajectory_id", "traj_id", "run_id", "id"])
            if (Scalar(row, key) is { } id) return id;
        var stem = Scalar(row, "instance_id") ?? FileStem.Of(record.File.Path);
        return $"{stem}#{number}";
    }

    private static string? Scalar(JsonElement row, string key) =>
        row.TryGetProperty(key, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String when v.GetString() is { Length: > 0 } s => s,
            JsonValueKind.Number => v.GetRawText(),
            _ => null,
        } : null;

    /// <summary>Every column but the list column, as written (nulls included: a Parquet row has every column).</summary>
    private static JsonElement? Metadata(JsonElement row, string listColumn)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var p in row.EnumerateObject())
                if (p.Name != listColumn) p.WriteTo(w);
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), Json.Rebuilt);
        return doc.RootElement.Clone();
    }
}
