namespace TraceCurate.Parquet;

/// <summary>
/// Dictionary encoding (Encodings.md "Dictionary Encoding"): distinct values in first-occurrence
/// order (deterministic) go to a PLAIN dictionary page; data pages hold RLE_DICTIONARY indices:
/// one byte of bit width, then the RLE/bit-packed hybrid without a length prefix.
/// </summary>
internal sealed class DictionaryEncoder
{
    private readonly Dictionary<byte[], int> _index;

    private DictionaryEncoder(List<object> values, Dictionary<byte[], int> index) { Values = values; _index = index; }

    public List<object> Values { get; }

    /// <summary>Builds the dictionary for a chunk's BYTE_ARRAY values, or null when its PLAIN size exceeds the limit (fall back to PLAIN).</summary>
    public static DictionaryEncoder? TryBuild(IReadOnlyList<object> values, int maxDictionaryBytes)
    {
        var index = new Dictionary<byte[], int>(ByteArrayComparer.Instance);
        var distinct = new List<object>();
        long size = 0;
        foreach (var v in values)
        {
            var bytes = (byte[])v;
            if (index.ContainsKey(bytes)) continue;
            index.Add(bytes, distinct.Count);
            distinct.Add(bytes);
            size += 4 + bytes.Length;
            if (size > maxDictionaryBytes) return null;
        }
        return new DictionaryEncoder(distinct, index);
    }

    public void EncodeIndices(IReadOnlyList<object> values, Stream output)
    {
        var indices = new int[values.Count];
        for (int i = 0; i < indices.Length; i++) indices[i] = _index[(byte[])values[i]];
        int width = RleBitPackedHybrid.BitWidth(Values.Count - 1);
        output.WriteByte((byte)width);
        RleBitPackedHybrid.Encode(indices, width, output);
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

internal sealed class ByteArrayComparer : IEqualityComparer<byte[]>
{
    public static readonly ByteArrayComparer Instance = new();
    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
    public int GetHashCode(byte[] obj)
    {
        var h = new HashCode();
        h.AddBytes(obj);
        return h.ToHashCode();
    }
}
