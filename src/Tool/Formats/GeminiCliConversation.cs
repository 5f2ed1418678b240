using System.Text.Json;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// A Gemini CLI conversation as the CLI itself would load it (input-formats-2 §5): the session fields and the messages
/// in order. From a legacy document, as written; from JSONL, by replaying the lines: metadata lines and <c>$set</c>
/// update the fields (a <c>$set.messages</c> array replaces every message), a message line whose <c>id</c> was seen
/// replaces that message where it stands (the CLI appends a message again each time it changes), and
/// <c>$rewindTo</c> removes the named message and all after it. Elements are cloned: they outlive the file's documents.
/// </summary>
internal sealed class GeminiCliConversation
{
    private readonly List<(string? Id, JsonElement Value)> _messages = [];
    private readonly Dictionary<string, int> _positions = new(StringComparer.Ordinal); // a long session repeats ids at every change

    /// <summary>The session fields (<c>sessionId</c>, <c>projectHash</c>, <c>startTime</c>, <c>kind</c>, …), last value wins.</summary>
    public Dictionary<string, JsonElement> Fields { get; } = new(StringComparer.Ordinal);

    public IEnumerable<JsonElement> Messages => _messages.Select(m => m.Value);

    /// <summary>Lines that are Gemini CLI lines; 0 means the file holds nothing of this format.</summary>
    public int Recognized { get; private set; }

    public List<string> Warnings { get; } = [];

    public static GeminiCliConversation FromDocument(JsonElement root)
    {
        var conversation = new GeminiCliConversation();
        foreach (var field in root.EnumerateObject())
            if (field.Name != "messages") conversation.Fields[field.Name] = field.Value.Clone();
        foreach (var message in root.GetProperty("messages").EnumerateArray())
            conversation.Put(message);
        conversation.Recognized = 1;
        return conversation;
    }

    public static GeminiCliConversation FromLines(IEnumerable<SessionLine> lines)
    {
        var conversation = new GeminiCliConversation();
        foreach (var line in lines)
        {
            try
            {
                conversation.Add(line.Value, line.Line);
            }
            catch (BadRecordException e)
            {
                throw SessionLines.AtLine(e, line.Line);
            }
        }
        return conversation;
    }

    private void Add(JsonElement line, long number)
    {
        if (line.TryGetProperty("$rewindTo", out var rewind))
        {
            Recognized++;
            var id = rewind.ValueKind == JsonValueKind.String ? rewind.GetString() : throw new BadRecordException("field '$rewindTo' must be a message id (a string)");
            if (id is null || !_positions.TryGetValue(id, out var at))
            {
                Warnings.Add($"line {number}: $rewindTo names message '{id}', which is not in the session; nothing was removed");
                return;
            }
            Warnings.Add($"line {number}: $rewindTo '{id}' removed {_messages.Count - at} message(s) the user rewound, as Gemini CLI does; they are not in the trace");
            foreach (var removed in _messages.Skip(at)) if (removed.Id is not null) _positions.Remove(removed.Id);
            _messages.RemoveRange(at, _messages.Count - at);
            return;
        }
        if (line.TryGetProperty("$set", out var set))
        {
            Recognized++;
            if (set.ValueKind != JsonValueKind.Object) throw new BadRecordException($"field '$set' must be an object, not {Json.Kind(set)}");
            foreach (var field in set.EnumerateObject())
            {
                if (field.Name != "messages")
                {
                    Fields[field.Name] = field.Value.Clone();
                    continue;
                }
                if (field.Value.ValueKind != JsonValueKind.Array) throw new BadRecordException($"field '$set.messages' must be an array, not {Json.Kind(field.Value)}");
                _messages.Clear(); _positions.Clear(); // a checkpoint: the whole message list as it now is
                foreach (var message in field.Value.EnumerateArray()) Put(message);
            }
            return;
        }
        if (line.TryGetProperty("id", out _) && line.TryGetProperty("type", out _))
        {
            Recognized++;
            Put(line);
            return;
        }
        if (line.TryGetProperty("sessionId", out _) && !line.TryGetProperty("uuid", out _)) // uuid: a Claude Code line
        {
            Recognized++;
            foreach (var field in line.EnumerateObject())
                if (field.Name != "messages") Fields[field.Name] = field.Value.Clone();
            if (line.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array)
                foreach (var message in messages.EnumerateArray()) Put(message);
            return;
        }
        // Not thrown: the line is counted in the read report, and named here; the rest of the session still reads.
        Warnings.Add($"line {number}: not a Gemini CLI session line (metadata, message, $set or $rewindTo); left out");
    }

    /// <summary>A message: replaces the one with its id where it stands, or goes at the end.</summary>
    private void Put(JsonElement message)
    {
        if (message.ValueKind != JsonValueKind.Object) throw new BadRecordException($"a Gemini CLI message must be an object, not {Json.Kind(message)}");
        var id = Json.String(message, "id");
        if (id is not null && _positions.TryGetValue(id, out var at))
        {
            _messages[at] = (id, message.Clone());
            return;
        }
        if (id is not null) _positions[id] = _messages.Count;
        _messages.Add((id, message.Clone()));
    }
}
