namespace TraceCurate.Parquet;

/// <summary>parquet.thrift RowGroup.</summary>
internal sealed class RowGroup
{
    public List<ColumnChunk> Columns = new();
    public long TotalByteSize;
    public long NumRows;
    public long? FileOffset;
    public long? TotalCompressedSize;
    public short? Ordinal;

    public void Write(ThriftCompactWriter w)
    {
        w.StructBegin();
        w.FieldListHeader(1, ThriftType.Struct, Columns.Count);
        foreach (var c in Columns) c.Write(w);
        w.FieldI64(2, TotalByteSize);
        w.FieldI64(3, NumRows);
        if (FileOffset is { } fo) w.FieldI64(5, fo);
        if (TotalCompressedSize is { } tcs) w.FieldI64(6, tcs);
        if (Ordinal is { } o) w.FieldI16(7, o); // ordinal is an i16 in parquet.thrift
        w.StructEnd();
    }

    public static RowGroup Read(ThriftCompactReader r)
    {
        var g = new RowGroup();
        r.StructBegin();
        while (r.NextField(out short id, out byte t))
        {
            switch (id)
            {
                case 1 when t == ThriftType.List:
                    for (int n = r.ReadListHeader(out _), i = 0; i < n; i++) g.Columns.Add(ColumnChunk.Read(r));
                    break;
                case 2 when t == ThriftType.I64: g.TotalByteSize = r.ReadI64(); break;
                case 3 when t == ThriftType.I64: g.NumRows = r.ReadI64(); break;
                case 5 when t == ThriftType.I64: g.FileOffset = r.ReadI64(); break;
                case 6 when t == ThriftType.I64: g.TotalCompressedSize = r.ReadI64(); break;
                case 7 when t == ThriftType.I16: g.Ordinal = (short)r.ReadI32(); break;
                default: r.Skip(t); break;
            }
        }
        r.StructEnd();
        return g;
    }
}

/// <summary>parquet.thrift ColumnChunk. file_offset is required although deprecated: we write 0.</summary>
internal sealed class ColumnChunk
{
    public string? FilePath;
    public long FileOffset;
    public ColumnMetaData? MetaData;

    public void Write(ThriftCompactWriter w)
    {
        w.StructBegin();
        w.FieldI64(2, FileOffset);
        if (MetaData is not null) { w.FieldStructBegin(3); MetaData.WriteFields(w); w.StructEnd(); }
        w.StructEnd();
    }

    public static ColumnChunk Read(ThriftCompactReader r)
    {
        var c = new ColumnChunk();
        r.StructBegin();
        while (r.NextField(out short id, out byte t))
        {
            switch (id)
            {
                case 1 when t == ThriftType.Binary: c.FilePath = r.ReadString(); break;
                case 2 when t == ThriftType.I64: c.FileOffset = r.ReadI64(); break;
                case 3 when t == ThriftType.Struct: c.MetaData = ColumnMetaData.Read(r); break;
                default: r.Skip(t); break;
            }
        }
        r.StructEnd();
        return c;
    }
}
