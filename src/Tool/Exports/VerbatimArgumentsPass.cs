using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace TraceCurate.Exports;

/// <summary>
/// One pass over a call's argument bytes that does what <see cref="VerbatimArguments.TryRead"/> and then
/// <see cref="WriterVerbatim.TryWriteString"/> did in three: it checks that the bytes are compact JSON in the writer's
/// spelling, escapes them into OpenAI's <c>arguments</c> string, and takes the top-level keys and kinds for the tool
/// schemas. Those three walks over the same bytes (a <see cref="Utf8JsonReader"/> pass, a <see cref="WriterVerbatim.Holds"/>
/// walk of every key and string, and the escaping walk) were about a third of rendering an OpenAI record of Claude Code
/// sessions. It also takes arguments holding characters the encoder escapes (emoji: about one call in a hundred), which
/// <see cref="VerbatimArguments.TryRead"/> leaves to the parsed path (a document parsed, written back compact, escaped
/// again): the writer's compact text of them is the record's with the encoder's escape of each such character. It accepts
/// strict JSON with no white space, every key and string as <see cref="WriterVerbatim.Walk"/> checks it apart from those
/// characters, nesting of at most <see cref="MaxDepth"/>, and top-level keys without escapes; anything else answers
/// null and the caller takes the reference path. Both answers are compared on random, hand-picked and corpus arguments
/// (VerbatimArgumentsTests).
/// </summary>
internal static class VerbatimArgumentsPass
{
    /// <summary>Deeper nesting is refused (the reference path decides): well inside the reader's default of 64.</summary>
    private const int MaxDepth = 32;

    /// <summary>Each ASCII byte as <see cref="WriterVerbatim.TryWriteString"/> spells it inside a string; null where it refuses.</summary>
    private static readonly byte[]?[] Spelling = SpellingOf();

    private static byte[]?[] SpellingOf()
    {
        var spelling = new byte[]?[0x80];
        for (var b = 0; b < 0x80; b++)
            spelling[b] = WriterVerbatim.Plain.Contains((byte)b) ? [(byte)b] : WriterVerbatim.ShortEscapes[b];
        return spelling;
    }

    [ThreadStatic] private static byte[]? t_quoted;

    /// <summary>
    /// The arguments with their keys and kinds, and in <paramref name="quoted"/> the JSON string (quotes included) the
    /// writer would write for their compact text, valid until this thread's next call; or null, with nothing written.
    /// </summary>
    public static VerbatimArguments? TryRead(ReadOnlyMemory<byte> raw, out ReadOnlySpan<byte> quoted) =>
        Properties(raw.Span, out quoted) is { } properties ? new VerbatimArguments(raw, properties) : null;

    /// <summary>
    /// As <see cref="TryRead"/>, for bytes nothing may keep (a parsed document's own bytes of the arguments): only the
    /// JSON string, in <paramref name="quoted"/>, valid until this thread's next call; false, with nothing written, where
    /// <see cref="TryRead"/> would answer null.
    /// </summary>
    public static bool TryQuote(ReadOnlySpan<byte> bytes, out ReadOnlySpan<byte> quoted) => Properties(bytes, out quoted) is not null;

    private static List<(string Key, string? Kind)>? Properties(ReadOnlySpan<byte> bytes, out ReadOnlySpan<byte> quoted)
    {
        quoted = default;
        if (bytes.IsEmpty || bytes[0] != (byte)'{') return null;
        // Each byte is copied or becomes a two-byte escape, a character the encoder escapes at most 3.5 bytes a byte
        // (four bytes as \\uXXXX\\uXXXX); and the quotes.
        var pass = new Pass(bytes, ThreadScratch.Of(ref t_quoted, 4 * bytes.Length + 2, 1 << 12));
        var properties = new List<(string Key, string? Kind)>();
        if (!pass.Quote() || !pass.Object(1, properties) || pass.At != bytes.Length || !pass.Quote()) return null;
        quoted = pass.Written;
        return properties;
    }

    private ref struct Pass(ReadOnlySpan<byte> bytes, Span<byte> output)
    {
        private readonly ReadOnlySpan<byte> _in = bytes;
        private readonly Span<byte> _out = output;
        private int _at, _written;

        public readonly int At => _at;

        public readonly ReadOnlySpan<byte> Written => _out[.._written];

        /// <summary>The opening or closing quote of the <c>arguments</c> string.</summary>
        public bool Quote()
        {
            _out[_written++] = (byte)'"';
            return true;
        }

        private readonly byte Next => _at < _in.Length ? _in[_at] : (byte)0;

        /// <summary>Copies one ASCII byte in its spelling inside a string.</summary>
        private bool Take()
        {
            if (Spelling[_in[_at]] is not { } spelled) return false;
            if (spelled.Length == 1) _out[_written++] = spelled[0];
            else { spelled.CopyTo(_out[_written..]); _written += spelled.Length; }
            _at++;
            return true;
        }

        /// <summary>An object at <paramref name="depth"/> (the root's members are at 1); its keys and kinds into <paramref name="properties"/> when given.</summary>
        public bool Object(int depth, List<(string Key, string? Kind)>? properties)
        {
            if (depth > MaxDepth || !Take()) return false; // '{'
            if (Next == (byte)'}') return Take();
            while (true)
            {
                var keyStart = _at + 1;
                if (Next != (byte)'"' || !String(out var escaped)) return false;
                string? key = null;
                if (properties is not null)
                {
                    if (escaped) return false; // the reference path unescapes it
                    key = Encoding.UTF8.GetString(_in[keyStart..(_at - 1)]);
                }
                if (Next != (byte)':' || !Take() || !Value(depth, out var kind, out var whole)) return false;
                properties?.Add((key!, ToolSchemas.KindName(kind, whole)));
                if (Next == (byte)'}') return Take();
                if (Next != (byte)',' || !Take()) return false;
            }
        }

        private bool Array(int depth)
        {
            if (depth > MaxDepth || !Take()) return false; // '['
            if (Next == (byte)']') return Take();
            while (true)
            {
                if (!Value(depth, out _, out _)) return false;
                if (Next == (byte)']') return Take();
                if (Next != (byte)',' || !Take()) return false;
            }
        }

        /// <summary>A value whose container is at <paramref name="depth"/>: its kind, and for a number whether it reads as a whole Int64.</summary>
        private bool Value(int depth, out JsonValueKind kind, out bool whole)
        {
            whole = false;
            switch (Next)
            {
                case (byte)'"': kind = JsonValueKind.String; return String(out _);
                case (byte)'{': kind = JsonValueKind.Object; return Object(depth + 1, null);
                case (byte)'[': kind = JsonValueKind.Array; return Array(depth + 1);
                case (byte)'t': kind = JsonValueKind.True; return Literal("true"u8);
                case (byte)'f': kind = JsonValueKind.False; return Literal("false"u8);
                case (byte)'n': kind = JsonValueKind.Null; return Literal("null"u8);
                case (byte)'-' or >= (byte)'0' and <= (byte)'9': kind = JsonValueKind.Number; return Number(out whole);
                default: kind = JsonValueKind.Undefined; return false;
            }
        }

        private bool Literal(ReadOnlySpan<byte> literal)
        {
            if (!_in[_at..].StartsWith(literal)) return false;
            for (var i = 0; i < literal.Length; i++)
                if (!Take()) return false;
            return true;
        }

        /// <summary>JSON's number grammar; <paramref name="whole"/> as <see cref="Utf8JsonReader.TryGetInt64"/> answers.</summary>
        private bool Number(out bool whole)
        {
            whole = false;
            var start = _at;
            if (Next == (byte)'-') _at++;
            if (Next == (byte)'0') _at++;
            else if (!Digits()) return false;
            if (Next == (byte)'.')
            {
                _at++;
                if (!Digits()) return false;
            }
            if (Next is (byte)'e' or (byte)'E')
            {
                _at++;
                if (Next is (byte)'+' or (byte)'-') _at++;
                if (!Digits()) return false;
            }
            var number = _in[start.._at];
            whole = Utf8Parser.TryParse(number, out long _, out var consumed) && consumed == number.Length;
            _at = start;
            while (_at < start + number.Length)
                if (!Take()) return false;
            return true;
        }

        private bool Digits()
        {
            var from = _at;
            while (Next is >= (byte)'0' and <= (byte)'9') _at++;
            return _at > from;
        }

        /// <summary>
        /// A string from its opening quote, its bytes as <see cref="WriterVerbatim.Walk"/> checks them: plain runs
        /// copied, the short escapes' backslashes escaped, non-ASCII characters the encoder leaves as they are copied.
        /// </summary>
        private bool String(out bool escaped)
        {
            escaped = false;
            Span<byte> escape = stackalloc byte[16]; // once, not per character: stack taken in a loop is kept until the return
            if (!Take()) return false; // '"'
            while (true)
            {
                var rest = _in[_at..];
                var next = rest.IndexOfAnyExcept(WriterVerbatim.Plain);
                if (next < 0) return false; // no closing quote
                rest[..next].CopyTo(_out[_written..]);
                (_at, _written) = (_at + next, _written + next);
                var b = _in[_at];
                if (b == (byte)'"') return Take();
                if (b == (byte)'\\')
                {
                    if (_at + 1 == _in.Length || !WriterVerbatim.EscapeLetters.Contains(_in[_at + 1])) return false;
                    escaped = true;
                    if (!Take() || !Take()) return false;
                    continue;
                }
                if (b < 0x80) return false; // a control byte or DEL: the writer escapes them
                if (Rune.DecodeFromUtf8(rest[next..], out var rune, out var length) != OperationStatus.Done) return false;
                if (WriterVerbatim.Encoder.WillEncode(rune.Value))
                {
                    // A character the encoder escapes (an emoji, a line separator): the compact text the writer makes
                    // of the parsed arguments holds the encoder's escape of it, whose backslashes the string escapes.
                    if (WriterVerbatim.Encoder.EncodeUtf8(rest.Slice(next, length), escape, out _, out var spelled) != OperationStatus.Done) return false;
                    foreach (var e in escape[..spelled])
                    {
                        if (e >= 0x80 || Spelling[e] is not { } letters) return false;
                        letters.CopyTo(_out[_written..]);
                        _written += letters.Length;
                    }
                    _at += length;
                    continue;
                }
                rest.Slice(next, length).CopyTo(_out[_written..]);
                (_at, _written) = (_at + length, _written + length);
            }
        }
    }
}
