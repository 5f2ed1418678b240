namespace TraceCurate.Parquet;

/// <summary>
/// Thrift compact protocol reader over an in-memory buffer. Every read is bounds-checked and
/// throws <see cref="ParquetFormatException"/> naming <see cref="Context"/> and the offset, so a
/// corrupt footer or page header never surfaces as IndexOutOfRange or a hang. Unknown fields
/// (newer parquet-format additions) are skipped recursively.
/// </summary>
internal sealed class ThriftCompactReader
{
    private const int MaxDepth = 64;
    private readonly byte[] _buf;
    private readonly int _end;
    private readonly Stack<short> _lastIds = new();
    private short _lastId;
    private bool? _pendingBool;

    public ThriftCompactReader(byte[] buffer, int offset, int count, string context)
    {
        if (offset < 0 || count < 0 || offset + count > buffer.Length) throw new ArgumentOutOfRangeException(nameof(count));
        _buf = buffer; Position = offset; _end = offset + count; Context = context;
    }

    public int Position { get; private set; }
    public string Context { get; }

    public void StructBegin()
    {
        if (_lastIds.Count >= MaxDepth) throw Error("structs nested too deeply");
        _lastIds.Push(_lastId); _lastId = 0;
    }

    public void StructEnd() => _lastId = _lastIds.Pop();

    /// <summary>Reads a field header; returns false at the struct's stop byte.</summary>
    public bool NextField(out short id, out byte type)
    {
        byte b = ReadByte();
        type = (byte)(b & 0x0F);
        if (type == ThriftType.Stop) { id = 0; return false; }
        int delta = b >> 4;
        int fieldId = delta != 0 ? _lastId + delta : ReadZigZag32();
        if (fieldId is < short.MinValue or > short.MaxValue) throw Error($"field id {fieldId} out of range");
        id = (short)fieldId;
        _lastId = id;
        _pendingBool = type == ThriftType.BoolTrue ? true : type == ThriftType.BoolFalse ? false : null;
        if (type > ThriftType.Struct) throw Error($"unknown compact type {type} for field {id}");
        return true;
    }

    public bool ReadBool()
    {
        if (_pendingBool is { } v) { _pendingBool = null; return v; }
        return ReadByte() == 1; // list elements: 1 = true, 0 or 2 = false
    }

    public int ReadI32() => ReadZigZag32();
    public long ReadI64() => ReadZigZag64();
    public sbyte ReadI8() => (sbyte)ReadByte();

    public double ReadDouble()
    {
        Need(8);
        double d = BitConverter.ToDouble(_buf, Position);
        Position += 8;
        return d;
    }

    public byte[] ReadBinary()
    {
        ulong len = ReadVarInt();
        if (len > (ulong)(_end - Position)) throw Error($"binary length {len} exceeds the remaining {_end - Position} bytes");
        var result = _buf.AsSpan(Position, (int)len).ToArray();
        Position += (int)len;
        return result;
    }

    public string ReadString() => System.Text.Encoding.UTF8.GetString(ReadBinary());

    public int ReadListHeader(out byte elementType)
    {
        byte b = ReadByte();
        elementType = (byte)(b & 0x0F);
        long size = b >> 4;
        if (size == 15) size = (long)ReadVarInt();
        // Each element takes at least one byte (except bools in some writers), so a larger count is corrupt.
        if (size > _end - Position + 1 && elementType != ThriftType.BoolTrue) throw Error($"list size {size} exceeds the remaining bytes");
        return (int)size;
    }

    public void Skip(byte type, int depth = 0)
    {
        if (depth > MaxDepth) throw Error("nesting too deep while skipping");
        switch (type)
        {
            case ThriftType.BoolTrue or ThriftType.BoolFalse: if (_pendingBool is null) ReadByte(); _pendingBool = null; break;
            case ThriftType.Byte: ReadByte(); break;
            case ThriftType.I16 or ThriftType.I32 or ThriftType.I64: ReadVarInt(); break;
            case ThriftType.Double: Need(8); Position += 8; break;
            case ThriftType.Binary: ReadBinary(); break;
            case ThriftType.List or ThriftType.Set:
            {
                int n = ReadListHeader(out byte et);
                for (int i = 0; i < n; i++) { _pendingBool = null; Skip(et, depth + 1); }
                break;
            }
            case ThriftType.Map:
            {
                long n = (long)ReadVarInt();
                if (n == 0) break;
                byte kv = ReadByte();
                for (long i = 0; i < n; i++) { Skip((byte)(kv >> 4), depth + 1); Skip((byte)(kv & 0xF), depth + 1); }
                break;
            }
            case ThriftType.Struct:
                StructBegin();
                while (NextField(out _, out byte ft)) Skip(ft, depth + 1);
                StructEnd();
                break;
            default: throw Error($"cannot skip unknown compact type {type}");
        }
    }

    public ParquetFormatException Error(string what) =>
        new($"Corrupt Thrift metadata in {Context} at byte {Position}: {what}");

    private byte ReadByte()
    {
        if (Position >= _end) throw Error("unexpected end of data");
        return _buf[Position++];
    }

    private void Need(int n) { if (_end - Position < n) throw Error("unexpected end of data"); }

    private ulong ReadVarInt()
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw Error("varint longer than 10 bytes");
    }

    private int ReadZigZag32() { ulong v = ReadVarInt(); return (int)((uint)(v >> 1) ^ (uint)-(int)(v & 1)); }
    private long ReadZigZag64() { ulong v = ReadVarInt(); return (long)(v >> 1) ^ -(long)(v & 1); }
}
