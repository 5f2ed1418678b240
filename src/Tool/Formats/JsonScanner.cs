using System.Buffers;
using System.Buffers.Text;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// A forward-only JSON tokenizer over one record, with the part of <see cref="Utf8JsonReader"/>'s surface the streaming
/// AgentTrace reader uses. It accepts exactly what <see cref="Utf8JsonReader"/> accepts with the same options (strings
/// without raw control characters and with valid escapes, the number grammar, literals, nesting up to
/// <see cref="ReadLimits.MaxDepth"/>, one top-level value), but scans a string in vectorised steps from escape to
/// escape: <see cref="Utf8JsonReader"/> checks every byte after a string's first backslash one at a time, which made
/// multi-line tool outputs (a <c>\n</c> on every line) the slowest part of reading a trace. Anything it does not accept
/// throws <see cref="Rejected"/>; the caller then runs <see cref="Utf8JsonReader"/> over the record for the exact error
/// and position a bad record reports (<see cref="AgentTraceRow"/>), so errors read the same whichever scanner met them.
/// </summary>
internal ref struct JsonScanner
{
    /// <summary>The record is not JSON this scanner accepts; ask <see cref="Utf8JsonReader"/> why.</summary>
    public sealed class Rejected : Exception;

    // Quote, backslash and the control characters 0x00-0x1F, which JSON forbids raw in a string.
    private static readonly SearchValues<byte> StringSpecials = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000A\u000B\u000C\u000D\u000E\u000F\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001A\u001B\u001C\u001D\u001E\u001F"u8);

    [InlineArray(ReadLimits.MaxDepth + 1)]
    private struct Containers
    {
        private bool _isObject;
    }

    private readonly ReadOnlySpan<byte> _data;
    private int _pos;
    private int _depth;
    private Containers _objects;
    private bool _done; // the top-level value is complete

    public JsonScanner(ReadOnlySpan<byte> data) => _data = data;

    public JsonTokenType TokenType { get; private set; }

    /// <summary>The token's bytes: a string's or property name's without quotes (escapes as written), a number's or literal's.</summary>
    public ReadOnlySpan<byte> ValueSpan { get; private set; }

    public bool ValueIsEscaped { get; private set; }

    public long TokenStartIndex { get; private set; }

    public long BytesConsumed => _pos;

    /// <summary>
    /// The caller ran <see cref="RecordText.Check"/> over the whole input (<see cref="RawRecord.TextChecked"/>):
    /// <see cref="GetString"/> then decodes without checking the UTF-8 again (the same strings, one pass fewer).
    /// </summary>
    public bool TextChecked { get; init; }

    public bool Read()
    {
        SkipWhiteSpace();
        if (_done)
        {
            if (_pos < _data.Length) throw new Rejected(); // a second top-level value
            return false;
        }
        if (_pos >= _data.Length) throw new Rejected(); // empty, or the value is cut short
        var expectName = false;
        var c = _data[_pos];
        switch (TokenType)
        {
            case JsonTokenType.None:
                break;
            case JsonTokenType.PropertyName:
                break; // its colon was consumed with it, as Utf8JsonReader does
            case JsonTokenType.StartObject:
                if (c == '}') return EndContainer(JsonTokenType.EndObject);
                expectName = true;
                break;
            case JsonTokenType.StartArray:
                if (c == ']') return EndContainer(JsonTokenType.EndArray);
                break;
            default: // after a value inside a container
                var inObject = _objects[_depth - 1];
                if (c == (inObject ? '}' : ']')) return EndContainer(inObject ? JsonTokenType.EndObject : JsonTokenType.EndArray);
                if (c != ',') throw new Rejected();
                _pos++;
                SkipWhiteSpace();
                if (_pos >= _data.Length) throw new Rejected();
                c = _data[_pos];
                expectName = inObject;
                break;
        }
        TokenStartIndex = _pos;
        if (expectName)
        {
            if (c != '"') throw new Rejected();
            ReadString();
            SkipWhiteSpace();
            if (_pos >= _data.Length || _data[_pos] != ':') throw new Rejected();
            _pos++;
            TokenType = JsonTokenType.PropertyName;
            return true;
        }
        switch (c)
        {
            case (byte)'"':
                ReadString();
                SetValue(JsonTokenType.String);
                return true;
            case (byte)'{':
            case (byte)'[':
                if (_depth >= ReadLimits.MaxDepth) throw new Rejected();
                _objects[_depth++] = c == '{';
                _pos++;
                ValueSpan = _data.Slice((int)TokenStartIndex, 1);
                ValueIsEscaped = false;
                TokenType = c == '{' ? JsonTokenType.StartObject : JsonTokenType.StartArray;
                return true;
            case (byte)'t': return Literal("true"u8, JsonTokenType.True);
            case (byte)'f': return Literal("false"u8, JsonTokenType.False);
            case (byte)'n': return Literal("null"u8, JsonTokenType.Null);
            default:
                ReadNumber();
                SetValue(JsonTokenType.Number);
                return true;
        }
    }

    /// <summary>Skips the value the reader stands on: a whole object or array; nothing for a scalar.</summary>
    public void Skip()
    {
        if (TokenType == JsonTokenType.PropertyName) Read();
        if (TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray)) return;
        var depth = _depth;
        while (Read() && _depth >= depth) { }
    }

    public string? GetString()
    {
        if (TokenType == JsonTokenType.Null) return null;
        if (TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName)) return StjToken().GetString(); // throws as STJ does
        if (!ValueIsEscaped)
        {
            // A short string is checked and transcoded in one pass (validating first, then decoding, read it three times).
            if (ValueSpan.Length <= 256)
            {
                Span<char> chars = stackalloc char[ValueSpan.Length];
                return System.Text.Unicode.Utf8.ToUtf16(ValueSpan, chars, out _, out var written, replaceInvalidSequences: false) == System.Buffers.OperationStatus.Done
                    ? new string(chars[..written]) : StjToken().GetString();
            }
            return TextChecked || System.Text.Unicode.Utf8.IsValid(ValueSpan) ? Encoding.UTF8.GetString(ValueSpan) : StjToken().GetString();
        }
        // Invalid UTF-8 or a lone surrogate: STJ's own decoding decides (and refuses).
        return Utf8JsonText.TryUnescape(ValueSpan, out var text, TextChecked) ? text : StjToken().GetString();
    }

    public bool TryGetInt64(out long value)
    {
        if (TokenType != JsonTokenType.Number) return StjToken().TryGetInt64(out value); // throws as STJ does
        if (Utf8Parser.TryParse(ValueSpan, out value, out var used) && used == ValueSpan.Length) return true;
        value = 0;
        return false;
    }

    public bool TryGetDouble(out double value)
    {
        if (TokenType != JsonTokenType.Number) return StjToken().TryGetDouble(out value);
        // As Utf8JsonReader: the exponent format only when the number has an exponent.
        var format = ValueSpan.IndexOfAny((byte)'e', (byte)'E') >= 0 ? 'e' : default;
        if (Utf8Parser.TryParse(ValueSpan, out value, out var used, format) && used == ValueSpan.Length) return true; // 1e400 is Infinity here too: callers check
        value = 0;
        return false;
    }

    /// <summary>The current scalar token as a <see cref="Utf8JsonReader"/> sees it, for the rare paths that must match it exactly.</summary>
    private readonly Utf8JsonReader StjToken()
    {
        var start = (int)TokenStartIndex;
        var reader = new Utf8JsonReader(_data[start..], new JsonReaderOptions { AllowMultipleValues = true });
        reader.Read();
        return reader;
    }

    private bool EndContainer(JsonTokenType type)
    {
        TokenStartIndex = _pos;
        ValueSpan = _data.Slice(_pos, 1);
        ValueIsEscaped = false;
        _pos++;
        _depth--;
        TokenType = type;
        if (_depth == 0) _done = true;
        return true;
    }

    private void SetValue(JsonTokenType type)
    {
        TokenType = type;
        if (_depth == 0) _done = true;
    }

    private bool Literal(ReadOnlySpan<byte> literal, JsonTokenType type)
    {
        if (!_data[_pos..].StartsWith(literal)) throw new Rejected();
        ValueSpan = _data.Slice(_pos, literal.Length);
        ValueIsEscaped = false;
        _pos += literal.Length;
        SetValue(type); // Utf8JsonReader checks what follows a literal only on the next read, as does this

        return true;
    }

    /// <summary>
    /// A string from its opening quote. Where 64 bytes follow, they are compared at once into a bit mask of their quote,
    /// backslash and control bytes, and every escape in the block is checked from that mask without comparing the block
    /// again (texts with line breaks have an escape every few dozen bytes: reloading after each one was most of the scan);
    /// the last bytes of the data go through <see cref="NextSpecial"/>.
    /// </summary>
    private void ReadString()
    {
        var start = _pos + 1;
        var at = start;
        var escaped = false;
        ref var data = ref MemoryMarshal.GetReference(_data);
        while (true)
        {
            if (at <= _data.Length - 64 && Vector256.IsHardwareAccelerated)
            {
                var block = at;
                var mask = Specials64(ref data, block);
                if (mask == 0)
                {
                    at += 64;
                    continue;
                }
                while (true)
                {
                    var special = block + BitOperations.TrailingZeroCount(mask);
                    var c = Unsafe.Add(ref data, special);
                    if (c == '"')
                    {
                        at = special;
                        goto closed;
                    }
                    if (c != '\\') throw new Rejected(); // a raw control character
                    escaped = true;
                    at = AfterEscape(special);
                    var passed = at - block;
                    if (passed >= 64) break; // the escape ends in or past the next block: compare from there
                    mask &= ulong.MaxValue << passed; // an escaped quote or backslash is not a special of its own
                    if (mask == 0)
                    {
                        at = block + 64;
                        break;
                    }
                }
                continue;
            }
            at = NextSpecial(at);
            if (at < 0) throw new Rejected(); // no closing quote
            var last = _data[at];
            if (last == '"') break;
            if (last != '\\') throw new Rejected(); // a raw control character
            escaped = true;
            at = AfterEscape(at);
        }
        closed:
        ValueSpan = _data[start..at];
        ValueIsEscaped = escaped;
        _pos = at + 1;
    }

    /// <summary>The position after the escape whose backslash is at <paramref name="at"/>; refuses one JSON does not allow.</summary>
    private readonly int AfterEscape(int at)
    {
        if (at + 1 >= _data.Length) throw new Rejected();
        switch (_data[at + 1])
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                return at + 2;
            case (byte)'u':
                if (at + 6 > _data.Length) throw new Rejected();
                foreach (var h in _data.Slice(at + 2, 4))
                    if (!char.IsAsciiHexDigit((char)h)) throw new Rejected();
                return at + 6;
            default:
                throw new Rejected();
        }
    }

    /// <summary>Bit i set when byte <paramref name="at"/> + i is a quote, backslash or control byte (64 bytes must follow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Specials64(ref byte data, int at)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.LoadUnsafe(ref data, (nuint)at);
            // Unsigned: a byte is a control character when min(b, 0x1F) == b.
            return (Vector512.Equals(v, Vector512.Create((byte)'"')) | Vector512.Equals(v, Vector512.Create((byte)'\\'))
                    | Vector512.Equals(Vector512.Min(v, Vector512.Create((byte)0x1F)), v)).ExtractMostSignificantBits();
        }
        var quote = Vector256.Create((byte)'"');
        var backslash = Vector256.Create((byte)'\\');
        var control = Vector256.Create((byte)0x1F);
        var low = Vector256.LoadUnsafe(ref data, (nuint)at);
        var high = Vector256.LoadUnsafe(ref data, (nuint)at + 32);
        var lowMask = (Vector256.Equals(low, quote) | Vector256.Equals(low, backslash) | Vector256.Equals(Vector256.Min(low, control), low)).ExtractMostSignificantBits();
        var highMask = (Vector256.Equals(high, quote) | Vector256.Equals(high, backslash) | Vector256.Equals(Vector256.Min(high, control), high)).ExtractMostSignificantBits();
        return lowMask | ((ulong)highMask << 32);
    }

    /// <summary>
    /// The position of the next quote, backslash or control byte from <paramref name="at"/> on, or -1. Texts with line
    /// breaks have an escape every few dozen bytes, and a call to <c>IndexOfAny</c> per escape cost more in setting up
    /// than in scanning: here 32 bytes are compared inline per step, and the next step starts right after the escape.
    /// </summary>
    private readonly int NextSpecial(int at)
    {
        if (!Vector256.IsHardwareAccelerated)
        {
            var next = _data[at..].IndexOfAny(StringSpecials);
            return next < 0 ? -1 : at + next;
        }
        ref var data = ref MemoryMarshal.GetReference(_data);
        var quote = Vector256.Create((byte)'"');
        var backslash = Vector256.Create((byte)'\\');
        var control = Vector256.Create((byte)0x1F);
        for (; at <= _data.Length - Vector256<byte>.Count; at += Vector256<byte>.Count)
        {
            var v = Vector256.LoadUnsafe(ref data, (nuint)at);
            // Unsigned: a byte is a control character when min(b, 0x1F) == b.
            var specials = Vector256.Equals(v, quote) | Vector256.Equals(v, backslash) | Vector256.Equals(Vector256.Min(v, control), v);
            if (specials != Vector256<byte>.Zero) return at + BitOperations.TrailingZeroCount(specials.ExtractMostSignificantBits());
        }
        for (; at < _data.Length; at++)
            if (_data[at] is (byte)'"' or (byte)'\\' or < 0x20) return at;
        return -1;
    }

    /// <summary>-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, followed by a delimiter or the end.</summary>
    private void ReadNumber()
    {
        var i = _pos;
        if (i < _data.Length && _data[i] == '-') i++;
        if (i >= _data.Length || !char.IsAsciiDigit((char)_data[i])) throw new Rejected();
        if (_data[i] == '0') i++;
        else i = Digits(i);
        if (i < _data.Length && _data[i] == '.')
        {
            if (i + 1 >= _data.Length || !char.IsAsciiDigit((char)_data[i + 1])) throw new Rejected();
            i = Digits(i + 1);
        }
        if (i < _data.Length && (_data[i] == 'e' || _data[i] == 'E'))
        {
            i++;
            if (i < _data.Length && (_data[i] == '+' || _data[i] == '-')) i++;
            if (i >= _data.Length || !char.IsAsciiDigit((char)_data[i])) throw new Rejected();
            i = Digits(i);
        }
        if (i < _data.Length ? !IsDelimiter(_data[i]) : _depth > 0) throw new Rejected(); // STJ refuses a number that ends the data inside a container
        ValueSpan = _data[_pos..i];
        ValueIsEscaped = false;
        _pos = i;
    }

    private readonly int Digits(int i)
    {
        while (i < _data.Length && char.IsAsciiDigit((char)_data[i])) i++;
        return i;
    }

    // '/' too: Utf8JsonReader ends a number there (a comment may follow, where comments are allowed) and refuses it next.
    private static bool IsDelimiter(byte b) => b is (byte)',' or (byte)'}' or (byte)']' or (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'/';

    // Called twice per token; session lines are compact JSON, so the usual answer is "no white space here", inlined.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void SkipWhiteSpace()
    {
        if ((uint)_pos < (uint)_data.Length && _data[_pos] > (byte)' ') return;
        SkipWhiteSpaceRun();
    }

    private void SkipWhiteSpaceRun()
    {
        while (_pos < _data.Length && _data[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') _pos++;
    }
}
