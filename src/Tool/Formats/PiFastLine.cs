using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using TraceCurate.Traces;
using static TraceCurate.Formats.ScannedFields;

namespace TraceCurate.Formats;

/// <summary>
/// A Pi session entry read in one <see cref="JsonScanner"/> pass, without a <see cref="JsonDocument"/>: the entries that
/// become messages (<c>message</c> entries of the roles <see cref="PiTraceBuilder"/> maps, <c>compaction</c>,
/// <c>branch_summary</c>, <c>custom_message</c>) and <c>model_change</c>, which are nearly every line of a session. A
/// document per line, then its fields looked up one by one, was most of the time of reading a Pi folder. The pass keeps
/// what the builder reads, already worked out as the builder works it out from the document (the content texts joined,
/// the model named, the usage figures), and the tree links the session tree needs before any path is chosen. A tool
/// call's <c>arguments</c> stay the line's UTF-8, parsed when read. The pass is all or nothing: anything it does not read
/// exactly as the document path does (another entry type or role, a field the builder reads holding another type, a key
/// written twice or with escapes, a <c>version</c> key, a timestamp that does not parse, a number that is not a plain
/// whole number or decimal, text that is not UTF-8, a syntax error) gives null, and the line is parsed into a document
/// as before, so both give the same trace, counts and errors (PiFastLineTests).
/// </summary>
internal sealed partial record PiFastLine
{
    /// <summary>What the builder does with the entry.</summary>
    internal enum EntryKind : byte { User, Assistant, ToolResult, Command, Note, ModelChange, Event }

    public required string Type { get; init; }
    public required EntryKind Kind { get; init; }

    /// <summary>The entry's <c>id</c> and <c>parentId</c> (strings or null).</summary>
    public string? Id { get; init; }
    public string? ParentId { get; init; }

    /// <summary><c>timestamp</c> parsed as <see cref="Json.Timestamp"/> does.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>
    /// The message's text: a user's, a tool result's, a note's, a user command with its output, an assistant's text
    /// blocks joined. A text of one long block stays the line's UTF-8 until read (<see cref="Utf8JsonText"/>).
    /// </summary>
    public Deferred<string?> Text { get; init; }

    /// <summary>For a note: which kind of message it makes.</summary>
    public MessageKind NoteKind { get; init; }

    /// <summary>A tool result's <c>toolCallId</c> and <c>isError</c> (false when absent or null).</summary>
    public string? ToolCallId { get; init; }
    public bool IsError { get; init; }

    /// <summary>An assistant's text and thinking blocks joined by newlines (null when none), and its tool calls.</summary>
    public Deferred<string?> Thinking { get; init; }
    public Call[] Calls { get; init; } = [];

    /// <summary>An assistant's model (<c>provider/model</c>, or <c>model</c> alone), or a model change's.</summary>
    public string? Model { get; init; }
    public string? StopReason { get; init; }
    public Usage? Usage { get; init; }

    /// <summary>
    /// An entry kept whole in the metadata events (<see cref="EntryKind.Event"/>): the line's bytes, parsed only if the
    /// metadata is read (<see cref="PiMetadata"/>).
    /// </summary>
    public ReadOnlyMemory<byte> Raw { get; init; }

    /// <summary>A <c>toolCall</c> block: its <c>arguments</c> value's bytes, empty when absent or null.</summary>
    internal sealed record Call(string? Id, string Name, ReadOnlyMemory<byte> Arguments);

    /// <summary>Block texts shorter than this are decoded at once (as the Claude Code pass leaves its short tool results).</summary>
    private const int RawFromBytes = 256;

    /// <summary>The entry read, or null when the document path must read it (one line alone, its text not checked).</summary>
    public static PiFastLine? TryScan(ReadOnlyMemory<byte> line) => new Scanner(textChecked: false).TryScan(line);

    /// <summary>
    /// The pass over one file's lines: the file's repeating short strings, and one set of field slots cleared line after
    /// line instead of a dozen objects allocated per line (the slots, blocks and usage of every line were half of what
    /// the pass allocated).
    /// </summary>
    /// <param name="textChecked">The file passed <see cref="RecordText.Check"/> (<see cref="RawRecord.TextChecked"/>): its
    /// strings are valid UTF-8 without lone surrogates, so long texts stay bytes without checking them again.</param>
    internal sealed class Scanner(bool textChecked)
    {
        private readonly Scan _scan = new(new RecentStrings(), textChecked);

        /// <summary>The entry read, or null when the document path must read it.</summary>
        public PiFastLine? TryScan(ReadOnlyMemory<byte> line)
        {
            try
            {
                _scan.Reset();
                return _scan.Entry(line) ? _scan.Resolve() : null;
            }
            catch (Exception e) when (e is JsonScanner.Rejected or InvalidOperationException or JsonException)
            {
                return null; // not JSON this pass reads, or text it cannot decode: the document path says what is wrong
            }
        }
    }

    /// <summary>
    /// The short strings that repeat line after line in one file (entry and block types, roles, provider, model, tool
    /// names), each kept once: a line reuses the string when its bytes are the same, instead of decoding a new one.
    /// </summary>
    internal sealed class RecentStrings
    {
        private const int MaxBytes = 48;
        private readonly (byte[]? Bytes, string Text)[] _slots = new (byte[]?, string)[16];
        private int _next;

        /// <summary>The string value the scanner stands on, as <see cref="JsonScanner.GetString"/> gives it.</summary>
        public string Get(ref JsonScanner s)
        {
            var span = s.ValueSpan;
            if (s.ValueIsEscaped || span.Length > MaxBytes) return s.GetString()!;
            foreach (var (bytes, text) in _slots)
                if (bytes is not null && span.SequenceEqual(bytes)) return text; // decoded from the same bytes
            var decoded = s.GetString()!;
            _slots[_next] = (span.ToArray(), decoded);
            _next = (_next + 1) % _slots.Length;
            return decoded;
        }
    }

    /// <summary>
    /// One line's fields as scanned; <see cref="Resolve"/> then reads them as the builder reads the document. One per
    /// file, cleared by <see cref="Reset"/> before each line.
    /// </summary>
    private sealed class Scan(RecentStrings recent, bool textChecked)
    {
        private Str _type, _id, _parent, _summary, _provider, _modelId;
        private Stamp _timestamp;
        private readonly Content _content = new();
        private readonly MessageFields _message = new();
        private bool _hasMessage;
        private ReadOnlyMemory<byte> _line;

        public void Reset()
        {
            _type = _id = _parent = _summary = _provider = _modelId = default;
            _timestamp = default;
            _content.Reset();
            _message.Reset();
            _hasMessage = false;
            _line = default;
        }

        public bool Entry(ReadOnlyMemory<byte> line)
        {
            _line = line;
            var s = new JsonScanner(line.Span) { TextChecked = textChecked };
            if (!s.Read() || s.TokenType != JsonTokenType.StartObject) return false;
            var seen = 0L;
            while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
            {
                if (s.ValueIsEscaped) return false; // an escaped key may spell one of the keys below
                var key = s.ValueSpan;
                bool ok;
                if (key.SequenceEqual("type"u8)) ok = Once(ref seen, 1) && _type.Read(ref s, recent);
                else if (key.SequenceEqual("id"u8)) ok = Once(ref seen, 2) && _id.Read(ref s);
                else if (key.SequenceEqual("parentId"u8)) ok = Once(ref seen, 4) && _parent.Read(ref s);
                else if (key.SequenceEqual("timestamp"u8)) ok = Once(ref seen, 8) && _timestamp.Read(ref s);
                else if (key.SequenceEqual("message"u8))
                {
                    ok = Once(ref seen, 16) && s.Read() && s.TokenType == JsonTokenType.StartObject; // not an object: the document path's error
                    if (ok) ok = _hasMessage = Message(ref s, line, _message);
                }
                else if (key.SequenceEqual("summary"u8)) ok = Once(ref seen, 32) && _summary.Read(ref s);
                else if (key.SequenceEqual("content"u8)) ok = Once(ref seen, 64) && ReadContent(ref s, line, _content);
                else if (key.SequenceEqual("provider"u8)) ok = Once(ref seen, 128) && _provider.Read(ref s, recent);
                else if (key.SequenceEqual("modelId"u8)) ok = Once(ref seen, 256) && _modelId.Read(ref s, recent);
                else if (key.SequenceEqual("version"u8)) ok = false; // counted by the read report: the document path
                else
                {
                    s.Skip();
                    ok = true;
                }
                if (!ok) return false;
            }
            return !s.Read(); // the scanner throws on a second value; nothing may follow the object
        }

        private bool Message(ref JsonScanner s, ReadOnlyMemory<byte> line, MessageFields m)
        {
            var seen = 0L;
            while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
            {
                if (s.ValueIsEscaped) return false;
                var key = s.ValueSpan;
                bool ok;
                if (key.SequenceEqual("role"u8)) ok = Once(ref seen, 1) && m.Role.Read(ref s, recent);
                else if (key.SequenceEqual("content"u8)) ok = Once(ref seen, 2) && ReadContent(ref s, line, m.Content);
                else if (key.SequenceEqual("provider"u8)) ok = Once(ref seen, 4) && m.Provider.Read(ref s, recent);
                else if (key.SequenceEqual("model"u8)) ok = Once(ref seen, 8) && m.Model.Read(ref s, recent);
                else if (key.SequenceEqual("stopReason"u8)) ok = Once(ref seen, 16) && m.StopReason.Read(ref s, recent);
                else if (key.SequenceEqual("usage"u8)) ok = Once(ref seen, 32) && ReadUsage(ref s, m);
                else if (key.SequenceEqual("toolCallId"u8)) ok = Once(ref seen, 64) && m.ToolCallId.Read(ref s);
                else if (key.SequenceEqual("isError"u8)) ok = Once(ref seen, 128) && m.IsError.Read(ref s);
                else if (key.SequenceEqual("command"u8)) ok = Once(ref seen, 256) && m.Command.Read(ref s);
                else if (key.SequenceEqual("output"u8)) ok = Once(ref seen, 512) && m.Output.Read(ref s);
                else if (key.SequenceEqual("summary"u8)) ok = Once(ref seen, 1024) && m.Summary.Read(ref s);
                else
                {
                    s.Skip();
                    ok = true;
                }
                if (!ok) return false;
            }
            return true;
        }

        private bool ReadContent(ref JsonScanner s, ReadOnlyMemory<byte> line, Content content)
        {
            if (!s.Read()) return false;
            content.Token = s.TokenType;
            switch (s.TokenType)
            {
                case JsonTokenType.String:
                    content.Text = s.GetString();
                    return true;
                case JsonTokenType.StartArray:
                    while (s.Read() && s.TokenType != JsonTokenType.EndArray)
                    {
                        if (!ObjectElseSkipped(ref s)) continue; // an item that is not an object: every reader of content skips it
                        if (!ReadBlock(ref s, line, ref content.Next())) return false;
                    }
                    return true;
                default:
                    s.Skip(); // null, or a type no reader of content maps (PiContent.Text gives null; an assistant's is an error)
                    return true;
            }
        }

        private bool ReadBlock(ref JsonScanner s, ReadOnlyMemory<byte> line, ref Block block)
        {
            var seen = 0L;
            while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
            {
                if (s.ValueIsEscaped) return false;
                var key = s.ValueSpan;
                bool ok;
                if (key.SequenceEqual("type"u8)) ok = Once(ref seen, 1) && block.Type.Read(ref s, recent);
                else if (key.SequenceEqual("text"u8)) ok = Once(ref seen, 2) && block.Text.Read(ref s, line);
                else if (key.SequenceEqual("thinking"u8)) ok = Once(ref seen, 4) && block.Thinking.Read(ref s, line);
                else if (key.SequenceEqual("redacted"u8)) ok = Once(ref seen, 8) && block.Redacted.Read(ref s);
                else if (key.SequenceEqual("id"u8)) ok = Once(ref seen, 16) && block.Id.Read(ref s);
                else if (key.SequenceEqual("name"u8)) ok = Once(ref seen, 32) && block.Name.Read(ref s, recent);
                else if (key.SequenceEqual("arguments"u8))
                {
                    ok = Once(ref seen, 64) && s.Read();
                    if (ok && s.TokenType != JsonTokenType.Null)
                    {
                        var start = (int)s.TokenStartIndex;
                        s.Skip();
                        block.Arguments = line[start..(int)s.BytesConsumed]; // a string's quotes included, as GetRawText gives it
                    }
                }
                else
                {
                    s.Skip();
                    ok = true;
                }
                if (!ok) return false;
            }
            return true;
        }

        /// <summary>
        /// <c>usage</c>: an object, else no usage (as <see cref="PiContent.Usage"/>). Figures that are not null or whole
        /// numbers of a long, and a cost total that is not a plain decimal, are marked bad: the document path reads them.
        /// </summary>
        private static bool ReadUsage(ref JsonScanner s, MessageFields m)
        {
            if (!ReadObjectElseSkip(ref s, out var isObject)) return false;
            if (!isObject) return true;
            m.HasUsage = true;
            ref var u = ref m.Usage;
            var seen = 0L;
            while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
            {
                if (s.ValueIsEscaped) return false;
                var key = s.ValueSpan;
                bool ok;
                if (key.SequenceEqual("input"u8)) ok = Once(ref seen, 1) && Whole(ref s, ref u.Bad, out u.Input);
                else if (key.SequenceEqual("output"u8)) ok = Once(ref seen, 2) && Whole(ref s, ref u.Bad, out u.Output);
                else if (key.SequenceEqual("cacheRead"u8)) ok = Once(ref seen, 4) && Whole(ref s, ref u.Bad, out u.CacheRead);
                else if (key.SequenceEqual("cacheWrite"u8)) ok = Once(ref seen, 8) && Whole(ref s, ref u.Bad, out u.CacheWrite);
                else if (key.SequenceEqual("cost"u8)) ok = Once(ref seen, 16) && Cost(ref s, ref u);
                else
                {
                    s.Skip();
                    ok = true;
                }
                if (!ok) return false;
            }
            return true;
        }

        /// <summary>A figure as <see cref="Json.Integer"/> reads it, when it is null or fits a long as written.</summary>
        private static bool Whole(ref JsonScanner s, ref bool bad, out long? value)
        {
            value = null;
            if (!s.Read()) return false;
            if (s.TokenType == JsonTokenType.Null) return true;
            if (s.TokenType == JsonTokenType.Number && s.TryGetInt64(out var n)) value = n;
            else
            {
                bad = true; // a decimal that is whole, or not a number: the document path decides
                s.Skip();
            }
            return true;
        }

        /// <summary><c>cost.total</c> as <see cref="JsonElement.TryGetDecimal"/> reads a number without an exponent.</summary>
        private static bool Cost(ref JsonScanner s, ref UsageFields u)
        {
            if (!ReadObjectElseSkip(ref s, out var isObject)) return false;
            if (!isObject) return true;
            var seen = 0L;
            while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
            {
                if (s.ValueIsEscaped) return false;
                if (!s.ValueSpan.SequenceEqual("total"u8))
                {
                    s.Skip();
                    continue;
                }
                if (!Once(ref seen, 1) || !s.Read()) return false;
                if (s.TokenType != JsonTokenType.Number)
                {
                    s.Skip();
                    continue;
                }
                var number = s.ValueSpan;
                if (number.IndexOfAny((byte)'e', (byte)'E') < 0 && Utf8Parser.TryParse(number, out decimal d, out var used) && used == number.Length)
                    u.Cost = d;
                else u.Bad = true; // an exponent, or too large for a decimal: the document path's conversion
            }
            return true;
        }

        /// <summary>The entry as the builder reads it, or null where it reads it otherwise or fails.</summary>
        public PiFastLine? Resolve()
        {
            if (_type.Bad || _type.Value is not { } type || _id.Bad || _parent.Bad || _timestamp.Text.Bad) return null;
            var time = _timestamp.Parsed;
            if (_timestamp.Text.Value is { } text)
            {
                if (!Json.TryParseTimestamp(text, out var t))
                    return null;
                time = t;
            }
            switch (type)
            {
                case "message":
                    return _hasMessage ? FromMessage(type, time, _message) : null;
                case "compaction" or "branch_summary":
                    if (_summary.Bad) return null;
                    return Line(type, EntryKind.Note, time, Deferred<string?>.Of(_summary.Value),
                        type == "compaction" ? MessageKind.CompactionSummary : MessageKind.BranchSummary);
                case "custom_message":
                    if (!_content.AsText(out var note)) return null;
                    return Line(type, EntryKind.Note, time, note, MessageKind.Custom);
                case "model_change":
                    if (_provider.Bad || _modelId.Bad) return null;
                    return new PiFastLine
                    {
                        Type = type, Kind = EntryKind.ModelChange, Id = _id.Value, ParentId = _parent.Value, Time = time,
                        Model = _provider.Value is { } p && _modelId.Value is { } m ? p + "/" + m : null,
                    };
                case "thinking_level_change" or "label" or "custom" when textChecked:
                    // Kept whole in the metadata events, which inspect never reads: the line's bytes stand for the entry
                    // until the metadata is read. Only in text RecordText.Check passed, so that writing the parsed line
                    // later cannot fail where writing it at once would not have (a lone surrogate's escape).
                    return new PiFastLine { Type = type, Kind = EntryKind.Event, Id = _id.Value, ParentId = _parent.Value, Time = time, Raw = _line };
                default:
                    return null; // session_info (its name is the title) and unknown types: the document path
            }
        }

        /// <summary>An entry that becomes one message of a text (every kind but an assistant's, a tool result's and a model change).</summary>
        private PiFastLine Line(string type, EntryKind kind, DateTimeOffset? time, Deferred<string?> text, MessageKind noteKind = default) =>
            new() { Type = type, Kind = kind, Id = _id.Value, ParentId = _parent.Value, Time = time, Text = text, NoteKind = noteKind };

        private PiFastLine? FromMessage(string type, DateTimeOffset? time, MessageFields m)
        {
            if (m.Role.Bad) return null;
            Deferred<string?> text;
            switch (m.Role.Value)
            {
                case "user":
                    return m.Content.AsText(out text) ? Line(type, EntryKind.User, time, text) : null;
                case "assistant":
                    return Assistant(type, time, m);
                case "toolResult":
                    if (m.ToolCallId.Bad || !m.Content.AsText(out text) || m.IsError.Bad) return null;
                    return new PiFastLine
                    {
                        Type = type, Kind = EntryKind.ToolResult, Id = _id.Value, ParentId = _parent.Value, Time = time,
                        ToolCallId = m.ToolCallId.Value, Text = text, IsError = m.IsError.Value ?? false,
                    };
                case "bashExecution":
                    if (m.Command.Bad || m.Output.Bad) return null;
                    var command = "!" + m.Command.Value;
                    var output = m.Output.Value;
                    return Line(type, EntryKind.Command, time, Deferred<string?>.Of(string.IsNullOrEmpty(output) ? command : command + "\n" + output));
                case "custom" or "hookMessage":
                    return m.Content.AsText(out text) ? Line(type, EntryKind.Note, time, text, MessageKind.Custom) : null;
                case "branchSummary" or "compactionSummary":
                    if (m.Summary.Bad) return null;
                    return Line(type, EntryKind.Note, time, Deferred<string?>.Of(m.Summary.Value),
                        m.Role.Value == "branchSummary" ? MessageKind.BranchSummary : MessageKind.CompactionSummary);
                default:
                    return null; // an unknown role is kept in the metadata events with a warning: the document path
            }
        }

        /// <summary>As <see cref="PiTraceBuilder"/>'s assistant messages: content must be an array (or absent or null).</summary>
        private PiFastLine? Assistant(string type, DateTimeOffset? time, MessageFields m)
        {
            var content = m.Content;
            if (content.Token is not (JsonTokenType.None or JsonTokenType.Null or JsonTokenType.StartArray)) return null;
            Parts texts = new(), thinking = new();
            var callCount = 0;
            foreach (ref readonly var block in content.Blocks)
            {
                if (block.Type.Bad) return null;
                switch (block.Type.Value)
                {
                    case "text":
                        if (block.Text.Bad) return null;
                        texts.Add(block.Text.OrEmpty);
                        break;
                    case "thinking":
                        if (block.Redacted.Bad) return null;
                        if (block.Redacted.Value == true) break;
                        if (block.Thinking.Bad) return null;
                        thinking.Add(block.Thinking.OrEmpty);
                        break;
                    case "toolCall":
                        if (block.Id.Bad || block.Name.Bad) return null;
                        callCount++;
                        break;
                }
            }
            if (m.Provider.Bad || m.Model.Bad || m.StopReason.Bad || m.HasUsage && m.Usage.Bad) return null;
            Call[] calls = callCount == 0 ? [] : new Call[callCount];
            callCount = 0;
            foreach (ref readonly var block in content.Blocks)
                if (block.Type.Value == "toolCall") calls[callCount++] = new Call(block.Id.Value, block.Name.Value ?? "", block.Arguments);
            var model = m.Provider.Value is { } p && m.Model.Value is { } name ? p + "/" + name : m.Model.Value;
            ref readonly var u = ref m.Usage;
            Usage? usage = m.HasUsage
                ? new Usage
                {
                    InputTokens = u.Input, OutputTokens = u.Output, CacheReadTokens = u.CacheRead, CacheWriteTokens = u.CacheWrite, CostUsd = u.Cost, ApiCalls = 1,
                }
                : null;
            return new PiFastLine
            {
                Type = type, Kind = EntryKind.Assistant, Id = _id.Value, ParentId = _parent.Value, Time = time,
                Text = texts.Joined, Thinking = thinking.Joined, Calls = calls, Model = model, StopReason = m.StopReason.Value, Usage = usage,
            };
        }
    }
}
