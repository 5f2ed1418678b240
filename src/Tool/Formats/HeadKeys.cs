using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// The head's JSON lines as <see cref="FormatHead.JsonLines"/> gives them (the same lines: up to
/// <see cref="FormatHead.MaxLines"/> non-empty ones looked at, those that parse as objects kept), but read with
/// <see cref="JsonScanner"/> into their keys instead of a document each: every top-level key with the kind of its
/// value, a string value's bytes, and the keys of a top-level object one level down (a Claude Code line's
/// <c>message</c>). Telling a session file's format by documents was most of detection's cost on a Claude Code folder
/// (up to 20 lines of a 16 KB head parsed, then looked at by every reader ahead of Claude Code's); readers answer from
/// these keys first (<see cref="ITraceReader.SniffByKeys"/>). Lines are scanned as they are asked for.
/// </summary>
public sealed class HeadKeys : IReadOnlyList<LineKeys>, IDisposable
{
    internal struct Entry
    {
        public int Name, NameLength, Value, ValueLength; // offsets in the head's bytes, without quotes; a value only for a string
        public bool NameEscaped, ValueEscaped;
        public JsonTokenType Token; // the value's first token
        public int Parent; // -1 for a top-level key, else the entry of the top-level object it is in
    }

    private readonly FormatHead _head;
    private readonly List<(int First, int End)> _lines = [];
    private Entry[] _entries = ArrayPool<Entry>.Shared.Rent(64);
    private int _count;
    private int _rest; // where the next line starts in the head's bytes
    private int _seen; // non-empty lines looked at, whether or not they were objects
    private bool _done;

    internal HeadKeys(FormatHead head)
    {
        _head = head;
        _rest = head.Bytes.Span.StartsWith("\uFEFF"u8) ? 3 : 0;
    }

    internal ReadOnlySpan<byte> Bytes => _head.Bytes.Span;

    internal ref readonly Entry EntryAt(int index) => ref _entries[index];

    public int Count
    {
        get
        {
            while (ScanNext()) { }
            return _lines.Count;
        }
    }

    public LineKeys this[int index] => HasAtLeast(index + 1)
        ? new LineKeys(this, _lines[index].First, _lines[index].End, -1)
        : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Whether at least <paramref name="count"/> lines are JSON objects, scanning no more than needed (<see cref="FormatHead.HasJsonLines"/>).</summary>
    public bool HasAtLeast(int count)
    {
        while (_lines.Count < count && ScanNext()) { }
        return _lines.Count >= count;
    }

    public IEnumerator<LineKeys> GetEnumerator()
    {
        for (var i = 0; HasAtLeast(i + 1); i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        if (_entries.Length > 0) ArrayPool<Entry>.Shared.Return(_entries);
        _entries = [];
        _lines.Clear();
        _done = true;
    }

    /// <summary>Looks at the next non-empty line, as <see cref="FormatHead.JsonLines"/> does; false when there is none left.</summary>
    private bool ScanNext()
    {
        while (!_done)
        {
            var bytes = Bytes;
            if (_rest >= bytes.Length || _seen >= FormatHead.MaxLines)
            {
                _done = true;
                return false;
            }
            var end = bytes[_rest..].IndexOf((byte)'\n');
            if (end < 0 && !_head.IsComplete) // a cut line would not parse; ignore it
            {
                _done = true;
                return false;
            }
            var start = _rest;
            var line = end < 0 ? bytes[start..] : bytes.Slice(start, end);
            _rest = end < 0 ? bytes.Length : start + end + 1;
            if (line.Trim(" \t\r"u8).IsEmpty) continue;
            _seen++;
            var first = _count;
            if (TryScan(line, start)) _lines.Add((first, _count));
            else _count = first;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Records the line's keys when it is one JSON object (what <see cref="JsonDocument.Parse(ReadOnlyMemory{byte}, JsonDocumentOptions)"/>
    /// accepts, with the depth limit: <see cref="JsonScanner"/> accepts exactly that); false for any other line.
    /// </summary>
    private bool TryScan(ReadOnlySpan<byte> line, int at)
    {
        try
        {
            var scanner = new JsonScanner(line);
            scanner.Read();
            var isObject = scanner.TokenType == JsonTokenType.StartObject;
            if (isObject) ReadMembers(ref scanner, at, parent: -1);
            else scanner.Skip();
            return !scanner.Read() && isObject; // Read throws on anything after the value
        }
        catch (JsonScanner.Rejected)
        {
            return false;
        }
    }

    /// <summary>The members of the object the scanner stands at the start of, up to its end; an object at the top level one level down too.</summary>
    private void ReadMembers(ref JsonScanner scanner, int at, int parent)
    {
        while (scanner.Read() && scanner.TokenType == JsonTokenType.PropertyName)
        {
            var index = Add();
            ref var entry = ref _entries[index];
            entry.Name = at + (int)scanner.TokenStartIndex + 1;
            entry.NameLength = scanner.ValueSpan.Length;
            entry.NameEscaped = scanner.ValueIsEscaped;
            entry.Parent = parent;
            scanner.Read();
            entry.Token = scanner.TokenType;
            if (scanner.TokenType == JsonTokenType.String)
            {
                entry.Value = at + (int)scanner.TokenStartIndex + 1;
                entry.ValueLength = scanner.ValueSpan.Length;
                entry.ValueEscaped = scanner.ValueIsEscaped;
            }
            else if (scanner.TokenType == JsonTokenType.StartObject && parent < 0) ReadMembers(ref scanner, at, index);
            else scanner.Skip();
        }
    }

    private int Add()
    {
        if (_count == _entries.Length)
        {
            var larger = ArrayPool<Entry>.Shared.Rent(_count * 2);
            _entries.AsSpan(0, _count).CopyTo(larger);
            ArrayPool<Entry>.Shared.Return(_entries);
            _entries = larger;
        }
        _entries[_count] = default;
        return _count++;
    }

    /// <summary>
    /// Whether a name or string value the scanner saw equals <paramref name="text"/> once unescaped, as
    /// <see cref="JsonElement.ValueEquals(string)"/> and <see cref="JsonElement.TryGetProperty(string, out JsonElement)"/>
    /// compare: raw bytes when nothing is escaped, else the escaped token through <see cref="Utf8JsonReader"/>.
    /// </summary>
    internal bool TextEquals(int offset, int length, bool escaped, string text)
    {
        var raw = Bytes.Slice(offset, length);
        // A text with a character beyond ASCII is longer in UTF-8 than in chars, so equal lengths compare as ASCII.
        if (!escaped)
            return raw.Length == text.Length ? Ascii.Equals(raw, text) : !Ascii.IsValid(text) && raw.SequenceEqual(Encoding.UTF8.GetBytes(text));
        var reader = new Utf8JsonReader(Bytes.Slice(offset - 1, length + 2)); // the token with its quotes
        return reader.Read() && reader.ValueTextEquals(text);
    }
}

/// <summary>One JSON line's keys (or those of an object one level down) in a <see cref="HeadKeys"/>; checks read as <see cref="SniffFields"/>'.</summary>
public readonly struct LineKeys
{
    private readonly HeadKeys _keys;
    private readonly int _first, _end, _parent;

    internal LineKeys(HeadKeys keys, int first, int end, int parent)
    {
        _keys = keys;
        _first = first;
        _end = end;
        _parent = parent;
    }

    public bool Has(string name) => Find(name) >= 0;

    /// <summary>The kind of the value's first token (<see cref="JsonTokenType.None"/> when there is no such key).</summary>
    public JsonTokenType Kind(string name) => Find(name) is var i and >= 0 ? _keys.EntryAt(i).Token : JsonTokenType.None;

    /// <summary>True when <paramref name="name"/> is a string equal to one of <paramref name="values"/> (<see cref="SniffFields.IsOneOf"/>).</summary>
    public bool IsOneOf(string name, params ReadOnlySpan<string> values)
    {
        if (Find(name) is not (var i and >= 0) || _keys.EntryAt(i).Token != JsonTokenType.String) return false;
        ref readonly var entry = ref _keys.EntryAt(i);
        foreach (var value in values)
            if (_keys.TextEquals(entry.Value, entry.ValueLength, entry.ValueEscaped, value)) return true;
        return false;
    }

    /// <summary>The keys of the property's object, or null when it is not an object; only a top-level line's properties have them.</summary>
    public LineKeys? Object(string name)
    {
        if (_parent >= 0 || Find(name) is not (var i and >= 0) || _keys.EntryAt(i).Token != JsonTokenType.StartObject) return null;
        var end = i + 1;
        while (end < _end && _keys.EntryAt(end).Parent == i) end++;
        return new LineKeys(_keys, i + 1, end, i);
    }

    /// <summary>The last entry of that name, as a document's look-up finds the last of equal names.</summary>
    private int Find(string name)
    {
        for (var i = _end - 1; i >= _first; i--)
        {
            ref readonly var entry = ref _keys.EntryAt(i);
            if (entry.Parent == _parent && _keys.TextEquals(entry.Name, entry.NameLength, entry.NameEscaped, name)) return i;
        }
        return -1;
    }
}
