using System.Buffers.Binary;
using System.Collections;

namespace TraceCurate.Parquet;

/// <summary>
/// Buffers a column chunk's non-null physical values without one heap object per value:
/// fixed-width values in one byte buffer (PLAIN layout), byte arrays concatenated with an
/// offset table. A row group can hold millions of values, and boxed values would all survive
/// into the older GC generations; here only two arrays per column do. Values are materialised
/// (boxed) on demand while the chunk is encoded.
/// </summary>
internal sealed class ValueStore : IReadOnlyList<object>
{
    private readonly PhysicalType _type;
    private readonly int _width;
    private byte[] _data = new byte[256];
    private int _length;
    private int[] _offsets = new int[64]; // start of each byte-array value; _offsets[Count] is _length
    private int _count;

    public ValueStore(PhysicalType type)
    {
        _type = type;
        _width = type switch
        {
            PhysicalType.Boolean => 1,
            PhysicalType.Int32 or PhysicalType.Float => 4,
            PhysicalType.Int64 or PhysicalType.Double => 8,
            _ => 0,
        };
    }

    public int Count => _count;

    public void Add(object value)
    {
        if (_width == 0)
        {
            var bytes = (byte[])value;
            EnsureData(bytes.Length);
            bytes.CopyTo(_data, _length);
            if (_count + 1 >= _offsets.Length) Array.Resize(ref _offsets, _offsets.Length * 2);
            _offsets[_count] = _length;
            _length += bytes.Length;
            _offsets[_count + 1] = _length;
        }
        else
        {
            EnsureData(_width);
            var span = _data.AsSpan(_length, _width);
            switch (value)
            {
                case bool b: span[0] = b ? (byte)1 : (byte)0; break;
                case int i: BinaryPrimitives.WriteInt32LittleEndian(span, i); break;
                case long l: BinaryPrimitives.WriteInt64LittleEndian(span, l); break;
                case float f: BinaryPrimitives.WriteSingleLittleEndian(span, f); break;
                case double d: BinaryPrimitives.WriteDoubleLittleEndian(span, d); break;
                default: throw new InvalidOperationException($"Unexpected {value.GetType()} for {_type}");
            }
            _length += _width;
        }
        _count++;
    }

    public object this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count) throw new ArgumentOutOfRangeException(nameof(index));
            if (_width == 0) return _data.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]).ToArray();
            var span = _data.AsSpan(index * _width, _width);
            return _type switch
            {
                PhysicalType.Boolean => span[0] != 0,
                PhysicalType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(span),
                PhysicalType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(span),
                PhysicalType.Float => BinaryPrimitives.ReadSingleLittleEndian(span),
                _ => BinaryPrimitives.ReadDoubleLittleEndian(span),
            };
        }
    }

    /// <summary>PLAIN-encoded size of value <paramref name="index"/> without materialising it.</summary>
    public int EncodedSize(int index) => _width != 0 ? _width : 4 + _offsets[index + 1] - _offsets[index];

    /// <summary>A view of values [start, start + count) for one data page.</summary>
    public IReadOnlyList<object> Range(int start, int count) => new View(this, start, count);

    public void Clear() { _length = 0; _count = 0; }

    private void EnsureData(int extra)
    {
        if (_length + extra <= _data.Length) return;
        long size = Math.Max((long)_data.Length * 2, (long)_length + extra);
        if (size > Array.MaxLength) throw new InvalidOperationException("Column chunk exceeds 2 GB; lower RowGroupBytes/RowGroupRows");
        Array.Resize(ref _data, (int)size);
    }

    public IEnumerator<object> GetEnumerator()
    {
        for (int i = 0; i < _count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class View(ValueStore store, int start, int count) : IReadOnlyList<object>
    {
        public int Count => count;
        public object this[int index] => (uint)index < (uint)count ? store[start + index] : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<object> GetEnumerator()
        {
            for (int i = 0; i < count; i++) yield return store[start + i];
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
