namespace TraceCurate.Parquet;

/// <summary>parquet.thrift ColumnMetaData (fields 1–12; newer fields are skipped on read).</summary>
internal sealed class ColumnMetaData
{
    public PhysicalType Type;
    public List<PageEncoding> Encodings = new();
    public List<string> PathInSchema = new();
    public CompressionCodec Codec;
    public long NumValues;
    public long TotalUncompressedSize;
    public long TotalCompressedSize;
    public long DataPageOffset;
    public long? DictionaryPageOffset;
    public Statistics? Statistics;

    public void WriteFields(ThriftCompactWriter w)
    {
        w.FieldI32(1, (int)Type);
        w.FieldListHeader(2, ThriftType.I32, Encodings.Count);
        foreach (var e in Encodings) w.I32((int)e);
        w.FieldListHeader(3, ThriftType.Binary, PathInSchema.Count);
        foreach (var p in PathInSchema) w.String(p);
        w.FieldI32(4, (int)Codec);
        w.FieldI64(5, NumValues);
        w.FieldI64(6, TotalUncompressedSize);
        w.FieldI64(7, TotalCompressedSize);
        w.FieldI64(9, DataPageOffset);
        if (DictionaryPageOffset is { } d) w.FieldI64(11, d);
        if (Statistics is not null) { w.FieldStructBegin(12); Statistics.WriteFields(w); w.StructEnd(); }
    }

    public static ColumnMetaData Read(ThriftCompactReader r)
    {
        var m = new ColumnMetaData();
        r.StructBegin();
        while (r.NextField(out short id, out byte t))
        {
            switch (id)
            {
                case 1 when t == ThriftType.I32: m.Type = (PhysicalType)r.ReadI32(); break;
                case 2 when t == ThriftType.List:
                    for (int n = r.ReadListHeader(out _), i = 0; i < n; i++) m.Encodings.Add((PageEncoding)r.ReadI32());
                    break;
                case 3 when t == ThriftType.List:
                    for (int n = r.ReadListHeader(out _), i = 0; i < n; i++) m.PathInSchema.Add(r.ReadString());
                    break;
                case 4 when t == ThriftType.I32: m.Codec = (CompressionCodec)r.ReadI32(); break;
                case 5 when t == ThriftType.I64: m.NumValues = r.ReadI64(); break;
                case 6 when t == ThriftType.I64: m.TotalUncompressedSize = r.ReadI64(); break;
                case 7 when t == ThriftType.I64: m.TotalCompressedSize = r.ReadI64(); break;
                case 9 when t == ThriftType.I64: m.DataPageOffset = r.ReadI64(); break;
                case 11 when t == ThriftType.I64: m.DictionaryPageOffset = r.ReadI64(); break;
                case 12 when t == ThriftType.Struct: m.Statistics = Statistics.Read(r); break;
                default: r.Skip(t); break;
            }
        }
        r.StructEnd();
        return m;
    }
}

/// <summary>
/// parquet.thrift Statistics. Only the non-deprecated min_value/max_value (6/5) are written;
/// the deprecated min/max (2/1) are read as a fallback for old files.
/// </summary>
internal sealed class Statistics
{
    public long? NullCount;
    public long? DistinctCount;
    public byte[]? MaxValue, MinValue;
    public bool? IsMaxValueExact, IsMinValueExact;
    public byte[]? LegacyMax, LegacyMin;

    public void WriteFields(ThriftCompactWriter w)
    {
        if (NullCount is { } nc) w.FieldI64(3, nc);
        if (MaxValue is not null) w.FieldBinary(5, MaxValue);
        if (MinValue is not null) w.FieldBinary(6, MinValue);
        if (IsMaxValueExact is { } mx) w.FieldBool(7, mx);
        if (IsMinValueExact is { } mn) w.FieldBool(8, mn);
    }

    public static Statistics Read(ThriftCompactReader r)
    {
        var s = new Statistics();
        r.StructBegin();
        while (r.NextField(out short id, out byte t))
        {
            switch (id)
            {
                case 1 when t == ThriftType.Binary: s.LegacyMax = r.ReadBinary(); break;
                case 2 when t == ThriftType.Binary: s.LegacyMin = r.ReadBinary(); break;
                case 3 when t == ThriftType.I64: s.NullCount = r.ReadI64(); break;
                case 4 when t == ThriftType.I64: s.DistinctCount = r.ReadI64(); break;
                case 5 when t == ThriftType.Binary: s.MaxValue = r.ReadBinary(); break;
                case 6 when t == ThriftType.Binary: s.MinValue = r.ReadBinary(); break;
                case 7 when t is ThriftType.BoolTrue or ThriftType.BoolFalse: s.IsMaxValueExact = r.ReadBool(); break;
                case 8 when t is ThriftType.BoolTrue or ThriftType.BoolFalse: s.IsMinValueExact = r.ReadBool(); break;
                default: r.Skip(t); break;
            }
        }
        r.StructEnd();
        return s;
    }
}
