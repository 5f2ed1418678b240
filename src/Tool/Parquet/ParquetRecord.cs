using System.Collections;

namespace TraceCurate.Parquet;

/// <summary>
/// A row or a struct value: an ordered list of (field name, value) pairs. Values are null,
/// string, int, long, ulong, float, double, bool, decimal, DateTimeOffset, DateOnly, byte[],
/// a list (<see cref="IReadOnlyList{T}"/> of object?) or a nested <see cref="ParquetRecord"/>.
/// </summary>
public sealed class ParquetRecord : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly string[] _names;
    private readonly object?[] _values;

    internal ParquetRecord(string[] names, object?[] values) { _names = names; _values = values; }

    public ParquetRecord(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var list = pairs.ToList();
        _names = list.Select(p => p.Key).ToArray();
        _values = list.Select(p => p.Value).ToArray();
    }

    public int Count => _values.Length;
    public IReadOnlyList<string> Names => _names;
    public IReadOnlyList<object?> Values => _values;

    public KeyValuePair<string, object?> this[int index] => new(_names[index], _values[index]);

    /// <summary>The value of the named field; throws <see cref="KeyNotFoundException"/> for an unknown name.</summary>
    public object? this[string name] => TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"No field '{name}'");

    public bool TryGetValue(string name, out object? value)
    {
        int i = Array.IndexOf(_names, name);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        for (int i = 0; i < _values.Length; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => "{" + string.Join(", ", this.Select(p => $"{p.Key}: {p.Value ?? "null"}")) + "}";
}
