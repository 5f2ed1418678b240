namespace TraceCurate.Parquet;

/// <summary>parquet.thrift FileMetaData (fields 1–7; encryption fields are skipped on read).</summary>
internal sealed class FileMetaData
{
    public int Version = 1;
    public List<SchemaElement> Schema = new();
    public long NumRows;
    public List<RowGroup> RowGroups = new();
    public List<KeyValuePair<string, string?>> KeyValueMetadata = new();
    public string? CreatedBy;
    public int ColumnOrderCount; // each entry is TypeDefinedOrder{}, one per leaf column

    public void Write(ThriftCompactWriter w)
    {
        w.StructBegin();
        w.FieldI32(1, Version);
        w.FieldListHeader(2, ThriftType.Struct, Schema.Count);
        foreach (var s in Schema) s.Write(w);
        w.FieldI64(3, NumRows);
        w.FieldListHeader(4, ThriftType.Struct, RowGroups.Count);
        foreach (var rg in RowGroups) rg.Write(w);
        if (KeyValueMetadata.Count > 0)
        {
            w.FieldListHeader(5, ThriftType.Struct, KeyValueMetadata.Count);
            foreach (var kv in KeyValueMetadata)
            {
                w.StructBegin();
                w.FieldString(1, kv.Key);
                if (kv.Value is not null) w.FieldString(2, kv.Value);
                w.StructEnd();
            }
        }
        if (CreatedBy is not null) w.FieldString(6, CreatedBy);
        if (ColumnOrderCount > 0)
        {
            // ColumnOrder is a union whose field 1 is TypeDefinedOrder (an empty struct).
            w.FieldListHeader(7, ThriftType.Struct, ColumnOrderCount);
            for (int i = 0; i < ColumnOrderCount; i++) { w.StructBegin(); w.FieldEmptyStruct(1); w.StructEnd(); }
        }
        w.StructEnd();
    }

    public static FileMetaData Read(ThriftCompactReader r)
    {
        var m = new FileMetaData { Version = 0 };
        r.StructBegin();
        while (r.NextField(out short id, out byte t))
        {
            switch (id)
            {
                case 1 when t == ThriftType.I32: m.Version = r.ReadI32(); break;
                case 2 when t == ThriftType.List:
                    for (int n = r.ReadListHeader(out _), i = 0; i < n; i++) m.Schema.Add(SchemaElement.Read(r));
                    break;
                case 3 when t == ThriftType.I64: m.NumRows = r.ReadI64(); break;
                case 4 when t == ThriftType.List:
                    for (int n = r.ReadListHeader(out _), i = 0; i < n; i++) m.RowGroups.Add(RowGroup.Read(r));
                    break;
                case 5 when t == ThriftType.List:
                    for (int n = r.ReadListHeader(out _), i = 0; i < n; i++) m.KeyValueMetadata.Add(ReadKeyValue(r));
                    break;
                case 6 when t == ThriftType.Binary: m.CreatedBy = r.ReadString(); break;
                case 7 when t == ThriftType.List:
                    m.ColumnOrderCount = r.ReadListHeader(out byte et);
                    for (int i = 0; i < m.ColumnOrderCount; i++) r.Skip(et);
                    break;
                default: r.Skip(t); break;
            }
        }
        r.StructEnd();
        if (m.Schema.Count == 0) throw r.Error("FileMetaData has no schema");
        return m;
    }

    private static KeyValuePair<string, string?> ReadKeyValue(ThriftCompactReader r)
    {
        string key = ""; string? value = null;
        r.StructBegin();
        while (r.NextField(out short id, out byte t))
        {
            if (id == 1 && t == ThriftType.Binary) key = r.ReadString();
            else if (id == 2 && t == ThriftType.Binary) value = r.ReadString();
            else r.Skip(t);
        }
        r.StructEnd();
        return new(key, value);
    }
}
