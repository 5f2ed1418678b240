using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// The last few strings a <see cref="JsonScanner"/> pass decoded for one kind of field, each with the line bytes it was
/// decoded from, so that a value that repeats soon after (a line's <c>parentUuid</c> is the uuid of the line before;
/// a response's id and request id repeat on each of its streamed lines; a tool result names a call made a few lines
/// earlier) is the same string instead of a new one decoded again. Only unescaped values are remembered: the same bytes
/// then always decode to the same text. One instance per file being read (not shared between threads).
/// </summary>
internal sealed class RecentStrings(int size)
{
    private readonly ReadOnlyMemory<byte>[] _bytes = new ReadOnlyMemory<byte>[size];
    private readonly string?[] _texts = new string?[size];
    private int _next;

    /// <summary>
    /// The string value the scanner stands on, as <see cref="JsonScanner.GetString"/> gives it; <paramref name="line"/>
    /// is the memory the scanner reads (the remembered bytes are slices of it, not copies).
    /// </summary>
    public string Get(ref JsonScanner s, ReadOnlyMemory<byte> line)
    {
        if (s.ValueIsEscaped) return s.GetString()!;
        var value = s.ValueSpan;
        for (var i = 0; i < _texts.Length; i++)
            if (_texts[i] is { } text && _bytes[i].Span.SequenceEqual(value)) return text;
        var decoded = s.GetString()!; // throws on text that is not UTF-8, as without the cache
        _bytes[_next] = line.Slice((int)s.TokenStartIndex + 1, value.Length);
        _texts[_next] = decoded;
        _next = (_next + 1) % _texts.Length;
        return decoded;
    }

    /// <summary>A string or null value, as <see cref="ScannedFields.OptionalString"/> reads it; false for any other type.</summary>
    public bool Optional(ref JsonScanner s, ReadOnlyMemory<byte> line, out string? value)
    {
        value = null;
        if (!s.Read()) return false;
        if (s.TokenType == JsonTokenType.Null) return true;
        if (s.TokenType != JsonTokenType.String) return false;
        value = Get(ref s, line);
        return true;
    }

    /// <summary>Forgets every value: a reader that keeps one instance per thread calls it before each file, whose bytes the slices were of.</summary>
    public void Clear()
    {
        Array.Clear(_bytes);
        Array.Clear(_texts);
        _next = 0;
    }
}
