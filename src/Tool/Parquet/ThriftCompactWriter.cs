namespace TraceCurate.Parquet;

/// <summary>Thrift compact protocol types (thrift-compact-protocol.md, "Field types").</summary>
internal static class ThriftType
{
    public const byte Stop = 0, BoolTrue = 1, BoolFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6,
        Double = 7, Binary = 8, List = 9, Set = 10, Map = 11, Struct = 12;
}

/// <summary>
/// Minimal Thrift compact protocol writer for the Parquet metadata structs. Field ids must be
/// written in increasing order inside a struct so the short delta form is used where possible.
/// </summary>
internal sealed class ThriftCompactWriter
{
    private readonly MemoryStream _out;
    private readonly Stack<short> _lastIds = new();
    private short _lastId;

    public ThriftCompactWriter(MemoryStream output) => _out = output;

    public void FieldI32(short id, int value) { FieldHeader(id, ThriftType.I32); VarInt(ZigZag(value)); }
    public void FieldI64(short id, long value) { FieldHeader(id, ThriftType.I64); VarInt(ZigZag(value)); }
    public void FieldI16(short id, short value) { FieldHeader(id, ThriftType.I16); VarInt(ZigZag(value)); }

    // IntType.bitWidth is an i8: one raw byte, not a varint.
    public void FieldByte(short id, sbyte value) { FieldHeader(id, ThriftType.Byte); _out.WriteByte((byte)value); }

    // Booleans carry their value in the type nibble and have no payload.
    public void FieldBool(short id, bool value) => FieldHeader(id, value ? ThriftType.BoolTrue : ThriftType.BoolFalse);

    public void FieldBinary(short id, ReadOnlySpan<byte> value) { FieldHeader(id, ThriftType.Binary); Binary(value); }
    public void FieldString(short id, string value) => FieldBinary(id, System.Text.Encoding.UTF8.GetBytes(value));

    public void FieldListHeader(short id, byte elementType, int count) { FieldHeader(id, ThriftType.List); ListHeader(elementType, count); }

    /// <summary>Starts a struct-valued field; nested structs restart the field-id delta at 0.</summary>
    public void FieldStructBegin(short id) { FieldHeader(id, ThriftType.Struct); StructBegin(); }

    /// <summary>Starts a struct that is a list element (no field header).</summary>
    public void StructBegin() { _lastIds.Push(_lastId); _lastId = 0; }

    public void StructEnd() { _out.WriteByte(ThriftType.Stop); _lastId = _lastIds.Pop(); }

    /// <summary>Writes a struct with no fields set, e.g. StringType{} or a union member.</summary>
    public void FieldEmptyStruct(short id) { FieldStructBegin(id); StructEnd(); }

    public void ListHeader(byte elementType, int count)
    {
        if (count < 15) { _out.WriteByte((byte)((count << 4) | elementType)); return; }
        _out.WriteByte((byte)(0xF0 | elementType));
        VarInt((ulong)count);
    }

    public void I32(int value) => VarInt(ZigZag(value));
    public void Binary(ReadOnlySpan<byte> value) { VarInt((ulong)value.Length); _out.Write(value); }
    public void String(string value) => Binary(System.Text.Encoding.UTF8.GetBytes(value));

    private void FieldHeader(short id, byte type)
    {
        int delta = id - _lastId;
        if (delta > 0 && delta <= 15) _out.WriteByte((byte)((delta << 4) | type));
        else { _out.WriteByte(type); VarInt(ZigZag(id)); }
        _lastId = id;
    }

    private static ulong ZigZag(long v) => (ulong)((v << 1) ^ (v >> 63));

    private void VarInt(ulong v)
    {
        while (v >= 0x80) { _out.WriteByte((byte)(v | 0x80)); v >>= 7; }
        _out.WriteByte((byte)v);
    }
}
