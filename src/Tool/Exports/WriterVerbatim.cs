using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using TraceCurate.Traces;

namespace TraceCurate.Exports;

/// <summary>
/// Whether a JSON string's bytes, as a record holds them, are exactly what the outputs' writer
/// (<see cref="TraceJsonWriter.Options"/>) writes for the decoded text, so that a chat writer can copy them instead of
/// decoding the text to UTF-16 and escaping it back (<see cref="ChatCall.WriteOutput"/>). <see cref="Utf8JsonText"/>'s
/// own check answers only for printable ASCII; Claude Code's outputs are mostly not (the Read tool numbers every line
/// with an arrow, U+2192), and decoding and re-escaping them was the largest part of rendering an OpenAI record. Here
/// the writer's encoder itself says which characters it would leave as they are
/// (<see cref="System.Text.Encodings.Web.TextEncoder.WillEncode"/>, asked once per printable ASCII byte and once per
/// non-ASCII character; its own <c>FindFirstCharacterToEncodeUtf8</c> per run between escapes was slower than the
/// decode it saved): every character must be left whole, and the escapes must be the ones the encoder
/// writes itself (<c>\"</c> <c>\\</c> <c>\n</c> <c>\r</c> <c>\t</c>; any other escape, such as <c>\u00e9</c> or
/// <c>\/</c>, is another spelling than the writer's and answers false). Bytes that are not UTF-8 are never left whole.
/// </summary>
internal static class WriterVerbatim
{
    internal static readonly System.Text.Encodings.Web.JavaScriptEncoder Encoder =
        TraceJsonWriter.Options.Encoder ?? throw new InvalidOperationException("the outputs' writer names its encoder");

    /// <summary>The printable ASCII bytes the encoder leaves as they are (backslash excluded: it starts an escape).</summary>
    internal static readonly SearchValues<byte> Plain = PlainBytes();

    private static SearchValues<byte> PlainBytes()
    {
        var plain = new List<byte>(); // a loop, not LINQ over ints, which would be JIT-compiled in every run
        for (var b = 0x20; b < 0x7F; b++)
            if (b != '\\' && !Encoder.WillEncode(b)) plain.Add((byte)b);
        return SearchValues.Create(plain.ToArray());
    }

    /// <summary>
    /// The characters whose escape the encoder writes as a backslash and one letter (<c>\"</c> <c>\\</c> <c>\n</c>
    /// <c>\r</c> <c>\t</c>), by byte, as the encoder spells them; null for every other byte.
    /// </summary>
    internal static readonly byte[]?[] ShortEscapes = ShortEscapesOf("\"\\\n\r\t");

    /// <summary>The letters of <see cref="ShortEscapes"/>: the escapes a record may hold and still be the writer's spelling.</summary>
    internal static readonly SearchValues<byte> EscapeLetters = EscapeLettersOf(ShortEscapes);

    private static SearchValues<byte> EscapeLettersOf(byte[]?[] escapes)
    {
        var letters = new List<byte>();
        foreach (var escape in escapes)
            if (escape is not null) letters.Add(escape[1]);
        return SearchValues.Create(letters.ToArray());
    }

    private static byte[]?[] ShortEscapesOf(string characters)
    {
        var escapes = new byte[]?[0x80];
        foreach (var c in characters)
        {
            var spelled = Encoding.UTF8.GetBytes(Encoder.Encode(c.ToString()));
            if (spelled is [(byte)'\\', _]) escapes[c] = spelled;
        }
        return escapes;
    }

    public static bool Holds(ReadOnlySpan<byte> inner) => Walk(inner, int.MaxValue, out _) >= 0;

    /// <summary>
    /// Walks a string's record bytes as <see cref="Holds"/> checks them, up to the last character boundary at or before
    /// <paramref name="stopAt"/> UTF-16 characters of the decoded text: answers how many characters were walked, with
    /// their bytes in <paramref name="consumed"/>, or -1 when the bytes met on the way are not the writer's spelling.
    /// Each plain byte and each escape is one character, a non-ASCII character one or two (a surrogate pair, which is
    /// never split), so a truncation can be cut from the bytes (<see cref="VerbatimTruncation"/>).
    /// </summary>
    internal static int Walk(ReadOnlySpan<byte> inner, int stopAt, out int consumed)
    {
        var (chars, at) = (0, 0);
        while (true)
        {
            // Plain ASCII in one vectorised step; then an escape, or a non-ASCII character the encoder is asked about.
            var next = inner[at..].IndexOfAnyExcept(Plain);
            var run = next < 0 ? inner.Length - at : next;
            if (run >= stopAt - chars)
            {
                consumed = at + (stopAt - chars);
                return stopAt;
            }
            (chars, at) = (chars + run, at + run);
            consumed = at;
            if (next < 0) return chars;
            int length, units = 1;
            if (inner[at] == (byte)'\\')
            {
                if (at + 1 == inner.Length || !EscapeLetters.Contains(inner[at + 1])) return -1;
                length = 2;
            }
            else if (inner[at] < 0x80) return -1; // a control byte, DEL or a quote: the writer escapes them
            else if (Rune.DecodeFromUtf8(inner[at..], out var rune, out length) != OperationStatus.Done || Encoder.WillEncode(rune.Value)) return -1;
            else units = rune.Utf16SequenceLength;
            if (units > stopAt - chars) return chars;
            (chars, at) = (chars + units, at + length);
        }
    }

    /// <summary>A text as the outputs' writer spells it inside a JSON string (its encoder's escapes).</summary>
    internal static string Spelled(string text) => Encoder.Encode(text);

    [ThreadStatic] private static byte[]? t_escaped;

    [ThreadStatic] private static byte[]? t_utf8;

    /// <summary>
    /// Writes <paramref name="text"/> as the string property <paramref name="property"/>, byte for byte as
    /// <see cref="Utf8JsonWriter.WriteString(string, string?)"/> does, but through <see cref="TryWriteString"/>: the
    /// writer hands everything from a text's first escaped character on (in chat texts, the first line break) to the
    /// encoder, which walks it one character at a time, and message texts and decoded tool outputs were the largest part
    /// of that encoder's work in rendering a chat record. Here the text becomes UTF-8 in one vectorised step and plain
    /// runs are copied whole. A text that is not valid UTF-16 (a lone surrogate), or that holds a character
    /// <see cref="TryWriteString"/> does not know the writer's spelling of, is left to the writer.
    /// </summary>
    public static void WriteString(Utf8JsonWriter w, string property, string? text)
    {
        if (text is null)
        {
            w.WriteString(property, text);
            return;
        }
        var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = ThreadScratch.Of(ref t_utf8, needed, 1 << 12);
        if (Utf8.FromUtf16(text, buffer, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done
            || !TryWriteString(w, property, buffer.AsSpan(0, written)))
            w.WriteString(property, text);
    }

    /// <summary>
    /// Writes the UTF-8 text <paramref name="utf8"/> as the string property <paramref name="property"/>, escaped as the
    /// writer escapes it, and answers true; or writes nothing and answers false when the text holds a character this
    /// does not know the writer's spelling of (a control character other than \n \r \t, or bytes that are not UTF-8).
    /// For OpenAI's <c>arguments</c>, a compact JSON text written as a
    /// string: every quote in it is an escape, and the encoder's general path took about twice as long for them.
    /// </summary>
    public static bool TryWriteString(Utf8JsonWriter w, string property, ReadOnlySpan<byte> utf8)
    {
        // Each byte at most tripled (a short escape doubles one byte; a character the encoder escapes is \uXXXX for
        // two or three bytes, two of them for four), and the quotes.
        var needed = 3 * utf8.Length + 2;
        var buffer = ThreadScratch.Of(ref t_escaped, needed, 1 << 12);
        var o = 0;
        buffer[o++] = (byte)'"';
        while (true)
        {
            var next = utf8.IndexOfAnyExcept(Plain);
            var run = next < 0 ? utf8 : utf8[..next];
            run.CopyTo(buffer.AsSpan(o));
            o += run.Length;
            if (next < 0) break;
            utf8 = utf8[next..];
            if (utf8[0] < 0x80)
            {
                if (ShortEscapes[utf8[0]] is not { } escape) return false;
                escape.CopyTo(buffer.AsSpan(o));
                o += escape.Length;
                utf8 = utf8[1..];
                continue;
            }
            if (Rune.DecodeFromUtf8(utf8, out var rune, out var length) != OperationStatus.Done) return false;
            if (Encoder.WillEncode(rune.Value))
            {
                // The encoder's own escape of the character (one outside the BMP as its surrogate pair's two escapes),
                // as the writer asks the encoder for it: emoji in a text no longer send the whole text down the slow path.
                if (Encoder.EncodeUtf8(utf8[..length], buffer.AsSpan(o), out _, out var spelled) != OperationStatus.Done) return false;
                o += spelled;
            }
            else
            {
                utf8[..length].CopyTo(buffer.AsSpan(o));
                o += length;
            }
            utf8 = utf8[length..];
        }
        buffer[o++] = (byte)'"';
        w.WritePropertyName(property);
        w.WriteRawValue(buffer.AsSpan(0, o), skipInputValidation: true);
        return true;
    }
}
