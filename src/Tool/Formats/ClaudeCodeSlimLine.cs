using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// A Claude Code user line with its bulk left out of the <see cref="JsonDocument"/> the reader builds: most of a
/// session's bytes are on user lines, in <c>toolUseResult</c> (the tool's structured result, of which the reader reads
/// only <c>interrupted</c> and <c>agentId</c>) and in the text of <c>tool_result</c> blocks. One <see cref="JsonScanner"/>
/// pass over the line (vectorised from escape to escape, where the document's reader checks every byte after a
/// string's first backslash one at a time) checks the whole line and finds those values; the document is then built
/// from a copy of the line in which <c>toolUseResult</c> keeps only the two fields read and each long tool-result text
/// is an empty string standing for the original, which <see cref="Text"/> gives back as the line's own UTF-8, decoded
/// only when read. A line the scanner does not accept, or one where leaving anything out could change what is read
/// (a key twice, a text that is not UTF-8, a line without uuid, which passes through whole into the events), is read
/// as it is.
/// </summary>
internal sealed class ClaudeCodeSlimLine
{
    /// <summary>Texts shorter than this stay in the document: the copy and the lazy value would cost more than they save.</summary>
    private const int ElideFromBytes = 256;

    private readonly byte[] _bytes;
    private readonly Dictionary<int, Utf8JsonText> _texts;

    private ClaudeCodeSlimLine(byte[] bytes, Dictionary<int, Utf8JsonText> texts)
    {
        _bytes = bytes;
        _texts = texts;
    }

    /// <summary>The bytes the document is parsed from.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>
    /// The original text a string of the document stands for, when it is one this line left out (the document element
    /// must be of this line's document); null for any other element.
    /// </summary>
    public Utf8JsonText? Text(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.String) return null;
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length != 2) return null; // a stand-in is "", quotes included
        var offset = (long)Unsafe.ByteOffset(ref MemoryMarshal.GetArrayDataReference(_bytes), ref MemoryMarshal.GetReference(raw));
        return offset >= 0 && offset < _bytes.Length && _texts.TryGetValue((int)offset, out var text) ? text : null;
    }

    /// <summary>The slim copy of <paramref name="line"/>, or null to read the line as it is.</summary>
    public static ClaudeCodeSlimLine? Of(ReadOnlyMemory<byte> line)
    {
        // Cheap rejections first: only a large user line is worth the pass.
        var span = line.Span;
        if (span.Length < 2 * ElideFromBytes || span.IndexOf("\"user\""u8) < 0) return null;
        try
        {
            var plan = new Plan(line);
            var reader = new JsonScanner(span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            if (!plan.Line(ref reader)) return null;
            if (reader.Read()) return null; // JsonScanner throws on a second value; nothing may follow
            return plan.IsWorth ? plan.Build() : null;
        }
        catch (JsonScanner.Rejected)
        {
            return null; // the document's reader gives the exact error and position
        }
    }

    /// <summary>What the pass found: the cuts to make (each a range of the line and what stands in it), in line order.</summary>
    private sealed class Plan(ReadOnlyMemory<byte> line)
    {
        private readonly List<(int Start, int End, byte[]? Replacement, Utf8JsonText? Text)> _cuts = [];
        private int _saved;
        private bool _isUser;
        private bool _hasUuid;

        public bool IsWorth => _isUser && _hasUuid && _saved >= ElideFromBytes;

        /// <summary>The top-level object, from its first property on; false when the line must be read as it is.</summary>
        public bool Line(ref JsonScanner reader)
        {
            var seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                var escaped = reader.ValueIsEscaped;
                reader.Read();
                if (escaped) return false; // a key written with escapes may be one of the keys below
                var bit = name.SequenceEqual("type"u8) ? 1 : name.SequenceEqual("uuid"u8) ? 2 : name.SequenceEqual("message"u8) ? 4
                    : name.SequenceEqual("toolUseResult"u8) ? 8 : 0;
                if (bit != 0 && (seen & bit) != 0) return false; // a key twice: which one wins is the document's business
                seen |= bit;
                switch (bit)
                {
                    case 1:
                        _isUser = reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual("user"u8);
                        break;
                    case 2:
                        _hasUuid = reader.TokenType == JsonTokenType.String;
                        break;
                    case 4:
                        if (!Message(ref reader)) return false;
                        break;
                    case 8:
                        if (!ToolUseResult(ref reader)) return false;
                        break;
                    default:
                        reader.Skip();
                        break;
                }
            }
            return true;
        }

        /// <summary><c>message</c>: its <c>content</c> blocks' tool-result texts are left out.</summary>
        private bool Message(ref JsonScanner reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return true;
            }
            var contents = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // An escaped key is left alone: whichever of two "content" keys the document reads, a left-out text is
                // found again by its position, and a text kept is read as it is.
                var isContent = !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual("content"u8);
                reader.Read();
                if (!isContent || reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }
                if (++contents > 1) return false;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }
                    if (!Block(ref reader)) return false;
                }
            }
            return true;
        }

        /// <summary>A content block: a long <c>content</c> string, or the long <c>text</c>s of its <c>content</c> array.</summary>
        private bool Block(ref JsonScanner reader)
        {
            var contents = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isContent = !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual("content"u8);
                reader.Read();
                if (!isContent)
                {
                    reader.Skip();
                    continue;
                }
                if (++contents > 1) return false;
                if (reader.TokenType == JsonTokenType.String)
                {
                    if (!Elide(ref reader)) return false;
                    continue;
                }
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    reader.Skip();
                    continue;
                }
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }
                    var texts = 0;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        var isText = !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual("text"u8);
                        reader.Read();
                        if (!isText || reader.TokenType != JsonTokenType.String) reader.Skip();
                        else if (++texts > 1 || !Elide(ref reader)) return false;
                    }
                }
            }
            return true;
        }

        /// <summary>
        /// <c>toolUseResult</c>: an object keeps its <c>interrupted: true</c> and its string <c>agentId</c>, the only fields
        /// read (a key written twice, or with escapes, keeps the line whole); any other value stays as it is.
        /// </summary>
        private bool ToolUseResult(ref JsonScanner reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return true;
            }
            var span = line.Span;
            var start = (int)reader.TokenStartIndex;
            var kept = new List<byte>(64) { (byte)'{' };
            var seen = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped) return false;
                var bit = reader.ValueSpan.SequenceEqual("interrupted"u8) ? 1 : reader.ValueSpan.SequenceEqual("agentId"u8) ? 2 : 0;
                reader.Read();
                if (bit != 0 && (seen & bit) != 0) return false;
                seen |= bit;
                var keep = (bit == 1 && reader.TokenType == JsonTokenType.True) || (bit == 2 && reader.TokenType == JsonTokenType.String);
                var valueStart = (int)reader.TokenStartIndex;
                reader.Skip();
                if (!keep) continue;
                if (kept.Count > 1) kept.Add((byte)',');
                kept.AddRange(bit == 1 ? "\"interrupted\":"u8 : "\"agentId\":"u8);
                kept.AddRange(span[valueStart..(int)reader.BytesConsumed]);
            }
            kept.Add((byte)'}');
            Cut(start, (int)reader.BytesConsumed, [.. kept], null);
            return true;
        }

        /// <summary>A long string value becomes "" standing for it; false when its bytes are not UTF-8 (read as it is).</summary>
        private bool Elide(ref JsonScanner reader)
        {
            if (reader.ValueSpan.Length < ElideFromBytes) return true;
            // Bytes that are not UTF-8, or a \u escape that may be a lone surrogate, fail when decoded: the document's reader
            // meets them as it always did, when the line is read, not later when a step reads the text.
            if (!System.Text.Unicode.Utf8.IsValid(reader.ValueSpan)
                || (reader.ValueIsEscaped && (reader.ValueSpan.IndexOf("\\ud"u8) >= 0 || reader.ValueSpan.IndexOf("\\uD"u8) >= 0))) return false;
            var start = (int)reader.TokenStartIndex;
            var end = start + reader.ValueSpan.Length + 2;
            Cut(start, end, null, Utf8Fields.RawText(ref reader, line));
            return true;
        }

        private void Cut(int start, int end, byte[]? replacement, Utf8JsonText? text)
        {
            _cuts.Add((start, end, replacement, text));
            _saved += end - start - (replacement?.Length ?? 2);
        }

        public ClaudeCodeSlimLine Build()
        {
            var span = line.Span;
            var bytes = new byte[span.Length - _saved];
            var texts = new Dictionary<int, Utf8JsonText>();
            int from = 0, to = 0;
            foreach (var (start, end, replacement, text) in _cuts)
            {
                span[from..start].CopyTo(bytes.AsSpan(to));
                to += start - from;
                if (text is not null) texts[to] = text;
                var stand = replacement ?? "\"\""u8.ToArray();
                stand.CopyTo(bytes.AsSpan(to));
                to += stand.Length;
                from = end;
            }
            span[from..].CopyTo(bytes.AsSpan(to));
            return new ClaudeCodeSlimLine(bytes, texts);
        }
    }
}
