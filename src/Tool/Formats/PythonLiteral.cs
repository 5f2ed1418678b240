using System.Globalization;
using System.Text;
using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// A lenient reader of Python literal reprs (AgentTrace's <c>tool_input</c>, e.g. <c>kwargs={'code': 'print(1)'}</c>):
/// strings with either quote and escapes, ints, floats, True/False/None, lists, tuples (as arrays) and dicts, written
/// out as JSON. Anything else makes <see cref="TryToJson"/> return false; it never throws.
/// </summary>
public static class PythonLiteral
{
    /// <summary>
    /// Parses <c>args=(…)</c> and/or <c>kwargs={…}</c> (any separator between them), or a bare literal, into a JSON
    /// value: the kwargs object when there are no positional args; <c>{"args": […], …kwargs}</c> otherwise.
    /// </summary>
    public static bool TryToJson(string text, out JsonElement result)
    {
        result = default;
        try
        {
            var parser = new Parser(text);
            object? args = null, kwargs = null;
            parser.SkipSpace();
            if (parser.TryKeyword("args="))
            {
                args = parser.Value();
                parser.SkipSeparators();
            }
            if (parser.TryKeyword("kwargs=")) kwargs = parser.Value();
            else if (args is null) kwargs = parser.Value();
            parser.SkipSpace();
            if (!parser.AtEnd) return false;

            object? value = kwargs;
            if (args is List<object?> { Count: > 0 } positional)
            {
                var merged = new List<KeyValuePair<string, object?>> { new("args", positional) };
                if (kwargs is List<KeyValuePair<string, object?>> named) merged.AddRange(named);
                value = merged;
            }
            value ??= new List<KeyValuePair<string, object?>>();
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer)) Write(writer, value);
            using var doc = JsonDocument.Parse(buffer.ToArray());
            result = doc.RootElement.Clone();
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static void Write(Utf8JsonWriter w, object? value)
    {
        switch (value)
        {
            case null: w.WriteNullValue(); break;
            case string s: w.WriteStringValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case RawNumber n: w.WriteRawValue(n.Text); break;
            case List<object?> list:
                w.WriteStartArray();
                foreach (var item in list) Write(w, item);
                w.WriteEndArray();
                break;
            case List<KeyValuePair<string, object?>> dict:
                w.WriteStartObject();
                foreach (var (k, v) in dict)
                {
                    w.WritePropertyName(k);
                    Write(w, v);
                }
                w.WriteEndObject();
                break;
        }
    }

    private sealed record RawNumber(string Text);

    private sealed class Parser(string text)
    {
        private const int MaxDepth = 64;
        private int _pos;
        private int _depth;

        public bool AtEnd => _pos >= text.Length;

        public void SkipSpace()
        {
            while (_pos < text.Length && char.IsWhiteSpace(text[_pos])) _pos++;
        }

        public void SkipSeparators()
        {
            while (_pos < text.Length && (char.IsWhiteSpace(text[_pos]) || text[_pos] is ',' or ';' or '\n')) _pos++;
        }

        public bool TryKeyword(string keyword)
        {
            SkipSpace();
            if (string.CompareOrdinal(text, _pos, keyword, 0, keyword.Length) != 0) return false;
            _pos += keyword.Length;
            return true;
        }

        public object? Value()
        {
            SkipSpace();
            if (AtEnd) throw new FormatException();
            var c = text[_pos];
            if (c is '\'' or '"') return String();
            if (c is '[' or '(') return Sequence(c == '[' ? ']' : ')');
            if (c == '{') return Dict();
            if (c is '-' or '+' or '.' || char.IsDigit(c)) return Number();
            if (TryWord("True")) return true;
            if (TryWord("False")) return false;
            if (TryWord("None")) return null;
            throw new FormatException();
        }

        private bool TryWord(string word)
        {
            if (string.CompareOrdinal(text, _pos, word, 0, word.Length) != 0) return false;
            var after = _pos + word.Length;
            if (after < text.Length && (char.IsLetterOrDigit(text[after]) || text[after] == '_')) return false;
            _pos = after;
            return true;
        }

        private List<object?> Sequence(char close)
        {
            if (++_depth > MaxDepth) throw new FormatException();
            _pos++;
            var items = new List<object?>();
            while (true)
            {
                SkipSpace();
                if (AtEnd) throw new FormatException();
                if (text[_pos] == close) { _pos++; break; }
                items.Add(Value());
                SkipSpace();
                if (!AtEnd && text[_pos] == ',') _pos++;
                else if (AtEnd || text[_pos] != close) throw new FormatException();
            }
            _depth--;
            return items;
        }

        private List<KeyValuePair<string, object?>> Dict()
        {
            if (++_depth > MaxDepth) throw new FormatException();
            _pos++;
            var items = new List<KeyValuePair<string, object?>>();
            while (true)
            {
                SkipSpace();
                if (AtEnd) throw new FormatException();
                if (text[_pos] == '}') { _pos++; break; }
                var key = Value();
                SkipSpace();
                if (AtEnd || text[_pos] != ':') throw new FormatException();
                _pos++;
                var value = Value();
                items.Add(new(key switch { string s => s, RawNumber n => n.Text, bool b => b ? "True" : "False", null => "None", _ => throw new FormatException() }, value));
                SkipSpace();
                if (!AtEnd && text[_pos] == ',') _pos++;
                else if (AtEnd || text[_pos] != '}') throw new FormatException();
            }
            _depth--;
            return items;
        }

        private RawNumber Number()
        {
            var start = _pos;
            while (_pos < text.Length && (char.IsDigit(text[_pos]) || text[_pos] is '-' or '+' or '.' or 'e' or 'E' or '_')) _pos++;
            var raw = text[start.._pos].Replace("_", "").TrimStart('+');
            if (raw.StartsWith('.')) raw = "0" + raw;
            if (raw.StartsWith("-.", StringComparison.Ordinal)) raw = "-0" + raw[1..];
            if (raw.EndsWith('.')) raw += "0";
            if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
                throw new FormatException();
            return new RawNumber(raw);
        }

        private string String()
        {
            var quote = text[_pos];
            var triple = string.CompareOrdinal(text, _pos, new string(quote, 3), 0, 3) == 0;
            _pos += triple ? 3 : 1;
            var sb = new StringBuilder();
            while (true)
            {
                if (AtEnd) throw new FormatException();
                var c = text[_pos];
                if (c == quote && (!triple || string.CompareOrdinal(text, _pos, new string(quote, 3), 0, 3) == 0))
                {
                    _pos += triple ? 3 : 1;
                    return sb.ToString();
                }
                if (c != '\\') { sb.Append(c); _pos++; continue; }
                if (_pos + 1 >= text.Length) throw new FormatException();
                var e = text[_pos + 1];
                _pos += 2;
                switch (e)
                {
                    case 'n': sb.Append('\n'); break;
                    case 't': sb.Append('\t'); break;
                    case 'r': sb.Append('\r'); break;
                    case '0': sb.Append('\0'); break;
                    case 'x': sb.Append((char)Hex(2)); break;
                    case 'u': sb.Append((char)Hex(4)); break;
                    case 'U': sb.Append(char.ConvertFromUtf32(Hex(8))); break;
                    case '\n': break;
                    default: sb.Append(e); break; // \\ \' \" and unknown escapes keep the character
                }
            }
        }

        private int Hex(int digits)
        {
            if (_pos + digits > text.Length) throw new FormatException();
            var value = int.Parse(text.AsSpan(_pos, digits), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            _pos += digits;
            return value;
        }
    }
}
