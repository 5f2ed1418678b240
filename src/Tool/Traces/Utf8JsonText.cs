using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TraceCurate.Traces;

/// <summary>
/// A JSON string value kept as the UTF-8 bytes of its record (quotes included), for readers that decode large texts
/// only when read. Besides <see cref="Decode"/> (the string a field caches), the text can be lent out in a pooled
/// buffer (<see cref="Lend"/>) for a look that must not leave a string behind: classifying every action's output
/// once made a UTF-16 copy of most of the corpus, kept alive with its trace, and the garbage collector's work on
/// those copies was a large part of a filter run.
/// </summary>
public sealed class Utf8JsonText(ReadOnlyMemory<byte> quoted, bool escaped)
{
    public string Decode() => escaped ? Unescape() : Encoding.UTF8.GetString(quoted.Span[1..^1]);

    /// <summary>The text in a buffer from the shared pool; dispose the lease to give it back.</summary>
    public TextLease Lend()
    {
        var inner = quoted.Span[1..^1];
        var buffer = ArrayPool<char>.Shared.Rent(Math.Max(1, inner.Length)); // never more chars than bytes
        int length;
        if (!escaped) length = Encoding.UTF8.GetChars(inner, buffer);
        else
        {
            var reader = ReaderOnValue();
            length = reader.CopyString(buffer);
        }
        return new TextLease(buffer, length);
    }

    private string Unescape() => ReaderOnValue().GetString()!;

    private Utf8JsonReader ReaderOnValue()
    {
        var reader = new Utf8JsonReader(quoted.Span);
        reader.Read();
        return reader;
    }
}

/// <summary>A text lent from the shared pool (or a plain string's characters); <see cref="Dispose"/> gives the buffer back.</summary>
public readonly ref struct TextLease
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
