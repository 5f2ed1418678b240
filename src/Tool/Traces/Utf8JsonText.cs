using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TraceCurate.Traces;

/// <summary>
/// A JSON string value kept as the UTF-8 bytes of its record (quotes included), for readers that decode large texts
/// only when read. As a lazy field it decodes itself once (<see cref="LazyValue{T}.Value"/>): one string for every
/// field that holds it, such as a tool output that is both an action's and a tool message's. Besides, the text can be
/// lent out in a pooled buffer (<see cref="Lend"/>) for a look that must not leave a string behind: classifying every
/// action's output once made a UTF-16 copy of most of the corpus, kept alive with its trace, and the garbage
/// collector's work on those copies was a large part of a filter run.
/// </summary>
/// <param name="textChecked">The record passed <c>RecordText.Check</c>: decoding need not check the UTF-8 again.</param>
internal sealed class Utf8JsonText(ReadOnlyMemory<byte> quoted, bool escaped, bool textChecked = false) : LazyValue<string?>
{
    /// <summary>As a lazy field, the text decodes itself on first read.</summary>
    protected override string? Compute() => Decode();

    /// <summary>The string's bytes between its quotes, as the record holds them.</summary>
    internal ReadOnlySpan<byte> Inner => quoted.Span[1..^1];

    /// <summary>Whether the bytes hold any backslash escape.</summary>
    internal bool Escaped => escaped;

    /// <summary>The string's bytes with their quotes: a JSON string value as the record holds it.</summary>
    internal ReadOnlySpan<byte> Quoted => quoted.Span;

    /// <summary>
    /// Whether the record's bytes are exactly what <see cref="TraceJsonWriter.Options"/>' writer makes of the decoded
    /// text, so that an output can copy them instead of decoding and escaping again: printable ASCII, and no escapes
    /// other than the ones that writer uses itself (<c>\"</c> <c>\\</c> <c>\n</c> <c>\r</c> <c>\t</c>). A \u escape,
    /// <c>\/</c>, DEL or any non-ASCII byte (which the writer may escape, or may not) answers false; the caller then
    /// takes the decode-and-write path, which is always right. The byte count bounds the decoded length from above,
    /// which is what a caller needs to know that no truncation applies.
    /// </summary>
    internal bool IsWriterVerbatim()
    {
        var inner = Inner;
        if (inner.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0) return false;
        if (!escaped) return true;
        while (true)
        {
            var slash = inner.IndexOf((byte)'\\');
            if (slash < 0) return true;
            if (inner[slash + 1] is not ((byte)'"' or (byte)'\\' or (byte)'n' or (byte)'r' or (byte)'t')) return false;
            inner = inner[(slash + 2)..];
        }
    }

    /// <summary>
    /// The text as a string. Escaped texts are decoded like <see cref="Lend"/> does (runs between backslashes in one
    /// vectorised step each): the reader's <c>GetString</c> checked every byte after the first backslash one at a time,
    /// and was most of the cost of writing chat formats, which read every output and every reasoning text. Bytes that
    /// are not UTF-8, and \u escapes of lone surrogates, still take the reader's path and fail there as before.
    /// </summary>
    public string Decode()
    {
        if (!escaped) return Encoding.UTF8.GetString(Inner);
        return TryUnescape(Inner, out var text, textChecked) ? text : Unescape();
    }

    /// <summary>
    /// An escaped JSON string's bytes (without quotes) as the string <see cref="Utf8JsonReader.GetString"/> gives, or
    /// false when only the reader can say what it makes of them: bytes that are not UTF-8, a \u escape of a lone
    /// surrogate. For <see cref="Decode"/> and the scanner's own <c>GetString</c> alike.
    /// </summary>
    /// <param name="textChecked">The bytes are known to be UTF-8 (their record passed <c>RecordText.Check</c>): not checked again.</param>
    internal static bool TryUnescape(ReadOnlySpan<byte> inner, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? text, bool textChecked = false)
    {
        text = null;
        if (!textChecked && !System.Text.Unicode.Utf8.IsValid(inner)) return false;
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, inner.Length)); // never more chars than bytes
        try
        {
            var length = Unescape(inner, buffer);
            if (length < 0) return false;
            text = new string(buffer, 0, length);
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The text in a buffer from the shared pool; dispose the lease to give it back.</summary>
    public TextLease Lend()
    {
        var inner = Inner;
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, inner.Length)); // never more chars than bytes
        int length;
        if (!escaped) length = Encoding.UTF8.GetChars(inner, buffer);
        else if ((length = Unescape(inner, buffer)) < 0)
        {
            var reader = ReaderOnValue();
            length = reader.CopyString(buffer);
        }
        return new TextLease(buffer, length);
    }

    /// <summary>
    /// Decodes an escaped string's bytes (already validated when the record was read) into <paramref name="output"/>:
    /// runs between backslashes in one vectorised UTF-8 decode each, escapes one by one. A second Utf8JsonReader pass
    /// validated every byte after the first backslash again, one at a time, and was most of the cost of classifying
    /// an output with line breaks. Returns -1 for a \u escape of a lone surrogate, which the reader's path handles
    /// (and refuses) as every other decode of the field does.
    /// </summary>
    internal static int Unescape(ReadOnlySpan<byte> inner, Span<char> output)
    {
        var written = 0;
        while (true)
        {
            // No byte of a multi-byte UTF-8 sequence is a backslash, so runs split there decode on their own.
            var slash = inner.IndexOf((byte)'\\');
            written += Encoding.UTF8.GetChars(slash < 0 ? inner : inner[..slash], output[written..]);
            if (slash < 0) return written;
            var consumed = 2;
            switch (inner[slash + 1])
            {
                case (byte)'n': output[written++] = '\n'; break;
                case (byte)'t': output[written++] = '\t'; break;
                case (byte)'r': output[written++] = '\r'; break;
                case (byte)'b': output[written++] = '\b'; break;
                case (byte)'f': output[written++] = '\f'; break;
                case (byte)'u':
                    var unit = Hex(inner.Slice(slash + 2, 4));
                    consumed = 6;
                    if (char.IsHighSurrogate(unit))
                    {
                        var rest = inner[(slash + 6)..];
                        if (rest.Length < 6 || rest[0] != '\\' || rest[1] != 'u' || !char.IsLowSurrogate(Hex(rest.Slice(2, 4)))) return -1;
                        output[written++] = unit;
                        unit = Hex(rest.Slice(2, 4));
                        consumed = 12;
                    }
                    else if (char.IsLowSurrogate(unit)) return -1;
                    output[written++] = unit;
                    break;
                default: output[written++] = (char)inner[slash + 1]; break; // \" \\ \/
            }
            inner = inner[(slash + consumed)..];
        }
    }

    private static char Hex(ReadOnlySpan<byte> four) =>
        (char)int.Parse(four, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture);

    private string Unescape() => ReaderOnValue().GetString()!;

    private Utf8JsonReader ReaderOnValue()
    {
        var reader = new Utf8JsonReader(quoted.Span);
        reader.Read();
        return reader;
    }
}

/// <summary>A text lent from the shared pool (or a plain string's characters); <see cref="Dispose"/> gives the buffer back.</summary>
internal readonly ref struct TextLease
{
    private readonly char[]? _pooled;
    private readonly ReadOnlySpan<char> _text;

    public TextLease(char[] pooled, int length)
    {
        _pooled = pooled;
        _text = pooled.AsSpan(0, length);
    }

    public TextLease(ReadOnlySpan<char> text) => _text = text;

    public ReadOnlySpan<char> Span => _text;

    public void Dispose()
    {
        if (_pooled is not null) ArrayPool<char>.Shared.Return(_pooled);
    }
}
