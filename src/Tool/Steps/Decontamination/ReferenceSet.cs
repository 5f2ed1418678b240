using System.Text;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Steps.Dedup;

namespace TraceCurate.Steps.Decontamination;

/// <summary>
/// The benchmark texts a <c>decontaminate</c> step checks against (output-formats §12.6): every word n-gram of every
/// reference, as a 64-bit hash pointing at the first reference that has it. Words are lower-cased runs of letters
/// and digits, so case, whitespace and punctuation never hide an overlap. A reference shorter than n words is
/// kept whole and matched as a word sequence. Read-only once built, so any thread may query it.
/// </summary>
internal sealed class ReferenceSet
{
    private readonly int _n;
    private readonly Dictionary<ulong, int> _grams = [];
    private readonly List<(string Words, int Reference)> _short = [];
    private readonly List<string> _names = [];

    public ReferenceSet(int n) => _n = n;

    public int Count => _names.Count;

    /// <summary>Adds each reference of a file: a line of a .txt file, or the <paramref name="field"/> of a JSONL line.</summary>
    public void Load(string path, string displayName, string field)
    {
        var jsonl = path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
        var line = 0;
        foreach (var raw in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var text = jsonl ? Field(raw, field, path, line) : raw;
            if (text is null) continue;
            Add(MinHash.Words(text), $"{displayName}:{line}");
        }
    }

    private void Add(List<string> words, string name)
    {
        if (words.Count == 0) return;
        var index = _names.Count;
        _names.Add(name);
        if (words.Count < _n) { _short.Add((string.Join(' ', words), index)); return; }
        for (var i = 0; i + _n <= words.Count; i++) _grams.TryAdd(Hash(words, i, _n), index);
    }

    /// <summary>The first reference that shares an n-gram with the text, and the shared words; null when none does.</summary>
    public (string Reference, string Shared)? Match(string text)
    {
        var words = MinHash.Words(text);
        for (var i = 0; i + _n <= words.Count; i++)
        {
            if (_grams.TryGetValue(Hash(words, i, _n), out var reference))
                return (_names[reference], string.Join(' ', words.Skip(i).Take(_n)));
        }
        if (_short.Count == 0 || words.Count == 0) return null;
        var joined = " " + string.Join(' ', words) + " ";
        foreach (var (shortWords, reference) in _short)
        {
            if (joined.Contains(" " + shortWords + " ", StringComparison.Ordinal)) return (_names[reference], shortWords);
        }
        return null;
    }

    private static ulong Hash(List<string> words, int start, int n)
    {
        var h = 14695981039346656037UL;
        for (var w = start; w < start + n; w++)
        {
            foreach (var c in words[w]) { h ^= c; h *= 1099511628211UL; }
            h ^= ' '; h *= 1099511628211UL;
        }
        return h;
    }

    private static string? Field(string raw, string field, string path, int line)
    {
        try
        {
            using var doc = JsonDocument.Parse(raw);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty(field, out var value))
                throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.BadRecord,
                    $"reference line has no field '{field}' (set 'field:' to the field holding the benchmark text)", path, line));
            return value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null => null,
                _ => value.GetRawText(),
            };
        }
        catch (JsonException e)
        {
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.BadRecord, $"reference line is not JSON: {e.Message}", path, line));
        }
    }
}
