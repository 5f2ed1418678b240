using System.Globalization;
using System.Text;
using System.Text.Json;
using TraceCurate.Traces;
using static TraceCurate.Formats.ScannedFields;

namespace TraceCurate.Formats;

/// <summary>
/// A Claude Code <c>user</c> or <c>assistant</c> line read in one <see cref="JsonScanner"/> pass, without a
/// <see cref="JsonDocument"/>: the fields the reader uses (the DAG links, the envelope facts, the message and its content
/// blocks, <c>toolUseResult</c>'s two read fields), each checked for the type the document path requires. Building a
/// document per line, then looking its fields up one by one, was most of the CPU of reading a session folder. Strings
/// are decoded as the pass meets them, except a tool call's <c>input</c> (kept as the line's UTF-8, parsed when read)
/// and long tool-result texts (<see cref="Utf8JsonText"/>, as <see cref="ClaudeCodeSlimLine"/> keeps them). The pass
/// is all or nothing: anything it does not read exactly as the document path does (another line type, a field of an
/// unexpected type, a key written twice or with escapes, a <c>subtype</c>, text that is not UTF-8, a syntax error)
/// gives null, and the line is parsed into a document as before, so both give the same trace, counts and errors.
/// </summary>
internal sealed class ClaudeCodeFastLine
{
    public required string Type { get; init; }
    public required string Uuid { get; init; }
    public string? ParentUuid { get; init; }
    public string? LogicalParentUuid { get; init; }
    public bool HasParentKey { get; init; }
    public bool IsSidechain { get; init; }
    public bool? IsCompactSummary { get; init; }
    public bool? IsMeta { get; init; }
    public string? SessionId { get; init; }
    public string? AgentId { get; init; }
    public string? Version { get; init; }
    public string? GitBranch { get; init; }
    public string? UserType { get; init; }
    public string? Cwd { get; init; }
    public string? RequestId { get; init; }

    /// <summary><c>timestamp</c> parsed as <see cref="Json.Timestamp"/> does.</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>The <c>timestamp</c> string as the line holds it (quotes included), empty when it has none.</summary>
    public ReadOnlyMemory<byte> RawTimestamp { get; init; }

    public string? MessageId { get; init; }
    public string? Model { get; init; }
    public string? StopReason { get; init; }
    public UsageFigures? Usage { get; init; }

    /// <summary><c>message.content</c> when it is a string (a user's typed text).</summary>
    public string? ContentText { get; init; }

    /// <summary>The object blocks of <c>message.content</c>, in order (other items are skipped by every reader of them).</summary>
    public Block[] Blocks { get; init; } = [];

    /// <summary><c>toolUseResult.interrupted</c> is <c>true</c>.</summary>
    public bool ResultInterrupted { get; init; }

    /// <summary><c>toolUseResult.agentId</c> when a string.</summary>
    public string? ResultAgentId { get; init; }

    /// <summary>The line's <c>timestamp</c> read as <see cref="JsonElement.TryGetDateTimeOffset"/> reads it (ISO 8601 only).</summary>
    public DateTimeOffset? IsoTimestamp()
    {
        if (RawTimestamp.IsEmpty) return null;
        var reader = new Utf8JsonReader(RawTimestamp.Span);
        return reader.Read() && reader.TryGetDateTimeOffset(out var time) ? time : null;
    }

    /// <summary>The <c>usage</c> figures of an assistant line (whole numbers or null).</summary>
    internal sealed record UsageFigures(long? Input, long? Output, long? CacheRead, long? CacheWrite);

    internal enum BlockKind : byte { Other, Text, Thinking, ToolUse, ToolResult, Image }

    /// <summary>One object block of <c>message.content</c>: its fields that some reader looks up, whatever its type.</summary>
    internal sealed class Block
    {
        public BlockKind Kind;

        /// <summary><c>text</c>, when a string (read on text blocks, and on any block for a sub-agent's first text); a long one
        /// is decoded from the line's bytes on first read.</summary>
        public string? Text => ShortText ?? RawText?.Value;

        /// <summary><c>text</c> when shorter than <see cref="Scanner"/>'s raw limit, decoded by the pass.</summary>
        public string? ShortText;

        /// <summary><c>text</c> of 256 bytes or more, left as the line's bytes (an assistant's text is read by few steps).</summary>
        public Utf8JsonText? RawText;
        public string? Thinking;
        public string? Id;
        public string? Name;
        public string? ToolUseId;
        public bool? IsError;

        /// <summary>The <c>input</c> value's bytes; empty when absent or null.</summary>
        public ReadOnlyMemory<byte> Input;

        /// <summary>A tool result's text (<see cref="ClaudeCodeToolResult.Text(JsonElement, ClaudeCodeSlimLine?)"/>).</summary>
        public ClaudeCodeResultText Result = new("");
    }

    /// <summary>A tool call's input text, decoded from the line's bytes when read (as <see cref="JsonElement.GetRawText"/> gives it).</summary>
    internal sealed class InputText(ReadOnlyMemory<byte> raw) : LazyValue<string?>
    {
        protected override string? Compute() => Encoding.UTF8.GetString(raw.Span);
    }

    /// <summary>Reads the lines of one file; keeps the last value of the fields that repeat on every line, to reuse their strings.</summary>
    /// <param name="types">The reader's record types, to count each line read in the report; null to count nothing.</param>
    /// <param name="textChecked">The lines come from a record that passed <see cref="RecordText.Check"/>
    /// (<see cref="RawRecord.TextChecked"/>): their strings are not checked for UTF-8 and lone surrogates again.</param>
    internal sealed class Scanner(RecordTypes? types, bool textChecked = false)
    {
        private const int SessionSlot = 0, VersionSlot = 1, BranchSlot = 2, UserTypeSlot = 3, CwdSlot = 4, ModelSlot = 5, AgentSlot = 6;

        /// <summary>Tool-result texts shorter than this are decoded at once (as <see cref="ClaudeCodeSlimLine"/> leaves them in its document).</summary>
        private const int RawFromBytes = 256;

        private readonly (byte[]? Bytes, string? Text)[] _recent = new (byte[]?, string?)[7];
        private readonly List<Block> _blocks = [];
        private readonly List<ResultPart> _parts = [];

        // Ids that repeat within a few lines keep one string (the lead's profile of a session folder counted ids as half
        // of the strings the pass decoded): a line's parent is the line before it, a response's lines repeat its id and
        // request id, a tool result names a call of the last response, and tool names come from a small set.
        private readonly RecentStrings _uuids = new(4), _messageIds = new(2), _requestIds = new(2), _callIds = new(16), _names = new(16);

        /// <summary>The line read, and counted in <paramref name="report"/>; null (nothing counted) when the document path must read it.</summary>
        public ClaudeCodeFastLine? TryRead(WholeFileLines.Line line, ReadReport report)
        {
            var read = TryScan(line.Bytes);
            if (read is not null && types is not null) report.Count(read.Type, read.Version, types);
            return read;
        }

        /// <summary>The line read, or null when the document path must read it.</summary>
        public ClaudeCodeFastLine? TryScan(ReadOnlyMemory<byte> line)
        {
            // No look for "user" or "assistant" in the bytes first: it read an assistant line whole before its pass, and a
            // line of another type is given up at its type key, which Claude Code writes among the envelope's first fields.
            try
            {
                return Line(line);
            }
            catch (Exception e) when (e is JsonScanner.Rejected or InvalidOperationException or JsonException)
            {
                return null; // not JSON this pass reads, or text it cannot decode: the document path says what is wrong
            }
        }

        private ClaudeCodeFastLine? Line(ReadOnlyMemory<byte> line)
        {
            var s = new JsonScanner(line.Span) { TextChecked = textChecked };
            if (!s.Read() || s.TokenType != JsonTokenType.StartObject) return null;
            _blocks.Clear();
            var seen = 0L;
            string? type = null, uuid = null, parent = null, logical = null, sessionId = null, agentId = null, version = null, branch = null,
                userType = null, cwd = null, requestId = null;
            bool hasParent = false, sidechain = false;
            bool? compactSummary = null, meta = null;
            DateTimeOffset? time = null;
            ReadOnlyMemory<byte> rawTime = default;
            var message = default(MessageFields);
            var hasMessage = false;
            bool interrupted = false;
            string? resultAgent = null;
            while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
            {
                if (s.ValueIsEscaped) return null; // an escaped key may spell one of the keys below
                var key = s.ValueSpan;
                bool ok;
                if (key.SequenceEqual("type"u8))
                {
                    ok = Once(ref seen, 1) && s.Read() && s.TokenType == JsonTokenType.String && !s.ValueIsEscaped;
                    type = !ok ? null : s.ValueSpan.SequenceEqual("user"u8) ? "user" : s.ValueSpan.SequenceEqual("assistant"u8) ? "assistant" : null;
                    ok = type is not null; // other line types: the document path
                }
                else if (key.SequenceEqual("uuid"u8)) ok = Once(ref seen, 2) && s.Read() && s.TokenType == JsonTokenType.String && (uuid = _uuids.Get(ref s, line)) is not null;
                else if (key.SequenceEqual("parentUuid"u8)) ok = Once(ref seen, 4) && (hasParent = true) && _uuids.Optional(ref s, line, out parent);
                else if (key.SequenceEqual("logicalParentUuid"u8)) ok = Once(ref seen, 8) && _uuids.Optional(ref s, line, out logical);
                else if (key.SequenceEqual("isSidechain"u8))
                {
                    bool? side = null;
                    ok = Once(ref seen, 16) && OptionalBoolean(ref s, out side);
                    sidechain = side == true;
                }
                else if (key.SequenceEqual("isCompactSummary"u8)) ok = Once(ref seen, 32) && OptionalBoolean(ref s, out compactSummary);
                else if (key.SequenceEqual("isMeta"u8)) ok = Once(ref seen, 64) && OptionalBoolean(ref s, out meta);
                else if (key.SequenceEqual("sessionId"u8)) ok = Once(ref seen, 128) && Recent(ref s, SessionSlot, out sessionId);
                else if (key.SequenceEqual("agentId"u8)) ok = Once(ref seen, 256) && Recent(ref s, AgentSlot, out agentId);
                else if (key.SequenceEqual("version"u8)) ok = Once(ref seen, 512) && Recent(ref s, VersionSlot, out version);
                else if (key.SequenceEqual("gitBranch"u8)) ok = Once(ref seen, 1024) && Recent(ref s, BranchSlot, out branch);
                else if (key.SequenceEqual("userType"u8)) ok = Once(ref seen, 2048) && Recent(ref s, UserTypeSlot, out userType);
                else if (key.SequenceEqual("cwd"u8)) ok = Once(ref seen, 4096) && (Null(ref s) || Recent(ref s, CwdSlot, out cwd, read: false));
                else if (key.SequenceEqual("requestId"u8)) ok = Once(ref seen, 8192) && _requestIds.Optional(ref s, line, out requestId);
                else if (key.SequenceEqual("timestamp"u8)) ok = Once(ref seen, 16384) && ReadTimestamp(ref s, line, out time, out rawTime);
                else if (key.SequenceEqual("message"u8))
                {
                    ok = Once(ref seen, 32768) && s.Read() && s.TokenType == JsonTokenType.StartObject;
                    if (ok) ok = hasMessage = ReadMessage(ref s, line, out message);
                }
                else if (key.SequenceEqual("toolUseResult"u8)) ok = Once(ref seen, 65536) && ReadToolUseResult(ref s, out interrupted, out resultAgent);
                else if (key.SequenceEqual("subtype"u8)) ok = false; // a compaction boundary's field: the document path
                else
                {
                    s.Skip();
                    ok = true;
                }
                if (!ok) return null;
            }
            if (s.Read()) return null; // the scanner throws on a second value; nothing may follow the object
            // Without a type or uuid the line is not a node (it passes into the events whole); without a message the
            // document path reports the missing field; an assistant's content must be an array.
            if (type is null || uuid is null || !hasMessage || (type == "assistant" && message.ContentText is not null)) return null;
            return new ClaudeCodeFastLine
            {
                Type = type, Uuid = uuid, ParentUuid = parent, LogicalParentUuid = logical, HasParentKey = hasParent, IsSidechain = sidechain,
                IsCompactSummary = compactSummary, IsMeta = meta, SessionId = sessionId, AgentId = agentId, Version = version, GitBranch = branch,
                UserType = userType, Cwd = cwd, RequestId = requestId, Time = time, RawTimestamp = rawTime,
                MessageId = message.Id, Model = message.Model, StopReason = message.StopReason, Usage = message.Usage,
                ContentText = message.ContentText, Blocks = _blocks.Count == 0 ? [] : [.. _blocks],
                ResultInterrupted = interrupted, ResultAgentId = resultAgent,
            };
        }

        /// <summary>One part of a tool result's content array: a decoded text, or one kept as the line's bytes, or an image.</summary>
        private sealed class ResultPart(string? text, Utf8JsonText? raw)
        {
            /// <summary>An image block, which the joined text shows as <c>[image]</c>.</summary>
            public static readonly ResultPart Image = new("[image]", null);

            /// <summary><see cref="Image"/>'s text as a JSON string's bytes.</summary>
            public static ReadOnlySpan<byte> ImageBytes => "[image]"u8;

            public string? Text => text;

            public Utf8JsonText? Raw => raw;
        }

        /// <summary>A value, not an object per line: its fields are copied into the line read.</summary>
        private struct MessageFields
        {
            public string? Id, Model, StopReason, ContentText;
            public UsageFigures? Usage;
        }

        /// <summary><c>message</c>, from its opening brace: its fields, and its content blocks into <see cref="_blocks"/>.</summary>
        private bool ReadMessage(ref JsonScanner s, ReadOnlyMemory<byte> line, out MessageFields m)
        {
            m = default;
            var seen = 0L;
            while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
            {
                if (s.ValueIsEscaped) return false;
                var key = s.ValueSpan;
                bool ok;
                if (key.SequenceEqual("id"u8)) ok = Once(ref seen, 1) && _messageIds.Optional(ref s, line, out m.Id);
                else if (key.SequenceEqual("model"u8)) ok = Once(ref seen, 2) && (Null(ref s) || Recent(ref s, ModelSlot, out m.Model, read: false));
                else if (key.SequenceEqual("stop_reason"u8)) ok = Once(ref seen, 4) && _names.Optional(ref s, line, out m.StopReason);
                else if (key.SequenceEqual("usage"u8)) ok = Once(ref seen, 8) && ReadUsage(ref s, out m.Usage);
                else if (key.SequenceEqual("content"u8))
                {
                    ok = Once(ref seen, 16) && s.Read();
                    if (ok && s.TokenType == JsonTokenType.String) m.ContentText = s.GetString();
                    else if (ok && s.TokenType == JsonTokenType.StartArray) ok = ReadBlocks(ref s, line);
                    else ok = ok && s.TokenType == JsonTokenType.Null; // another type: the document path's error
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

        /// <summary><c>usage</c>: an object's four figures (whole numbers that fit a long, or null); any other value is no usage.</summary>
        private static bool ReadUsage(ref JsonScanner s, out UsageFigures? usage)
        {
            usage = null;
            if (!ReadObjectElseSkip(ref s, out var isObject)) return false;
            if (!isObject) return true;
            long? input = null, output = null, read = null, write = null;
            var seen = 0L;
            while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
            {
                if (s.ValueIsEscaped) return false;
                var key = s.ValueSpan;
                bool ok;
                if (key.SequenceEqual("input_tokens"u8)) ok = Once(ref seen, 1) && Whole(ref s, out input);
                else if (key.SequenceEqual("output_tokens"u8)) ok = Once(ref seen, 2) && Whole(ref s, out output);
                else if (key.SequenceEqual("cache_read_input_tokens"u8)) ok = Once(ref seen, 4) && Whole(ref s, out read);
                else if (key.SequenceEqual("cache_creation_input_tokens"u8)) ok = Once(ref seen, 8) && Whole(ref s, out write);
                else
                {
                    s.Skip();
                    ok = true;
                }
                if (!ok) return false;
            }
            usage = new UsageFigures(input, output, read, write);
            return true;
        }

        /// <summary>The content array, from its opening bracket: each object block into <see cref="_blocks"/>.</summary>
        private bool ReadBlocks(ref JsonScanner s, ReadOnlyMemory<byte> line)
        {
            while (s.Read() && s.TokenType != JsonTokenType.EndArray)
            {
                if (!ObjectElseSkipped(ref s)) continue;
                if (ReadBlock(ref s, line) is not { } block) return false;
                _blocks.Add(block);
            }
            return true;
        }

        private Block? ReadBlock(ref JsonScanner s, ReadOnlyMemory<byte> line)
        {
            var b = new Block();
            var seen = 0L;
            // A tool result's content: a string (decoded now when short, else kept as the line's bytes), or the parts of an array.
            string? resultString = null;
            Utf8JsonText? resultRaw = null;
            var resultArray = false;
            while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
            {
                if (s.ValueIsEscaped) return null;
                var key = s.ValueSpan;
                bool ok;
                if (key.SequenceEqual("type"u8))
                {
                    ok = Once(ref seen, 1) && s.Read() && (s.TokenType is JsonTokenType.String or JsonTokenType.Null);
                    if (ok && s.TokenType == JsonTokenType.String) b.Kind = KindOf(ref s);
                }
                else if (key.SequenceEqual("text"u8)) ok = Once(ref seen, 2) && ReadText(ref s, line, out b.ShortText, out b.RawText);
                else if (key.SequenceEqual("thinking"u8)) ok = Once(ref seen, 4) && OptionalString(ref s, out b.Thinking);
                else if (key.SequenceEqual("id"u8)) ok = Once(ref seen, 8) && _callIds.Optional(ref s, line, out b.Id);
                else if (key.SequenceEqual("name"u8)) ok = Once(ref seen, 16) && _names.Optional(ref s, line, out b.Name);
                else if (key.SequenceEqual("tool_use_id"u8)) ok = Once(ref seen, 32) && _callIds.Optional(ref s, line, out b.ToolUseId);
                else if (key.SequenceEqual("is_error"u8)) ok = Once(ref seen, 64) && OptionalBoolean(ref s, out b.IsError);
                else if (key.SequenceEqual("input"u8))
                {
                    ok = Once(ref seen, 128) && s.Read();
                    if (ok && s.TokenType != JsonTokenType.Null)
                    {
                        var start = (int)s.TokenStartIndex;
                        s.Skip();
                        b.Input = line[start..(int)s.BytesConsumed];
                        // The document path gives the input's text as GetRawText does, which refuses bytes that are not UTF-8.
                        ok = textChecked || System.Text.Unicode.Utf8.IsValid(b.Input.Span);
                    }
                }
                else if (key.SequenceEqual("content"u8))
                {
                    ok = Once(ref seen, 256) && s.Read();
                    if (!ok) { }
                    else if (s.TokenType == JsonTokenType.String)
                    {
                        if (s.ValueSpan.Length < RawFromBytes) resultString = s.GetString();
                        else if (!MayKeepBytes(ref s)) ok = false;
                        else resultRaw = Utf8Fields.RawText(ref s, line);
                    }
                    else if (s.TokenType == JsonTokenType.StartArray) ok = resultArray = ReadParts(ref s, line);
                    else s.Skip(); // any other value: no text
                }
                else
                {
                    s.Skip();
                    ok = true;
                }
                if (!ok) return null;
            }
            if (b.Kind == BlockKind.ToolResult)
                b.Result = resultRaw is not null ? new ClaudeCodeResultText(resultRaw)
                    : resultArray ? Joined()
                    : new ClaudeCodeResultText(resultString ?? "");
            return b;
        }

        /// <summary>
        /// A string or null value, as <see cref="ScannedFields.OptionalString"/> reads it, a long string kept as the line's
        /// bytes; as for tool results, one that is not UTF-8 or may hold a lone surrogate is the document path's.
        /// </summary>
        private bool ReadText(ref JsonScanner s, ReadOnlyMemory<byte> line, out string? text, out Utf8JsonText? raw)
        {
            text = null;
            raw = null;
            if (!s.Read()) return false;
            if (s.TokenType == JsonTokenType.Null) return true;
            if (s.TokenType != JsonTokenType.String) return false;
            if (s.ValueSpan.Length < RawFromBytes) text = s.GetString();
            else if (!MayKeepBytes(ref s)) return false;
            else raw = Utf8Fields.RawText(ref s, line);
            return true;
        }

        /// <summary>
        /// Whether the long string the scanner stands on may be kept as the line's bytes: as the slim line, bytes that are
        /// not UTF-8, or a \u escape that may be a lone surrogate, are the document path's, unless the whole record
        /// passed <see cref="RecordText.Check"/>, which refuses both (then a surrogate escape is half of a pair, which
        /// <see cref="Utf8JsonText"/> decodes as the document does).
        /// </summary>
        private bool MayKeepBytes(ref JsonScanner s) =>
            textChecked || (System.Text.Unicode.Utf8.IsValid(s.ValueSpan)
                            && !(s.ValueIsEscaped && (s.ValueSpan.IndexOf("\\ud"u8) >= 0 || s.ValueSpan.IndexOf("\\uD"u8) >= 0)));

        private static BlockKind KindOf(ref JsonScanner s)
        {
            if (s.ValueIsEscaped) return KindOf(s.GetString());
            var v = s.ValueSpan;
            return v.SequenceEqual("text"u8) ? BlockKind.Text : v.SequenceEqual("tool_use"u8) ? BlockKind.ToolUse
                : v.SequenceEqual("tool_result"u8) ? BlockKind.ToolResult : v.SequenceEqual("thinking"u8) ? BlockKind.Thinking
                : v.SequenceEqual("image"u8) ? BlockKind.Image : BlockKind.Other;
        }

        private static BlockKind KindOf(string? type) => type switch
        {
            "text" => BlockKind.Text,
            "tool_use" => BlockKind.ToolUse,
            "tool_result" => BlockKind.ToolResult,
            "thinking" => BlockKind.Thinking,
            "image" => BlockKind.Image,
            _ => BlockKind.Other,
        };

        /// <summary>
        /// A tool result's content array into <see cref="_parts"/>: text blocks' texts and <c>[image]</c>, as
        /// <see cref="ClaudeCodeToolResult.Text(JsonElement, ClaudeCodeSlimLine?)"/> joins them. A text that may be kept as
        /// the line's bytes (<see cref="MayKeepBytes"/>) is kept so, for <see cref="Joined"/>; any other is decoded now.
        /// </summary>
        private bool ReadParts(ref JsonScanner s, ReadOnlyMemory<byte> line)
        {
            _parts.Clear();
            while (s.Read() && s.TokenType != JsonTokenType.EndArray)
            {
                if (!ObjectElseSkipped(ref s)) continue;
                var seen = 0L;
                var kind = BlockKind.Other;
                var typed = false;
                ResultPart? text = null;
                while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
                {
                    if (s.ValueIsEscaped) return false;
                    var key = s.ValueSpan;
                    if (key.SequenceEqual("type"u8))
                    {
                        if (!Once(ref seen, 1) || !s.Read()) return false;
                        typed = s.TokenType == JsonTokenType.String;
                        if (typed) kind = KindOf(ref s);
                        else s.Skip();
                    }
                    else if (key.SequenceEqual("text"u8))
                    {
                        if (!Once(ref seen, 2) || !s.Read()) return false;
                        if (s.TokenType == JsonTokenType.String)
                            text = MayKeepBytes(ref s) ? new ResultPart(null, Utf8Fields.RawText(ref s, line)) : new ResultPart(s.GetString(), null);
                        else s.Skip();
                    }
                    else s.Skip();
                }
                if (!typed) continue;
                if (kind == BlockKind.Text && text is { } part) _parts.Add(part);
                else if (kind == BlockKind.Image) _parts.Add(ResultPart.Image);
            }
            return true;
        }

        /// <summary>
        /// The content array's parts joined by line breaks. When every text part is kept as the line's bytes and the whole
        /// is not short, the result is those bytes: a JSON string made of each part's escaped text with <c>\n</c> between
        /// (which decodes to the parts' texts joined by line breaks), so that it is decoded only when read and a writer
        /// can copy it as it copies a result given as one string; a one-part array is that part's own bytes. Otherwise
        /// the texts are joined as strings, as before.
        /// </summary>
        private ClaudeCodeResultText Joined()
        {
            var inner = 2 * Math.Max(0, _parts.Count - 1);
            var bytes = true;
            foreach (var part in _parts)
            {
                if (part.Raw is { } raw) inner += raw.Inner.Length;
                else if (ReferenceEquals(part, ResultPart.Image)) inner += ResultPart.ImageBytes.Length;
                else bytes = false;
            }
            if (!bytes || inner < RawFromBytes)
            {
                var texts = new string[_parts.Count];
                for (var i = 0; i < texts.Length; i++) texts[i] = _parts[i].Text ?? _parts[i].Raw!.Value!;
                return new ClaudeCodeResultText(string.Join("\n", texts));
            }
            if (_parts.Count == 1 && _parts[0].Raw is { } only) return new ClaudeCodeResultText(only);
            var joined = new byte[inner + 2];
            var at = 0;
            joined[at++] = (byte)'"';
            for (var i = 0; i < _parts.Count; i++)
            {
                if (i > 0)
                {
                    joined[at++] = (byte)'\\';
                    joined[at++] = (byte)'n';
                }
                var text = _parts[i].Raw is { } raw ? raw.Inner : ResultPart.ImageBytes;
                text.CopyTo(joined.AsSpan(at));
                at += text.Length;
            }
            joined[at] = (byte)'"';
            // Escaped: the line breaks between the parts are \n escapes, whatever the parts hold.
            return new ClaudeCodeResultText(new Utf8JsonText(joined, escaped: true, textChecked));
        }

        /// <summary><c>toolUseResult</c>: an object's <c>interrupted: true</c> and string <c>agentId</c>; any other value has neither.</summary>
        private static bool ReadToolUseResult(ref JsonScanner s, out bool interrupted, out string? agentId)
        {
            interrupted = false;
            agentId = null;
            if (!ReadObjectElseSkip(ref s, out var isObject)) return false;
            if (!isObject) return true;
            var seen = 0L;
            while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
            {
                if (s.ValueIsEscaped) return false;
                var key = s.ValueSpan;
                if (key.SequenceEqual("interrupted"u8))
                {
                    if (!Once(ref seen, 1) || !s.Read()) return false;
                    interrupted = s.TokenType == JsonTokenType.True;
                    s.Skip();
                }
                else if (key.SequenceEqual("agentId"u8))
                {
                    if (!Once(ref seen, 2) || !s.Read()) return false;
                    if (s.TokenType == JsonTokenType.String) agentId = s.GetString();
                    else s.Skip();
                }
                else s.Skip();
            }
            return true;
        }

        /// <summary>
        /// <c>timestamp</c>: null, or a string that <see cref="Json.Timestamp"/> parses (parsed here from the bytes, no
        /// string made for the common ISO text); a string it does not parse is the document path's error to report.
        /// </summary>
        private static bool ReadTimestamp(ref JsonScanner s, ReadOnlyMemory<byte> line, out DateTimeOffset? time, out ReadOnlyMemory<byte> raw)
        {
            time = null;
            raw = default;
            if (!s.Read()) return false;
            if (s.TokenType == JsonTokenType.Null) return true;
            if (s.TokenType != JsonTokenType.String) return false;
            raw = line.Slice((int)s.TokenStartIndex, s.ValueSpan.Length + 2);
            var bytes = s.ValueSpan;
            DateTimeOffset parsed;
            bool ok;
            if (!s.ValueIsEscaped && IsoUtcTimestamp.TryParse(bytes, out parsed)) ok = true;
            else if (!s.ValueIsEscaped && bytes.Length <= 64 && bytes.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0)
            {
                Span<char> chars = stackalloc char[bytes.Length];
                for (var i = 0; i < bytes.Length; i++) chars[i] = (char)bytes[i];
                ok = Json.TryParseTimestamp(chars, out parsed);
            }
            else ok = Json.TryParseTimestamp(s.GetString(), out parsed);
            time = parsed;
            return ok;
        }

        /// <summary>A string field whose value repeats from line to line: the last string made for the same bytes is reused.</summary>
        /// <param name="read">Whether to read the value token first (false when the caller has).</param>
        private bool Recent(ref JsonScanner s, int slot, out string? value, bool read = true)
        {
            value = null;
            if (read && !s.Read()) return false;
            if (s.TokenType != JsonTokenType.String) return false; // null or another type: the document path
            ref var recent = ref _recent[slot];
            var bytes = s.ValueSpan;
            if (recent.Bytes is not null && !s.ValueIsEscaped && bytes.SequenceEqual(recent.Bytes))
            {
                value = recent.Text;
                return true;
            }
            value = s.GetString();
            if (!s.ValueIsEscaped) recent = (bytes.ToArray(), value);
            return true;
        }

        /// <summary>Reads the value token; true when it is null (the caller then reads nothing more of it).</summary>
        private static bool Null(ref JsonScanner s) => s.Read() && s.TokenType == JsonTokenType.Null;

        /// <summary>A whole number that fits a long, or null; anything else (a decimal, a string) is the document path's.</summary>
        private static bool Whole(ref JsonScanner s, out long? value)
        {
            value = null;
            if (!s.Read()) return false;
            if (s.TokenType == JsonTokenType.Null) return true;
            if (s.TokenType != JsonTokenType.Number || !s.TryGetInt64(out var v)) return false;
            value = v;
            return true;
        }
    }
}
