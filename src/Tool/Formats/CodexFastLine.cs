using System.Globalization;
using System.Text;
using System.Text.Json;
using TraceCurate.Traces;
using static TraceCurate.Formats.ScannedFields;

namespace TraceCurate.Formats;

/// <summary>
/// One Codex rollout line read in one <see cref="JsonScanner"/> pass, without a <see cref="JsonDocument"/>: the common
/// lines of a rollout (<c>session_meta</c>, whose payload alone is parsed into the trace's metadata, <c>turn_context</c>,
/// the <c>response_item</c>s that make messages and calls, the <c>event_msg</c>s the session reads). A <see cref="JsonDocument"/> per line was most of the time of reading a folder of rollouts
/// (renting and shrinking its metadata arrays for every line). The pass is all or nothing: it fills a
/// <see cref="Fields"/> first and hands it to the <see cref="CodexSession"/> only when the whole line was read. Anything
/// it does not map exactly as <see cref="CodexSession.Add"/> does (another line type, a field of an unexpected type, a
/// repeated or escaped key, a syntax error) answers false, and the caller reads the line through the DOM path, so both
/// give the same trace, the same counts and the same errors.
/// </summary>
internal static class CodexFastLine
{
    /// <summary>What one line holds, as far as the session reads it; reused line after line.</summary>
    internal sealed class Fields
    {
        public string? Timestamp, Type, PayloadType, Role, CallId, Name, Input, Reason, Cwd, Model, Output, Version;

        /// <summary>Where the payload object lies in the line (a <c>session_meta</c>'s is kept whole as the trace's metadata).</summary>
        public int PayloadStart, PayloadEnd;
        public bool OutputSeen;

        /// <summary>Whether <c>role</c> and <c>content</c> are keys of the payload (an item without a type that has both is a message).</summary>
        public bool RoleSeen, ContentSeen;

        /// <summary>
        /// <c>content</c> or <c>summary</c> was neither an array nor null (a <c>turn_context</c>'s <c>summary</c> is a
        /// setting, "auto"): only the items that read it (messages, reasoning) hand the line to the DOM path for it.
        /// </summary>
        public bool ContentNotArray, SummaryNotArray;

        /// <summary>The timestamp when it had the common ISO shape (<see cref="IsoUtcTimestamp"/>); else <see cref="Timestamp"/> holds the text.</summary>
        public DateTimeOffset? At;

        /// <summary>Positions of <see cref="Type"/> and <see cref="PayloadType"/> in <see cref="LineTypes"/> and <see cref="PayloadTypes"/>, or -1.</summary>
        public int TypeIndex = -1, PayloadTypeIndex = -1;
        public readonly List<string> Content = [], Summary = [];
        public bool HasInfo, HasTotals;
        public long InputTokens, CachedTokens, OutputTokens, ReasoningTokens;

        /// <summary>
        /// A payload's <c>id</c>, <c>timestamp</c> and <c>forked_from_id</c> where they lie (quotes included; empty when
        /// absent or null), decoded only for a <c>session_meta</c> (<see cref="ReadMeta"/>); and whether its <c>source</c>
        /// is an object (a sub-agent's lineage, which the payload's document is parsed for).
        /// </summary>
        public ReadOnlyMemory<byte> MetaId, MetaStarted, MetaForked;
        public bool SourceIsObject;

        /// <summary>The first <c>session_meta</c>'s fields, decoded (<see cref="ReadMeta"/>).</summary>
        public string? MetaIdText, MetaForkedText;
        public DateTimeOffset? MetaStartedAt;

        /// <summary>The <c>arguments</c>: none, a string (kept as UTF-8), or an object or array (its JSON text).</summary>
        public JsonTokenType ArgumentsToken;
        public ReadOnlyMemory<byte> ArgumentsBytes;
        public bool ArgumentsEscaped;

        /// <summary>
        /// The first <c>session_meta</c>'s payload parsed on its own, when its <c>source</c> is an object (a sub-agent's
        /// lineage is read from it); read by <see cref="TryScan"/> only for a line that may be a session's first meta.
        /// </summary>
        public JsonElement? MetaPayload;

        /// <summary>
        /// The identifiers a rollout repeats (each turn_context's <c>cwd</c> and <c>model</c>, a call's <c>call_id</c>
        /// in its output, tool names): one string per value instead of one per line. Cleared per file; the fields of the
        /// lines of one part of a large rollout share one (<see cref="CodexRolloutParts"/>).
        /// </summary>
        public readonly RecentStrings Repeated;

        /// <param name="repeated">The cache of repeated identifiers, shared by the fields of one part's lines (<see cref="CodexRolloutParts"/>).</param>
        public Fields(RecentStrings repeated) => Repeated = repeated;

        private Fields() : this(new RecentStrings(8))
        {
        }

        /// <summary>The record's text was checked (<see cref="RawRecord.TextChecked"/>): strings are decoded without a second UTF-8 check.</summary>
        public bool TextChecked;

        [ThreadStatic] private static Fields? _ofThread;

        /// <summary>
        /// This thread's fields, cleared for a new file: a folder of rollouts is thousands of small files, and fields made
        /// per file (the two lists grown again) were a tenth of what reading a small one allocated.
        /// </summary>
        public static Fields ForFile(bool textChecked)
        {
            var f = _ofThread ??= new Fields();
            f.Clear();
            f.Repeated.Clear();
            f.TextChecked = textChecked;
            return f;
        }

        /// <summary>After a file's last line: the thread's fields keep no slice of its bytes.</summary>
        public void EndFile()
        {
            Clear();
            Repeated.Clear();
        }

        public void Clear()
        {
            Timestamp = Type = PayloadType = Role = CallId = Name = Input = Reason = Cwd = Model = Output = Version = null;
            PayloadStart = PayloadEnd = 0;
            At = null;
            TypeIndex = PayloadTypeIndex = -1;
            OutputSeen = HasInfo = HasTotals = ArgumentsEscaped = RoleSeen = ContentSeen = ContentNotArray = SummaryNotArray = false;
            Content.Clear();
            Summary.Clear();
            InputTokens = CachedTokens = OutputTokens = ReasoningTokens = 0;
            ArgumentsToken = JsonTokenType.None;
            ArgumentsBytes = MetaId = MetaStarted = MetaForked = default;
            SourceIsObject = false;
            MetaIdText = MetaForkedText = null;
            MetaStartedAt = null;
            MetaPayload = null;
        }
    }

    /// <summary>
    /// Lines of one file counted by their known type (<see cref="TypeSlot"/>), given to the read report once after its
    /// last line (<see cref="CountTypes"/>), where a look-up per line in the report's sorted dictionaries was a fifteenth
    /// of the pass.
    /// </summary>
    internal sealed class TypeTally
    {
        public readonly long[] Counts = new long[SlotTypes.Length];

        [ThreadStatic] private static TypeTally? _ofThread;

        /// <summary>This thread's tally, emptied for a new file.</summary>
        public static TypeTally ForFile()
        {
            var t = _ofThread ??= new TypeTally();
            Array.Clear(t.Counts);
            return t;
        }
    }

    /// <summary>
    /// Reads the line into the session and counts it (a known type in <paramref name="tally"/>, which
    /// <see cref="CountTypes"/> gives the report after the last line; any other in the report); false (nothing changed)
    /// when the DOM path must.
    /// </summary>
    public static bool TryRead(ReadOnlyMemory<byte> line, Fields f, TypeTally tally, CodexSession session, ReadReport report, RecordTypes types)
    {
        if (!TryScan(line, f, mayBeFirstMeta: !session.HasMeta)) return false;
        Apply(f, line, session);
        Count(f, tally, report, types);
        return true;
    }

    /// <summary>
    /// The line's fields, when the session can take them as scanned whatever it read before, but for one thing: a
    /// <c>session_meta</c> is the session's first or not. With <paramref name="mayBeFirstMeta"/>, a meta is taken only
    /// when it could be the first (its id, start and fork parent decoded, or its payload parsed for a sub-agent's lineage);
    /// without, only as a later one, whose payload the session ignores. False leaves the line to the DOM path, which maps
    /// every line as the fields would, so a line that either way could take gives the same session by either.
    /// </summary>
    internal static bool TryScan(ReadOnlyMemory<byte> line, Fields f, bool mayBeFirstMeta)
    {
        f.Clear();
        try
        {
            if (!Scan(line, f)) return false;
            // The first session_meta's fields, decoded here where a text that cannot be decoded sends the line to the DOM path.
            if (f.Type == "session_meta" && mayBeFirstMeta && !(f.SourceIsObject ? ParsePayload(f, line) : ReadMeta(f))) return false;
        }
        catch (Exception e) when (e is JsonScanner.Rejected or InvalidOperationException or JsonException)
        {
            return false; // not JSON this pass reads (or text it cannot decode): the DOM path says what is wrong
        }
        if (f.Timestamp is not null)
        {
            if (!Json.TryParseTimestamp(f.Timestamp, out var t))
                return false;
            f.At = t;
        }
        return Readable(f);
    }

    /// <summary>Counts a line read by the pass: a known type in the tally, any other in the report.</summary>
    internal static void Count(Fields f, TypeTally tally, ReadReport report, RecordTypes types)
    {
        if (TypeSlot(f) is var slot and >= 0)
        {
            tally.Counts[slot]++;
            report.CountVersion(f.Version, types);
        }
        else report.Count(ReportType(f), f.Version, types);
    }

    /// <summary>Gives the read report the lines tallied by type: once, after the file's last line.</summary>
    public static void CountTypes(TypeTally tally, ReadReport report, RecordTypes types)
    {
        for (var slot = 0; slot < SlotTypes.Length; slot++)
            if (tally.Counts[slot] > 0) report.Count(SlotTypes[slot], tally.Counts[slot], types);
    }

    /// <summary>The line types and payload types a rollout writes, whose strings are reused instead of made per line.</summary>
    internal static readonly string[] LineTypes = ["session_meta", "turn_context", "response_item", "event_msg", "compacted"];

    internal static readonly string[] PayloadTypes =
    [
        "message", "reasoning", "function_call", "function_call_output", "custom_tool_call", "custom_tool_call_output",
        "local_shell_call", "web_search_call", "ghost_snapshot", "token_count", "task_complete", "turn_aborted",
        "user_message", "agent_message", "agent_reasoning",
    ];

    private static readonly string[] Roles = ["user", "assistant", "system", "developer"];

    private static readonly byte[][] LineTypeBytes = Utf8(LineTypes), PayloadTypeBytes = Utf8(PayloadTypes), RoleBytes = Utf8(Roles);

    private static byte[][] Utf8(string[] texts) => texts.Select(Encoding.UTF8.GetBytes).ToArray();

    /// <summary>
    /// The read report's name (<see cref="RecordTypes.TypeOf"/>'s) of each slot of <see cref="Fields.TypeCounts"/>: per
    /// line type, "type/payload.type" for each known payload type, then the line type alone (a payload without a type).
    /// </summary>
    private static readonly string[] SlotTypes =
        LineTypes.SelectMany(t => PayloadTypes.Select(p => t + "/" + p).Append(t)).ToArray();

    /// <summary>The line's slot in <see cref="SlotTypes"/>, or -1 when a type is not a known one (or was escaped).</summary>
    private static int TypeSlot(Fields f)
    {
        if (f.TypeIndex < 0) return -1;
        var row = f.TypeIndex * (PayloadTypes.Length + 1);
        if (f.PayloadType is null) return row + PayloadTypes.Length;
        return f.PayloadTypeIndex >= 0 ? row + f.PayloadTypeIndex : -1;
    }

    /// <summary>The line's type as the read report counts it (<see cref="RecordTypes.TypeOf"/>'s "type/payload.type").</summary>
    private static string ReportType(Fields f) => f.PayloadType is null ? f.Type! : f.Type + "/" + f.PayloadType;

    /// <summary>
    /// A string or null value, as <see cref="ScannedFields.OptionalString"/>; when its unescaped bytes are one of
    /// <paramref name="known"/>, that string (and its position) instead of a new one.
    /// </summary>
    private static bool KnownString(ref JsonScanner s, string[] known, byte[][] bytes, out string? value, out int index)
    {
        index = -1;
        value = null;
        if (!s.Read()) return false;
        if (s.TokenType == JsonTokenType.Null) return true;
        if (s.TokenType != JsonTokenType.String) return false;
        if (!s.ValueIsEscaped)
        {
            var span = s.ValueSpan;
            for (var i = 0; i < bytes.Length; i++)
            {
                if (!span.SequenceEqual(bytes[i])) continue;
                index = i;
                value = known[i];
                return true;
            }
        }
        value = s.GetString();
        return true;
    }

    /// <summary>The line's <c>timestamp</c>: null, the common ISO shape parsed from its bytes, or the text for the general parser.</summary>
    private static bool Timestamp(ref JsonScanner s, Fields f)
    {
        if (!s.Read()) return false;
        if (s.TokenType == JsonTokenType.Null) return true;
        if (s.TokenType != JsonTokenType.String) return false;
        if (!s.ValueIsEscaped && IsoUtcTimestamp.TryParse(s.ValueSpan, out var at)) f.At = at;
        else f.Timestamp = s.GetString();
        return true;
    }

    /// <summary>
    /// Whether the session can take the line as scanned (<see cref="Apply"/>): the line types and items it maps, with
    /// the fields their document path requires. Depends on the line alone, so a large rollout's lines can be judged on
    /// several threads before they are applied in order.
    /// </summary>
    private static bool Readable(Fields f)
    {
        switch (f.Type)
        {
            case "session_meta" or "turn_context" or "event_msg":
                return true;
            case "response_item":
                // CodexItems.TypeOf: an item without a type that has a role and content is a message.
                return ItemType(f) switch
                {
                    "message" => !f.ContentNotArray, // else the DOM path's error
                    "reasoning" => !f.SummaryNotArray && !f.ContentNotArray,
                    "function_call" or "custom_tool_call" => f.CallId is not null && f.Name is not null, // "missing field": the DOM path's error
                    "function_call_output" or "custom_tool_call_output" => f.CallId is not null,
                    "ghost_snapshot" => true,
                    _ => false, // local_shell_call, web_search_call, an item with neither a type nor a role and content: the DOM path
                };
            default:
                return false; // compacted, and anything rarer: the DOM path
        }
    }

    private static string? ItemType(Fields f) => f.PayloadType ?? (f.RoleSeen && f.ContentSeen ? "message" : null);

    /// <summary>Maps a line <see cref="TryScan"/> took into the session, which counts it as a rollout line.</summary>
    internal static void Apply(Fields f, ReadOnlyMemory<byte> line, CodexSession session)
    {
        var at = f.At;
        session.Time(at);
        session.Recognize();
        switch (f.Type)
        {
            case "session_meta":
                // Once per file, and its payload is the trace's metadata: kept as its bytes, parsed when read, with the
                // fields the trace takes from it read by the pass. A sub-agent's (source an object) was parsed alone.
                if (session.HasMeta) session.SessionMeta((JsonElement?)null, f.Cwd);
                else if (f.SourceIsObject) session.SessionMeta(f.MetaPayload, f.Cwd);
                else
                {
                    var payload = Deferred<JsonElement?>.Lazy(new LazyJson.Element(line[f.PayloadStart..f.PayloadEnd]));
                    session.SessionMeta(new CodexScannedMeta(payload, f.MetaIdText, f.MetaStartedAt, f.MetaForkedText), f.Cwd);
                }
                return;
            case "turn_context":
                session.TurnContext(f.Cwd, f.Model);
                return;
            case "event_msg":
                switch (f.PayloadType)
                {
                    case "token_count":
                        if (f.HasInfo && f.HasTotals) session.TokenCount((f.InputTokens, f.CachedTokens, f.OutputTokens, f.ReasoningTokens));
                        return;
                    case "task_complete":
                        session.TaskComplete();
                        return;
                    case "turn_aborted":
                        session.TurnAborted(f.Reason);
                        return;
                    default:
                        return; // the event_msg copies of messages, and events the session does not read
                }
            default:
                Item(f, session, at);
                return;
        }
    }

    private static void Item(Fields f, CodexSession session, DateTimeOffset? at)
    {
        switch (ItemType(f))
        {
            case "message":
                session.Message(f.Role, Join(f.Content), at);
                return;
            case "reasoning":
                session.Reasoning(Join(f.Summary) ?? Join(f.Content), at);
                return;
            case "function_call":
                session.Call(at, f.CallId!, f.Name!, Arguments(f, out var input), input);
                return;
            case "custom_tool_call":
                session.CustomCall(at, f.CallId!, f.Name!, f.Input);
                return;
            case "function_call_output" or "custom_tool_call_output":
                session.Output(f.CallId!, CodexOutput.FromText(f.OutputSeen ? f.Output : null), at);
                return;
            case "ghost_snapshot":
                return; // an undo point: nothing of the conversation (docs/formats/codex.md)
            default:
                throw new InvalidOperationException($"a response_item of type '{ItemType(f)}' was not taken by the streaming pass"); // Readable refuses it
        }
    }

    /// <summary>
    /// A sub-agent's first <c>session_meta</c> payload parsed on its own (its lineage is read from the document);
    /// false where the document path must say why not.
    /// </summary>
    private static bool ParsePayload(Fields f, ReadOnlyMemory<byte> line)
    {
        if (!TryParseValue(line[f.PayloadStart..f.PayloadEnd], out var element)) return false;
        f.MetaPayload = element;
        return true;
    }

    /// <summary>One JSON value as an element of its own (no document to dispose); false where the document path must say why not.</summary>
    private static bool TryParseValue(ReadOnlyMemory<byte> json, out JsonElement value)
    {
        value = default;
        try
        {
            var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = ReadLimits.MaxDepth });
            value = JsonElement.ParseValue(ref reader);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>As <see cref="CodexItems.Arguments"/>: a JSON string is parsed (on first read) and kept as the input.</summary>
    private static Deferred<JsonElement?> Arguments(Fields f, out Deferred<string?> input)
    {
        switch (f.ArgumentsToken)
        {
            case JsonTokenType.String:
                var text = new Utf8JsonText(f.ArgumentsBytes, f.ArgumentsEscaped);
                input = Deferred<string?>.Lazy(text);
                return Deferred<JsonElement?>.Lazy(new LazyJson.ParsedString(text));
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                input = Deferred<string?>.Of(Encoding.UTF8.GetString(f.ArgumentsBytes.Span));
                return Deferred<JsonElement?>.Lazy(new LazyJson.Element(f.ArgumentsBytes));
            default:
                input = default;
                return default;
        }
    }

    /// <summary>As <see cref="CodexItems.ContentText"/>: the non-empty texts, separated by a blank line.</summary>
    private static string? Join(List<string> texts)
    {
        string? first = null;
        var count = 0;
        foreach (var text in texts)
        {
            if (text.Length == 0) continue;
            first ??= text;
            count++;
        }
        // Nearly every item has one part: its text is the whole text, with no builder and no copy.
        return count <= 1 ? first : string.Join("\n\n", texts.Where(t => t.Length > 0));
    }

    private static bool Scan(ReadOnlyMemory<byte> line, Fields f)
    {
        var s = new JsonScanner(line.Span) { TextChecked = f.TextChecked };
        if (!s.Read() || s.TokenType != JsonTokenType.StartObject) return false;
        var seen = 0L;
        while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
        {
            if (s.ValueIsEscaped) return false;
            var key = s.ValueSpan;
            if (key.SequenceEqual("timestamp"u8))
            {
                if (!Once(ref seen, 1) || !Timestamp(ref s, f)) return false;
            }
            else if (key.SequenceEqual("type"u8))
            {
                if (!Once(ref seen, 2) || !KnownString(ref s, LineTypes, LineTypeBytes, out f.Type, out f.TypeIndex) || f.Type is null) return false;
            }
            else if (key.SequenceEqual("payload"u8))
            {
                // Read where it stands, in the line's one pass (it was skipped, then scanned again).
                if (!Once(ref seen, 4) || !s.Read() || s.TokenType != JsonTokenType.StartObject) return false;
                f.PayloadStart = (int)s.TokenStartIndex;
                if (!Payload(ref s, line, f)) return false;
                f.PayloadEnd = (int)s.BytesConsumed;
            }
            else if (key.SequenceEqual("record_type"u8) || key.SequenceEqual("id"u8)) return false; // pre-envelope lines
            else s.Skip();
        }
        if (s.Read()) return false; // the scanner throws on a second value; nothing may follow the object
        return f.Type is not null && (seen & 4) != 0;
    }

    /// <summary>The payload's fields, from its opening brace (the current token) to its closing one.</summary>
    private static bool Payload(ref JsonScanner s, ReadOnlyMemory<byte> line, Fields f)
    {
        var seen = 0L;
        while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
        {
            if (s.ValueIsEscaped) return false;
            var key = s.ValueSpan;
            var ok = key switch
            {
                _ when key.SequenceEqual("type"u8) => Once(ref seen, 1) && KnownString(ref s, PayloadTypes, PayloadTypeBytes, out f.PayloadType, out f.PayloadTypeIndex),
                _ when key.SequenceEqual("role"u8) => Once(ref seen, 2) && (f.RoleSeen = true) && KnownString(ref s, Roles, RoleBytes, out f.Role, out _),
                _ when key.SequenceEqual("content"u8) => Once(ref seen, 4) && (f.ContentSeen = true) && Texts(ref s, f.Content, out f.ContentNotArray),
                _ when key.SequenceEqual("summary"u8) => Once(ref seen, 8) && Texts(ref s, f.Summary, out f.SummaryNotArray),
                _ when key.SequenceEqual("call_id"u8) => Once(ref seen, 16) && f.Repeated.Optional(ref s, line, out f.CallId),
                _ when key.SequenceEqual("name"u8) => Once(ref seen, 32) && f.Repeated.Optional(ref s, line, out f.Name),
                _ when key.SequenceEqual("input"u8) => Once(ref seen, 64) && OptionalString(ref s, out f.Input),
                _ when key.SequenceEqual("reason"u8) => Once(ref seen, 128) && OptionalString(ref s, out f.Reason),
                _ when key.SequenceEqual("cwd"u8) => Once(ref seen, 256) && f.Repeated.Optional(ref s, line, out f.Cwd),
                _ when key.SequenceEqual("model"u8) => Once(ref seen, 512) && f.Repeated.Optional(ref s, line, out f.Model),
                _ when key.SequenceEqual("output"u8) => Once(ref seen, 1024) && (f.OutputSeen = true) && OptionalString(ref s, out f.Output),
                _ when key.SequenceEqual("arguments"u8) => Once(ref seen, 2048) && Arguments(ref s, line, f),
                _ when key.SequenceEqual("info"u8) => Once(ref seen, 4096) && Info(ref s, f),
                // The version the read report counts (VersionFields: payload.cli_version); a number is the DOM path's to read.
                _ when key.SequenceEqual("cli_version"u8) => Once(ref seen, 8192) && OptionalString(ref s, out f.Version),
                // A session_meta's: kept where they lie, not decoded for the lines of other types.
                _ when key.SequenceEqual("id"u8) => Once(ref seen, 16384) && StringWhereItLies(ref s, line, out f.MetaId),
                _ when key.SequenceEqual("timestamp"u8) => Once(ref seen, 32768) && StringWhereItLies(ref s, line, out f.MetaStarted),
                _ when key.SequenceEqual("forked_from_id"u8) => Once(ref seen, 65536) && StringWhereItLies(ref s, line, out f.MetaForked),
                _ when key.SequenceEqual("source"u8) => Once(ref seen, 131072) && Source(ref s, f),
                _ => Skip(ref s),
            };
            if (!ok) return false;
        }
        return s.TokenType == JsonTokenType.EndObject;
    }

    /// <summary>A string or null value, as <see cref="ScannedFields.OptionalString"/> takes it, kept as its bytes (quotes included).</summary>
    private static bool StringWhereItLies(ref JsonScanner s, ReadOnlyMemory<byte> line, out ReadOnlyMemory<byte> quoted)
    {
        quoted = default;
        if (!s.Read()) return false;
        if (s.TokenType == JsonTokenType.Null) return true;
        if (s.TokenType != JsonTokenType.String) return false; // the document path says what is wrong, if anything
        quoted = line.Slice((int)s.TokenStartIndex, s.ValueSpan.Length + 2);
        return true;
    }

    private static bool Source(ref JsonScanner s, Fields f)
    {
        if (!s.Read()) return false;
        f.SourceIsObject = s.TokenType == JsonTokenType.StartObject;
        s.Skip();
        return true;
    }

    /// <summary>
    /// A first <c>session_meta</c>'s id, fork parent and start, as <see cref="CodexSession.Build"/> reads them from its
    /// payload (<see cref="Json.String"/>, <see cref="Json.Timestamp"/>); false for a start that is not a timestamp,
    /// which the document path refuses.
    /// </summary>
    private static bool ReadMeta(Fields f)
    {
        f.MetaIdText = Decode(f.MetaId, f.TextChecked);
        f.MetaForkedText = Decode(f.MetaForked, f.TextChecked);
        if (f.MetaStarted.IsEmpty) return true;
        var s = new JsonScanner(f.MetaStarted.Span) { TextChecked = f.TextChecked };
        s.Read();
        if (!s.ValueIsEscaped && IsoUtcTimestamp.TryParse(s.ValueSpan, out var at))
        {
            f.MetaStartedAt = at;
            return true;
        }
        if (!Json.TryParseTimestamp(s.GetString(), out at))
            return false;
        f.MetaStartedAt = at;
        return true;
    }

    private static string? Decode(ReadOnlyMemory<byte> quoted, bool textChecked)
    {
        if (quoted.IsEmpty) return null;
        var s = new JsonScanner(quoted.Span) { TextChecked = textChecked };
        s.Read();
        return s.GetString();
    }

    private static bool Skip(ref JsonScanner s)
    {
        s.Skip();
        return true;
    }

    /// <summary>An array of parts: the <c>text</c> of each object part (null when it has none); a null array has none.</summary>
    private static bool Texts(ref JsonScanner s, List<string> texts, out bool notArray)
    {
        notArray = false;
        if (!s.Read()) return false;
        if (s.TokenType == JsonTokenType.Null) return true;
        if (s.TokenType != JsonTokenType.StartArray)
        {
            notArray = true;
            s.Skip();
            return true;
        }
        while (s.Read() && s.TokenType != JsonTokenType.EndArray)
        {
            if (!ObjectElseSkipped(ref s)) continue; // a part that is not an object has no text, as CodexItems reads it
            var seen = 0L;
            while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
            {
                if (s.ValueIsEscaped) return false;
                if (!s.ValueSpan.SequenceEqual("text"u8))
                {
                    s.Skip();
                    continue;
                }
                if (!Once(ref seen, 1) || !OptionalString(ref s, out var text)) return false;
                if (text is not null) texts.Add(text);
            }
        }
        return true;
    }

    private static bool Arguments(ref JsonScanner s, ReadOnlyMemory<byte> line, Fields f)
    {
        if (!s.Read()) return false;
        f.ArgumentsToken = s.TokenType;
        switch (s.TokenType)
        {
            case JsonTokenType.Null:
                return true;
            case JsonTokenType.String:
                f.ArgumentsBytes = line.Slice((int)s.TokenStartIndex, s.ValueSpan.Length + 2); // quotes included
                f.ArgumentsEscaped = s.ValueIsEscaped;
                return true;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                var start = (int)s.TokenStartIndex;
                s.Skip();
                f.ArgumentsBytes = line[start..(int)s.BytesConsumed];
                return true;
            default:
                return false; // a number or boolean: CodexItems.Arguments's error
        }
    }

    /// <summary>A token_count's <c>info.total_token_usage</c> figures; anything but whole numbers goes to the DOM path.</summary>
    private static bool Info(ref JsonScanner s, Fields f)
    {
        if (!ReadObjectElseSkip(ref s, out var isObject)) return false;
        if (!isObject) return true; // info: null (or another non-object) is skipped, as CodexTokens does
        f.HasInfo = true;
        var seen = 0L;
        while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
        {
            if (s.ValueIsEscaped) return false;
            if (!s.ValueSpan.SequenceEqual("total_token_usage"u8))
            {
                s.Skip();
                continue;
            }
            if (!Once(ref seen, 1) || !s.Read()) return false;
            if (!ObjectElseSkipped(ref s)) continue;
            f.HasTotals = true;
            var figures = 0L;
            while (s.Read() && s.TokenType == JsonTokenType.PropertyName)
            {
                if (s.ValueIsEscaped) return false;
                var key = s.ValueSpan;
                var ok = key switch
                {
                    _ when key.SequenceEqual("input_tokens"u8) => Once(ref figures, 1) && Whole(ref s, out f.InputTokens),
                    _ when key.SequenceEqual("cached_input_tokens"u8) => Once(ref figures, 2) && Whole(ref s, out f.CachedTokens),
                    _ when key.SequenceEqual("output_tokens"u8) => Once(ref figures, 4) && Whole(ref s, out f.OutputTokens),
                    _ when key.SequenceEqual("reasoning_output_tokens"u8) => Once(ref figures, 8) && Whole(ref s, out f.ReasoningTokens),
                    _ => Skip(ref s),
                };
                if (!ok) return false;
            }
        }
        return true;
    }

    /// <summary>A whole number that fits a long, or null (0, as CodexTokens counts a missing figure).</summary>
    private static bool Whole(ref JsonScanner s, out long value)
    {
        value = 0;
        if (!s.Read()) return false;
        if (s.TokenType == JsonTokenType.Null) return true;
        return s.TokenType == JsonTokenType.Number && s.TryGetInt64(out value);
    }
}
