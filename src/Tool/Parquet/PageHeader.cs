namespace TraceCurate.Parquet;

/// <summary>
/// parquet.thrift PageHeader with its DataPageHeader (5), DictionaryPageHeader (7) and
/// DataPageHeaderV2 (8). Page sizes exclude the header itself.
/// </summary>
internal sealed class PageHeader
{
    public PageType Type;
    public int UncompressedPageSize;
    public int CompressedPageSize;
    public int NumValues;
    public PageEncoding Encoding;
    public PageEncoding DefinitionLevelEncoding = PageEncoding.Rle;
    public PageEncoding RepetitionLevelEncoding = PageEncoding.Rle;
    // V2 only
    public int NumNulls, NumRows, DefinitionLevelsByteLength, RepetitionLevelsByteLength;
    public bool IsCompressed = true;

    public void Write(ThriftCompactWriter w)
    {
        w.StructBegin();
        w.FieldI32(1, (int)Type);
        w.FieldI32(2, UncompressedPageSize);
        w.FieldI32(3, CompressedPageSize);
        switch (Type)
        {
            case PageType.DataPage:
                w.FieldStructBegin(5);
                w.FieldI32(1, NumValues); w.FieldI32(2, (int)Encoding);
                w.FieldI32(3, (int)DefinitionLevelEncoding); w.FieldI32(4, (int)RepetitionLevelEncoding);
                w.StructEnd();
                break;
            case PageType.DictionaryPage:
                w.FieldStructBegin(7);
                w.FieldI32(1, NumValues); w.FieldI32(2, (int)Encoding);
                w.StructEnd();
                break;
            case PageType.DataPageV2:
                w.FieldStructBegin(8);
                w.FieldI32(1, NumValues); w.FieldI32(2, NumNulls); w.FieldI32(3, NumRows); w.FieldI32(4, (int)Encoding);
                w.FieldI32(5, DefinitionLevelsByteLength); w.FieldI32(6, RepetitionLevelsByteLength);
                w.FieldBool(7, IsCompressed);
                w.StructEnd();
                break;
        }
        w.StructEnd();
    }

    public static PageHeader Read(ThriftCompactReader r)
    {
        var h = new PageHeader();
        r.StructBegin();
        while (r.NextField(out short id, out byte t))
        {
            switch (id)
            {
                case 1 when t == ThriftType.I32: h.Type = (PageType)r.ReadI32(); break;
                case 2 when t == ThriftType.I32: h.UncompressedPageSize = r.ReadI32(); break;
                case 3 when t == ThriftType.I32: h.CompressedPageSize = r.ReadI32(); break;
                case 5 or 7 or 8 when t == ThriftType.Struct: ReadSubHeader(r, h, id); break;
                default: r.Skip(t); break;
            }
        }
        r.StructEnd();
        if (h.CompressedPageSize < 0 || h.UncompressedPageSize < 0) throw r.Error("negative page size");
        return h;
    }

    private static void ReadSubHeader(ThriftCompactReader r, PageHeader h, short which)
    {
        r.StructBegin();
        while (r.NextField(out short id, out byte t))
        {
            switch (which, id)
            {
                case (_, 1) when t == ThriftType.I32: h.NumValues = r.ReadI32(); break;
                case (5 or 7, 2) or (8, 4) when t == ThriftType.I32: h.Encoding = (PageEncoding)r.ReadI32(); break;
                case (5, 3) when t == ThriftType.I32: h.DefinitionLevelEncoding = (PageEncoding)r.ReadI32(); break;
                case (5, 4) when t == ThriftType.I32: h.RepetitionLevelEncoding = (PageEncoding)r.ReadI32(); break;
                case (8, 2) when t == ThriftType.I32: h.NumNulls = r.ReadI32(); break;
                case (8, 3) when t == ThriftType.I32: h.NumRows = r.ReadI32(); break;
                case (8, 5) when t == ThriftType.I32: h.DefinitionLevelsByteLength = r.ReadI32(); break;
                case (8, 6) when t == ThriftType.I32: h.RepetitionLevelsByteLength = r.ReadI32(); break;
                case (8, 7) when t is ThriftType.BoolTrue or ThriftType.BoolFalse: h.IsCompressed = r.ReadBool(); break;
                default: r.Skip(t); break;
            }
        }
        r.StructEnd();
    }
}
