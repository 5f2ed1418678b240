using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// The field slots the streaming pass fills while it scans a line (<see cref="Scan"/>), one set per file, cleared before
/// each line: each records a value as scanned, or that it had a type the builder would refuse (the line then goes to
/// the document path).
/// </summary>
internal sealed partial record PiFastLine
{
    /// <summary>A string field as scanned: absent or null (no value), a string, or another type (<see cref="Bad"/>).</summary>
    private struct Str
    {
        public string? Value;
        public bool Bad;

        public bool Read(ref JsonScanner s) => Read(ref s, null);

        /// <param name="recent">For a field whose values repeat across lines: the file's strings to reuse.</param>
        public bool Read(ref JsonScanner s, RecentStrings? recent) => s.Read() && Take(ref s, recent);

        /// <summary>As <see cref="Read(ref JsonScanner, RecentStrings?)"/>, from the value the scanner stands on.</summary>
        public bool Take(ref JsonScanner s, RecentStrings? recent)
        {
            switch (s.TokenType)
            {
                case JsonTokenType.Null: break;
                case JsonTokenType.String: Value = recent is null ? s.GetString() : recent.Get(ref s); break;
                default: Bad = true; s.Skip(); break;
            }
            return true;
        }
    }

    /// <summary>A block's text or thinking: as <see cref="Str"/>, but a long one is kept as the line's bytes, decoded when read.</summary>
    private struct Txt
    {
        public Deferred<string?> Value;
        public bool Bad;

        public bool Read(ref JsonScanner s, ReadOnlyMemory<byte> line)
        {
            if (!s.Read()) return false;
            switch (s.TokenType)
            {
                case JsonTokenType.Null:
                    break;
                case JsonTokenType.String:
                    // A long text is kept as bytes. In a text not checked before (RecordText.Check), one with a \u escape that
                    // may be a surrogate is decoded now, as GetString refuses a lone one (the line then goes to the document
                    // path), and bytes that are not UTF-8 are that path's too.
                    var span = s.ValueSpan;
                    if (span.Length < RawFromBytes || (!s.TextChecked && s.ValueIsEscaped && (span.IndexOf("\\ud"u8) >= 0 || span.IndexOf("\\uD"u8) >= 0)))
                        Value = Deferred<string?>.Of(s.GetString());
                    else if (!s.TextChecked && !System.Text.Unicode.Utf8.IsValid(span)) return false;
                    else Value = Deferred<string?>.Lazy(Utf8Fields.RawText(ref s, line));
                    break;
                default:
                    Bad = true;
                    s.Skip();
                    break;
            }
            return true;
        }

        /// <summary>As <c>Json.String(block, …) ?? ""</c>.</summary>
        public readonly Deferred<string?> OrEmpty => Value.IsNull ? Deferred<string?>.Of("") : Value;
    }

    /// <summary>A boolean field as scanned, as <see cref="Json.Boolean"/> reads it.</summary>
    private struct Bool
    {
        public bool? Value;
        public bool Bad;

        public bool Read(ref JsonScanner s)
        {
            if (!s.Read()) return false;
            switch (s.TokenType)
            {
                case JsonTokenType.Null: break;
                case JsonTokenType.True: Value = true; break;
                case JsonTokenType.False: Value = false; break;
                default: Bad = true; s.Skip(); break;
            }
            return true;
        }
    }

    /// <summary>One object item of a <c>content</c> array: the fields a reader of it may look up.</summary>
    private struct Block
    {
        public Str Type, Id, Name;
        public Txt Text, Thinking;
        public Bool Redacted;
        public ReadOnlyMemory<byte> Arguments;
    }

    /// <summary>A <c>content</c> field: absent, a string, an array (its object items), null, or another type.</summary>
    private sealed class Content
    {
        public JsonTokenType Token = JsonTokenType.None;
        public string? Text;
        private Block[] _blocks = new Block[4];
        private int _count;

        /// <summary>The object items read, in order.</summary>
        public ReadOnlySpan<Block> Blocks => _blocks.AsSpan(0, _count);

        /// <summary>A cleared slot for the next item, kept for the next line.</summary>
        public ref Block Next()
        {
            if (_count == _blocks.Length) Array.Resize(ref _blocks, _count * 2);
            ref var block = ref _blocks[_count++];
            block = default;
            return ref block;
        }

        public void Reset()
        {
            Token = JsonTokenType.None;
            Text = null;
            _count = 0;
        }

        /// <summary>As <see cref="PiContent.Text"/>; false where it would throw.</summary>
        public bool AsText(out Deferred<string?> text)
        {
            text = default;
            if (Token == JsonTokenType.String)
            {
                text = Deferred<string?>.Of(Text);
                return true;
            }
            if (Token != JsonTokenType.StartArray) return true;
            var parts = new Parts();
            foreach (ref readonly var block in Blocks)
            {
                if (block.Type.Bad) return false;
                if (block.Type.Value == "text")
                {
                    if (block.Text.Bad) return false;
                    parts.Add(block.Text.OrEmpty);
                }
                else if (block.Type.Value == "image") parts.Add(Image);
            }
            text = parts.Joined;
            return true;
        }
    }

    /// <summary>The <c>usage</c> object's figures, as <see cref="PiContent.Usage"/> reads them.</summary>
    private struct UsageFields
    {
        public long? Input, Output, CacheRead, CacheWrite;
        public decimal? Cost;
        public bool Bad;
    }

    /// <summary>The <c>message</c> object's fields (<see cref="HasUsage"/>: <c>usage</c> was an object).</summary>
    private sealed class MessageFields
    {
        public Str Role, Provider, Model, StopReason, ToolCallId, Command, Output, Summary;
        public Bool IsError;
        public readonly Content Content = new();
        public UsageFields Usage;
        public bool HasUsage;

        public void Reset()
        {
            Role = Provider = Model = StopReason = ToolCallId = Command = Output = Summary = default;
            IsError = default;
            Content.Reset();
            Usage = default;
            HasUsage = false;
        }
    }

    /// <summary>
    /// <c>timestamp</c>: parsed from its bytes when it has the common shape (<see cref="IsoUtcTimestamp"/>), without a
    /// string; else its text, which <see cref="Scan.Resolve"/> parses as <see cref="Json.Timestamp"/> does.
    /// </summary>
    private struct Stamp
    {
        public DateTimeOffset? Parsed;
        public Str Text;

        public bool Read(ref JsonScanner s)
        {
            if (!s.Read()) return false;
            if (s.TokenType == JsonTokenType.String && !s.ValueIsEscaped && IsoUtcTimestamp.TryParse(s.ValueSpan, out var time))
            {
                Parsed = time;
                return true;
            }
            return Text.Take(ref s, null);
        }
    }

    private static readonly Deferred<string?> Image = Deferred<string?>.Of("[image]");

    /// <summary>
    /// Texts to join by newlines, as the builder joins them; one part (most messages have one) stays as it is, decoded
    /// when read if it is bytes, without a list.
    /// </summary>
    private struct Parts
    {
        private Deferred<string?> _first;
        private List<Deferred<string?>>? _more;
        private bool _any;

        public void Add(Deferred<string?> part)
        {
            if (!_any)
            {
                _first = part;
                _any = true;
            }
            else (_more ??= [_first]).Add(part);
        }

        /// <summary>No part: null; one: itself; more: their texts joined.</summary>
        public readonly Deferred<string?> Joined =>
            !_any ? default : _more is null ? _first : Deferred<string?>.Of(string.Join("\n", _more.Select(p => p.Value)));
    }
}
