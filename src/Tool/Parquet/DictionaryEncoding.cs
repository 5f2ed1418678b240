namespace TraceCurate.Parquet;

/// <summary>
/// Dictionary encoding (Encodings.md "Dictionary Encoding"): distinct values in first-occurrence
/// order (deterministic) go to a PLAIN dictionary page; data pages hold RLE_DICTIONARY indices:
/// one byte of bit width, then the RLE/bit-packed hybrid without a length prefix.
/// </summary>
internal sealed class DictionaryEncoder
{
    private readonly ValueStore _store;
    private readonly int _maxBytes;
    private readonly Dictionary<int, int> _index; // store index of a value -> its dictionary index, compared in place
    private readonly List<int> _entries = new();  // store index of each dictionary entry's first occurrence
    private readonly List<int> _codes = new();    // dictionary index of every buffered value
    private long _size;

    public DictionaryEncoder(ValueStore store, int maxDictionaryBytes)
    {
        _store = store; _maxBytes = maxDictionaryBytes;
        _index = new Dictionary<int, int>(new StoredBytesComparer(store));
    }

    public int Count => _entries.Count;

    /// <summary>
    /// Takes the store's value <paramref name="i"/> (the last one added). False once the PLAIN dictionary would exceed
    /// the limit: the chunk is then written PLAIN (pyarrow's dictionary_pagesize_limit), and this encoder is dropped.
    /// </summary>
    public bool TryAdd(int i)
    {
        if (_index.TryGetValue(i, out int code)) { _codes.Add(code); return true; }
        _size += 4 + _store.Bytes(i).Length;
        if (_size > _maxBytes) return false;
        _codes.Add(_entries.Count);
        _index.Add(i, _entries.Count);
        _entries.Add(i);
        return true;
    }

    public void Clear() { _index.Clear(); _entries.Clear(); _codes.Clear(); _size = 0; }

    /// <summary>The dictionary page body: the distinct values PLAIN, in first-occurrence order.</summary>
    public void WriteDictionary(MemoryStream output)
    {
        foreach (int i in _entries) _store.WritePlain(i, 1, output);
    }

    /// <summary>RLE_DICTIONARY data for values [start, start + count): the bit width byte, then the hybrid runs.</summary>
    public void EncodeIndices(int start, int count, Stream output)
    {
        int width = RleBitPackedHybrid.BitWidth(_entries.Count - 1);
        output.WriteByte((byte)width);
        RleBitPackedHybrid.Encode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_codes).Slice(start, count), width, output);
    }

    private sealed class StoredBytesComparer(ValueStore store) : IEqualityComparer<int>
    {
        public bool Equals(int x, int y) => store.Bytes(x).SequenceEqual(store.Bytes(y));
        public int GetHashCode(int i)
        {
            var h = new HashCode();
            h.AddBytes(store.Bytes(i));
            return h.ToHashCode();
        }
    }

    /// <summary>Maps decoded indices to dictionary entries, rejecting out-of-range indices.</summary>
    public static object[] Lookup(object[] dictionary, ReadOnlySpan<byte> data, int count, string context)
    {
        if (count == 0) return [];
        if (data.IsEmpty) throw new ParquetFormatException($"{context}: dictionary-encoded page has no bit-width byte");
        int width = data[0];
        var indices = new int[count];
        RleBitPackedHybrid.Decode(data[1..], width, indices, context);
        var result = new object[count];
        for (int i = 0; i < count; i++)
        {
            int k = indices[i];
            if ((uint)k >= (uint)dictionary.Length) throw new ParquetFormatException($"{context}: dictionary index {k} out of range (dictionary has {dictionary.Length} entries)");
            result[i] = dictionary[k];
        }
        return result;
    }
}
