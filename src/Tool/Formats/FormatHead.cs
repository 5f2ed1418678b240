using System.Text;
using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// The first bytes of a (decompressed) file, for sniffing. Gives the first non-empty lines parsed as JSON objects where
/// they parse, so that each reader's <see cref="ITraceReader.Sniff"/> is a few key checks. Disposing it (detection
/// does) returns the parsed lines' arrays and a head buffer rented for it to their pools; a head never disposed is
/// simply garbage.
/// </summary>
public sealed class FormatHead : IDisposable
{
    public const int MaxBytes = 256 * 1024;
    public const int MaxLines = 20;

    private HeadLines? _lines;
    private HeadKeys? _keys;

    public FormatHead(string fileName, ReadOnlyMemory<byte> bytes, bool complete)
    {
        FileName = fileName;
        Bytes = bytes;
        IsComplete = complete;
    }

    public string FileName { get; }

    /// <summary>The pooled array <see cref="Bytes"/> lies in, when <see cref="FormatDetector"/> rented it; returned on disposal.</summary>
    internal byte[]? Rented { get; init; }

    public void Dispose()
    {
        _lines?.Dispose();
        _lines = null;
        _keys?.Dispose();
        _keys = null;
        if (Rented is { } rented) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
    }

    /// <summary>The file's full path when the head was read from disk, for binary formats whose signature is in a footer (Parquet).</summary>
    public string? FullPath { get; init; }

    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>True when <see cref="Bytes"/> is the whole file.</summary>
    public bool IsComplete { get; }

    public bool StartsWith(string ascii)
    {
        var span = Bytes.Span;
        return span.Length >= ascii.Length && Encoding.ASCII.GetString(span[..ascii.Length]) == ascii;
    }

    /// <summary>The first non-whitespace byte after an optional BOM, or 0.</summary>
    public byte FirstNonSpace
    {
        get
        {
            var span = Bytes.Span;
            if (span.StartsWith("\uFEFF"u8)) span = span[3..];
            foreach (var b in span)
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return b;
            return 0;
        }
    }

    /// <summary>
    /// Up to <see cref="MaxLines"/> complete non-empty lines that parse as JSON objects, in order. Parsed as they are
    /// asked for: most sniffs reject a head on its first line or two, and a folder of thousands of small sessions
    /// parsed every line of every head before (<see cref="Count"/> still parses them all).
    /// </summary>
    public IReadOnlyList<JsonElement> JsonLines => _lines ??= new HeadLines(this);

    /// <summary>The same lines as <see cref="JsonLines"/>, read into their keys without a document each (<see cref="HeadKeys"/>).</summary>
    public HeadKeys Keys => _keys ??= new HeadKeys(this);

    /// <summary>Whether at least <paramref name="count"/> lines of the head parse as JSON objects, parsing no more than needed.</summary>
    public bool HasJsonLines(int count) => (_lines ??= new HeadLines(this)).ParsedAtLeast(count);

    /// <summary>
    /// The head's JSON lines, parsed one more at a time. Each document reads the head's own bytes (no copy, no clone)
    /// and is disposed with the head.
    /// </summary>
    private sealed class HeadLines(FormatHead head) : IReadOnlyList<JsonElement>, IDisposable
    {
        private readonly List<JsonElement> _parsed = [];
        private readonly List<JsonDocument> _documents = [];
        private ReadOnlyMemory<byte> _rest = head.Bytes.Span.StartsWith("\uFEFF"u8) ? head.Bytes[3..] : head.Bytes;
        private int _seen; // non-empty lines looked at, whether or not they parsed
        private bool _done;

        public int Count
        {
            get
            {
                while (ParseNext()) { }
                return _parsed.Count;
            }
        }

        public JsonElement this[int index] =>
            ParsedAtLeast(index + 1) ? _parsed[index] : throw new ArgumentOutOfRangeException(nameof(index));

        public bool ParsedAtLeast(int count)
        {
            while (_parsed.Count < count && ParseNext()) { }
            return _parsed.Count >= count;
        }

        public IEnumerator<JsonElement> GetEnumerator()
        {
            for (var i = 0; ParsedAtLeast(i + 1); i++) yield return _parsed[i];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public void Dispose()
        {
            foreach (var document in _documents) document.Dispose();
            _documents.Clear();
            _parsed.Clear();
            _done = true;
        }

        /// <summary>Looks at the next non-empty line (parsing it); false when there is none left to look at.</summary>
        private bool ParseNext()
        {
            while (!_done)
            {
                if (_rest.IsEmpty || _seen >= MaxLines)
                {
                    _done = true;
                    return false;
                }
                var span = _rest.Span;
                var end = span.IndexOf((byte)'\n');
                if (end < 0 && !head.IsComplete) // a cut line would not parse; ignore it
                {
                    _done = true;
                    return false;
                }
                var line = end < 0 ? _rest : _rest[..end];
                _rest = end < 0 ? default : _rest[(end + 1)..];
                if (line.Span.Trim(" \t\r"u8).IsEmpty) continue;
                _seen++;
                try
                {
                    var doc = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxDepth }); // a record may nest this deep
                    _documents.Add(doc);
                    if (doc.RootElement.ValueKind == JsonValueKind.Object) _parsed.Add(doc.RootElement);
                }
                catch (JsonException)
                {
                    // Not JSONL (or a bad line); readers that need JSONL simply do not match.
                }
                return true;
            }
            return false;
        }
    }

    /// <summary>The whole head parsed as one JSON document, when it is complete and parses; else null.</summary>
    public JsonElement? Document
    {
        get
        {
            if (!IsComplete) return null;
            try
            {
                using var doc = JsonDocument.Parse(Bytes, new JsonDocumentOptions { AllowTrailingCommas = true, MaxDepth = ReadLimits.MaxDepth });
                return doc.RootElement.Clone();
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
