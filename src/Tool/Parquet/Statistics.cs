using System.Buffers.Binary;
using System.Text;

namespace TraceCurate.Parquet;

/// <summary>
/// Accumulates column-chunk statistics under TypeDefinedOrder (parquet.thrift ColumnOrder):
/// signed order for INT32/INT64/timestamps, false &lt; true, unsigned byte order for BYTE_ARRAY
/// and FIXED_LEN_BYTE_ARRAY, NaN ignored for floating point, −0.0 as a zero min and +0.0 as a
/// zero max. Long byte arrays are truncated (PARQUET-2352): the min to a prefix, the max to a
/// prefix whose last code point (or byte) is incremented, with the exact flags set to false.
/// </summary>
internal sealed class StatisticsAccumulator
{
    private readonly PhysicalType _type;
    private readonly bool _isUtf8;
    private readonly int _truncateLength;
    private object? _min, _max;

    public StatisticsAccumulator(PhysicalType type, bool isUtf8, int truncateLength)
    {
        _type = type; _isUtf8 = isUtf8; _truncateLength = truncateLength;
    }

    public long NullCount { get; set; }

    public void Add(object value)
    {
        if (value is double d && double.IsNaN(d) || value is float f && float.IsNaN(f)) return;
        if (_min is null || Compare(value, _min) < 0) _min = value;
        if (_max is null || Compare(value, _max) > 0) _max = value;
    }

    /// <summary>A BYTE_ARRAY value read in place: copied only when it becomes the new min or max.</summary>
    public void AddBytes(ReadOnlySpan<byte> value)
    {
        if (_min is null || value.SequenceCompareTo((byte[])_min) < 0) _min = value.ToArray();
        if (_max is null || value.SequenceCompareTo((byte[])_max) > 0) _max = _min is byte[] m && value.SequenceEqual(m) ? m : value.ToArray();
    }

    public void Reset() { _min = _max = null; NullCount = 0; }

    public Statistics ToThrift()
    {
        var s = new Statistics { NullCount = NullCount };
        if (_min is null || _max is null) return s; // all null (or all NaN): null_count only
        object min = _min, max = _max;
        if (min is double dmin && dmin == 0) min = -0.0;
        if (max is double dmax && dmax == 0) max = 0.0;
        if (min is float fmin && fmin == 0) min = -0.0f;
        if (max is float fmax && fmax == 0) max = 0.0f;
        s.MinValue = Encode(min);
        s.MaxValue = Encode(max);
        if (_type is PhysicalType.ByteArray && _truncateLength > 0)
        {
            if (s.MinValue.Length > _truncateLength)
            {
                s.MinValue = s.MinValue.AsSpan(0, PrefixLength(s.MinValue, _truncateLength)).ToArray();
                s.IsMinValueExact = false;
            }
            if (s.MaxValue.Length > _truncateLength)
            {
                s.MaxValue = _isUtf8 ? IncrementUtf8(s.MaxValue, _truncateLength) : IncrementBytes(s.MaxValue, _truncateLength);
                s.IsMaxValueExact = false;
            }
            if (s.IsMinValueExact is not null || s.IsMaxValueExact is not null)
            {
                s.IsMinValueExact ??= true;
                s.IsMaxValueExact ??= s.MaxValue is not null;
            }
        }
        return s;
    }

    private int PrefixLength(byte[] bytes, int limit)
    {
        if (!_isUtf8) return limit;
        int n = limit;
        while (n > 0 && (bytes[n] & 0xC0) == 0x80) n--; // do not cut inside a UTF-8 sequence
        return n;
    }

    /// <summary>Truncated UTF-8 upper bound: cut at a code-point boundary, then increment the last code point; null when impossible.</summary>
    private byte[]? IncrementUtf8(byte[] bytes, int limit)
    {
        var runes = Encoding.UTF8.GetString(bytes, 0, PrefixLength(bytes, limit)).EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            int cp = runes[^1].Value + 1;
            if (cp is >= 0xD800 and <= 0xDFFF) cp = 0xE000;
            if (cp <= 0x10FFFF)
            {
                runes[^1] = new Rune(cp);
                var sb = new StringBuilder();
                foreach (var r in runes) sb.Append(r.ToString());
                return Encoding.UTF8.GetBytes(sb.ToString());
            }
            runes.RemoveAt(runes.Count - 1);
        }
        return null;
    }

    private static byte[]? IncrementBytes(byte[] bytes, int limit)
    {
        var prefix = bytes.AsSpan(0, limit).ToArray();
        for (int i = prefix.Length - 1; i >= 0; i--)
            if (prefix[i] != 0xFF) { prefix[i]++; return prefix.AsSpan(0, i + 1).ToArray(); }
        return null;
    }

    /// <summary>PLAIN encoding of a single value without the BYTE_ARRAY length prefix.</summary>
    private static byte[] Encode(object v)
    {
        var b = new byte[v switch { bool => 1, int or float => 4, long or double => 8, byte[] a => a.Length, _ => 0 }];
        switch (v)
        {
            case bool x: b[0] = x ? (byte)1 : (byte)0; break;
            case int x: BinaryPrimitives.WriteInt32LittleEndian(b, x); break;
            case long x: BinaryPrimitives.WriteInt64LittleEndian(b, x); break;
            case float x: BinaryPrimitives.WriteSingleLittleEndian(b, x); break;
            case double x: BinaryPrimitives.WriteDoubleLittleEndian(b, x); break;
            case byte[] x: x.CopyTo(b, 0); break;
        }
        return b;
    }

    private static int Compare(object a, object b) => (a, b) switch
    {
        (bool x, bool y) => x.CompareTo(y),
        (int x, int y) => x.CompareTo(y),
        (long x, long y) => x.CompareTo(y),
        (float x, float y) => x.CompareTo(y),
        (double x, double y) => x.CompareTo(y),
        (byte[] x, byte[] y) => x.AsSpan().SequenceCompareTo(y),
        _ => throw new InvalidOperationException($"Cannot compare {a.GetType()} with {b.GetType()}"),
    };
}
