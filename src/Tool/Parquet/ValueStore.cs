using System.Buffers.Binary;
using System.Collections;
using System.Text;

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

    /// <summary>Appends a string as UTF-8 straight into the buffer (no intermediate array); returns its byte length.</summary>
    public int AddUtf8(string value)
    {
        int max = Encoding.UTF8.GetMaxByteCount(value.Length);
        EnsureData(max <= _data.Length - _length ? 0 : Encoding.UTF8.GetByteCount(value));
        int n = Encoding.UTF8.GetBytes(value, _data.AsSpan(_length));
        if (_count + 1 >= _offsets.Length) Array.Resize(ref _offsets, _offsets.Length * 2);
        _offsets[_count] = _length;
        _length += n;
        _offsets[_count + 1] = _length;
        _count++;
        return n;
    }

    /// <summary>The bytes of BYTE_ARRAY value <paramref name="index"/>, without copying.</summary>
    public ReadOnlySpan<byte> Bytes(int index) => _data.AsSpan(_offsets[index], _offsets[index + 1] - _offsets[index]);

    /// <summary>PLAIN encoding of values [start, start + count), written straight from the buffer.</summary>
    public void WritePlain(int start, int count, MemoryStream output)
    {
        Span<byte> prefix = stackalloc byte[4];
        if (_type == PhysicalType.FixedLenByteArray)
        {
            for (int i = start; i < start + count; i++) output.Write(Bytes(i)); // no length prefix: the schema fixes it
        }
        else if (_width == 0)
        {
            for (int i = start; i < start + count; i++)
            {
                var bytes = Bytes(i);
                BinaryPrimitives.WriteInt32LittleEndian(prefix, bytes.Length);
                output.Write(prefix);
                output.Write(bytes);
            }
        }
        else if (_type == PhysicalType.Boolean)
        {
            int acc = 0, bits = 0;
            for (int i = start; i < start + count; i++)
            {
                if (_data[i] != 0) acc |= 1 << bits;
                if (++bits == 8) { output.WriteByte((byte)acc); acc = 0; bits = 0; }
            }
            if (bits > 0) output.WriteByte((byte)acc);
        }
        else output.Write(_data.AsSpan(start * _width, count * _width)); // the buffer already is the PLAIN layout
    }

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

    /// <summary>Drops values [0, count) once their page is written, keeping the rest (the next page's start).</summary>
    public void RemoveFirst(int count)
    {
        if (count == 0) return;
        if (count == _count) { Clear(); return; }
        if (_width != 0)
        {
            _data.AsSpan(count * _width, _length - count * _width).CopyTo(_data);
            _length -= count * _width;
        }
        else
        {
            int cut = _offsets[count];
            _data.AsSpan(cut, _length - cut).CopyTo(_data);
            _length -= cut;
            for (int i = count; i <= _count; i++) _offsets[i - count] = _offsets[i] - cut;
        }
        _count -= count;
    }

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
