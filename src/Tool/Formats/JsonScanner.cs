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
    /// A string from its opening quote. Where 64 bytes follow, they are compared at once into bit masks of their quote,
    /// backslash and control bytes. The bytes that backslashes escape are found from the backslash mask by arithmetic on
    /// the whole block (a run of backslashes of odd length escapes the byte after it; a run may go on from the block
    /// before), so the closing quote is the first quote not escaped; the escaped bytes are checked against the escapes
    /// JSON allows by one more comparison of the block, and only a <c>\u</c>'s four hex digits one by one. Texts with
    /// line breaks have an escape every 40 bytes or so: following each escape from the one before it (which byte ends
    /// it, where the next starts) was most of the string scan. The last bytes of the data go through <see cref="NextSpecial"/>.
    /// </summary>
    private void ReadString()
    {
        var start = _pos + 1;
        var at = start;
        var escaped = false;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var data = ref MemoryMarshal.GetReference(_data);
            var carry = 0UL; // 1 when the block before ended in a run of backslashes escaping this block's first byte
            while (at <= _data.Length - 64)
            {
                var block = at;
                Classes64(ref data, block, out var quotes, out var backslashes, out var controls);
                if ((quotes | backslashes | controls | carry) == 0)
                {
                    at += 64;
                    continue;
                }
                var escapedBytes = carry;
                if (backslashes != 0) escapedBytes = EscapedBytes(backslashes, ref carry);
                else carry = 0;
                var ends = quotes & ~escapedBytes;
                var inside = ends == 0 ? ulong.MaxValue : (ends & (0UL - ends)) - 1; // the bits before the closing quote
                if ((controls & inside) != 0) throw new Rejected(); // a raw control character (escaped or not)
                var check = escapedBytes & inside;
                if (check != 0)
                {
                    escaped = true;
                    NotEscapes64(ref data, block, out var others, out var units);
                    if ((check & others) != 0) throw new Rejected(); // \x and the like
                    for (var u = check & units; u != 0; u &= u - 1) AfterEscape(block + BitOperations.TrailingZeroCount(u) - 1);
                }
                if (ends != 0)
                {
                    at = block + BitOperations.TrailingZeroCount(ends);
                    goto closed;
                }
                at = block + 64;
            }
            if (carry != 0)
            {
                escaped = true;
                at = AfterEscape(at - 1); // the byte at 'at' is escaped by the backslash before it
            }
        }
        while (true)
        {
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

    /// <summary>
    /// The bytes escaped by backslashes in a block (bit i set when byte i follows a run of backslashes of odd length),
    /// given its backslash mask and whether the block before ended with a run escaping this block's first byte; says in
    /// <paramref name="carry"/> the same for the block after. Subtracting each run's start from the odd bits marks where
    /// runs that start on an even bit end on an odd one and the reverse (the method simdjson uses).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong EscapedBytes(ulong backslashes, ref ulong carry)
    {
        const ulong odd = 0xAAAAAAAAAAAAAAAAUL;
        var potential = backslashes & ~carry; // a backslash escaped by the block before does not start a run
        var escapeAndTerminal = (((potential << 1) | odd) - potential) ^ odd;
        var escaped = escapeAndTerminal ^ (backslashes | carry);
        carry = (escapeAndTerminal & backslashes) >> 63;
        return escaped;
    }

    /// <summary>Bits i set when byte <paramref name="at"/> + i is a quote, a backslash, a control byte (64 bytes must follow).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Classes64(ref byte data, int at, out ulong quotes, out ulong backslashes, out ulong controls)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var v = Vector512.LoadUnsafe(ref data, (nuint)at);
            quotes = Vector512.Equals(v, Vector512.Create((byte)'"')).ExtractMostSignificantBits();
            backslashes = Vector512.Equals(v, Vector512.Create((byte)'\\')).ExtractMostSignificantBits();
            // Unsigned: a byte is a control character when min(b, 0x1F) == b.
            controls = Vector512.Equals(Vector512.Min(v, Vector512.Create((byte)0x1F)), v).ExtractMostSignificantBits();
            return;
        }
        var quote = Vector256.Create((byte)'"');
        var backslash = Vector256.Create((byte)'\\');
        var control = Vector256.Create((byte)0x1F);
        var low = Vector256.LoadUnsafe(ref data, (nuint)at);
        var high = Vector256.LoadUnsafe(ref data, (nuint)at + 32);
        quotes = Vector256.Equals(low, quote).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(high, quote).ExtractMostSignificantBits() << 32);
        backslashes = Vector256.Equals(low, backslash).ExtractMostSignificantBits() | ((ulong)Vector256.Equals(high, backslash).ExtractMostSignificantBits() << 32);
        controls = Vector256.Equals(Vector256.Min(low, control), low).ExtractMostSignificantBits()
                   | ((ulong)Vector256.Equals(Vector256.Min(high, control), high).ExtractMostSignificantBits() << 32);
    }

    /// <summary>Bits i set when byte <paramref name="at"/> + i may not follow an escaping backslash (<paramref name="others"/>), or is a <c>u</c> (<paramref name="units"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void NotEscapes64(ref byte data, int at, out ulong others, out ulong units)
    {
        others = ~(Allowed32(ref data, at, out var lowUnits) | ((ulong)Allowed32(ref data, at + 32, out var highUnits) << 32));
        units = lowUnits | ((ulong)highUnits << 32);
    }

    /// <summary>Bits i set when byte <paramref name="at"/> + i is one of <c>"\/bfnrtu</c>; <paramref name="units"/> those that are <c>u</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Allowed32(ref byte data, int at, out uint units)
    {
        var v = Vector256.LoadUnsafe(ref data, (nuint)at);
        var u = Vector256.Equals(v, Vector256.Create((byte)'u'));
        units = u.ExtractMostSignificantBits();
        return (u | Vector256.Equals(v, Vector256.Create((byte)'"')) | Vector256.Equals(v, Vector256.Create((byte)'\\'))
                | Vector256.Equals(v, Vector256.Create((byte)'/')) | Vector256.Equals(v, Vector256.Create((byte)'b'))
                | Vector256.Equals(v, Vector256.Create((byte)'f')) | Vector256.Equals(v, Vector256.Create((byte)'n'))
                | Vector256.Equals(v, Vector256.Create((byte)'r')) | Vector256.Equals(v, Vector256.Create((byte)'t'))).ExtractMostSignificantBits();
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
