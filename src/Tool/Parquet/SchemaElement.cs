namespace TraceCurate.Parquet;

/// <summary>parquet.thrift SchemaElement: one node of the depth-first flattened schema.</summary>
internal sealed class SchemaElement
{
    public PhysicalType? Type;
    public int? TypeLength;
    public Repetition? RepetitionType;
    public string Name = "";
    public int? NumChildren;
    public int? ConvertedType;
    public int? Scale;
    public int? Precision;
    public int? FieldId;
    public LogicalType? Logical;

    public void Write(ThriftCompactWriter w)
    {
        w.StructBegin();
        if (Type is { } t) w.FieldI32(1, (int)t);
        if (TypeLength is { } tl) w.FieldI32(2, tl);
        if (RepetitionType is { } rt) w.FieldI32(3, (int)rt);
        w.FieldString(4, Name);
        if (NumChildren is { } nc) w.FieldI32(5, nc);
        if (ConvertedType is { } ct) w.FieldI32(6, ct);
        if (Scale is { } sc) w.FieldI32(7, sc);
        if (Precision is { } pr) w.FieldI32(8, pr);
        if (FieldId is { } fi) w.FieldI32(9, fi);
        if (Logical is { } lt) { w.FieldStructBegin(10); lt.Write(w); w.StructEnd(); }
        w.StructEnd();
    }

    public static SchemaElement Read(ThriftCompactReader r)
    {
        var e = new SchemaElement();
        r.StructBegin();
        while (r.NextField(out short id, out byte t))
        {
            switch (id)
            {
                case 1 when t == ThriftType.I32: e.Type = (PhysicalType)r.ReadI32(); break;
                case 2 when t == ThriftType.I32: e.TypeLength = r.ReadI32(); break;
                case 3 when t == ThriftType.I32: e.RepetitionType = (Repetition)r.ReadI32(); break;
                case 4 when t == ThriftType.Binary: e.Name = r.ReadString(); break;
                case 5 when t == ThriftType.I32: e.NumChildren = r.ReadI32(); break;
                case 6 when t == ThriftType.I32: e.ConvertedType = r.ReadI32(); break;
                case 7 when t == ThriftType.I32: e.Scale = r.ReadI32(); break;
                case 8 when t == ThriftType.I32: e.Precision = r.ReadI32(); break;
                case 9 when t == ThriftType.I32: e.FieldId = r.ReadI32(); break;
                case 10 when t == ThriftType.Struct: e.Logical = LogicalType.Read(r); break;
                default: r.Skip(t); break;
            }
        }
        r.StructEnd();
        return e;
    }
}

/// <summary>
/// parquet.thrift LogicalType union. Only the members trace-curate writes or interprets carry
/// parameters (TIMESTAMP/TIME unit and UTC flag, INTEGER width/sign, DECIMAL scale/precision).
/// </summary>
internal sealed class LogicalType
{
    public int Kind;
    public bool IsAdjustedToUtc;
    public ParquetTimeUnit Unit = ParquetTimeUnit.Micros;
    public int BitWidth = 64;
    public bool IsSigned = true;
    public int Scale, Precision;

    public void Write(ThriftCompactWriter w)
    {
        w.FieldStructBegin((short)Kind);
        switch (Kind)
        {
            case LogicalKind.Timestamp or LogicalKind.Time:
                w.FieldBool(1, IsAdjustedToUtc);
                w.FieldStructBegin(2); w.FieldEmptyStruct((short)Unit); w.StructEnd();
                break;
            case LogicalKind.Integer: w.FieldByte(1, (sbyte)BitWidth); w.FieldBool(2, IsSigned); break;
            case LogicalKind.Decimal: w.FieldI32(1, Scale); w.FieldI32(2, Precision); break;
        }
        w.StructEnd();
    }

    /// <summary>Reads the union (the caller has read the field header of SchemaElement.logicalType).</summary>
    public static LogicalType? Read(ThriftCompactReader r)
    {
        LogicalType? result = null;
        r.StructBegin();
        while (r.NextField(out short id, out byte t))
        {
            if (t != ThriftType.Struct) { r.Skip(t); continue; }
            var lt = new LogicalType { Kind = id };
            r.StructBegin();
            while (r.NextField(out short fid, out byte ft))
            {
                switch (id, fid)
                {
                    case (LogicalKind.Timestamp or LogicalKind.Time, 1): lt.IsAdjustedToUtc = r.ReadBool(); break;
                    case (LogicalKind.Timestamp or LogicalKind.Time, 2) when ft == ThriftType.Struct:
                        r.StructBegin();
                        while (r.NextField(out short uid, out byte ut)) { lt.Unit = (ParquetTimeUnit)uid; r.Skip(ut); }
                        r.StructEnd();
                        break;
                    case (LogicalKind.Integer, 1) when ft == ThriftType.Byte: lt.BitWidth = r.ReadI8(); break;
                    case (LogicalKind.Integer, 2): lt.IsSigned = r.ReadBool(); break;
                    case (LogicalKind.Decimal, 1) when ft == ThriftType.I32: lt.Scale = r.ReadI32(); break;
                    case (LogicalKind.Decimal, 2) when ft == ThriftType.I32: lt.Precision = r.ReadI32(); break;
                    default: r.Skip(ft); break;
                }
            }
            r.StructEnd();
            result = lt;
        }
        r.StructEnd();
        return result;
    }
}
