using System.Buffers.Binary;

namespace TraceCurate.Parquet;

/// <summary>A decoded column chunk: level entries and the non-null physical values.</summary>
internal sealed class ColumnData
{
    public required int[]? Def { get; init; }
    public required int[]? Rep { get; init; }
    public required object[] Values { get; init; }
    public required int Count { get; init; }
}

/// <summary>
/// Decodes one column chunk (already read into memory) page by page: dictionary page, data
/// pages V1 (levels and values inside the compressed body, levels length-prefixed) and V2
/// (uncompressed levels without length prefixes, then possibly compressed values).
/// </summary>
internal static class ColumnReader
{
    public static ColumnData Decode(byte[] chunk, long chunkFileOffset, ColumnMetaData meta, SchemaNode leaf, string where)
    {
        var type = leaf.Element.Type!.Value;
        int typeLength = leaf.Element.TypeLength ?? 0;
        if (type == PhysicalType.FixedLenByteArray && typeLength <= 0) throw new ParquetFormatException($"{where}: FIXED_LEN_BYTE_ARRAY without a type_length");
        var def = new List<int>(); var rep = new List<int>(); var values = new List<object>();
        object[]? dictionary = null;
        int pos = 0, entries = 0;
        while (entries < meta.NumValues && pos < chunk.Length)
        {
            string page = $"{where}, page at file offset {chunkFileOffset + pos}";
            var headerReader = new ThriftCompactReader(chunk, pos, chunk.Length - pos, $"page header ({page})");
            var header = PageHeader.Read(headerReader);
            pos = headerReader.Position;
            if (header.CompressedPageSize > chunk.Length - pos)
                throw new ParquetFormatException($"{page}: page of {header.CompressedPageSize} bytes runs past the end of the column chunk ({chunk.Length - pos} bytes left)");
            CheckSizes(header, meta, entries, page);
            var body = chunk.AsSpan(pos, header.CompressedPageSize);
            pos += header.CompressedPageSize;
            switch (header.Type)
            {
                case PageType.DictionaryPage:
                    if (header.Encoding is not (PageEncoding.Plain or PageEncoding.PlainDictionary))
                        throw new ParquetFormatException($"{page}: dictionary page encoding {header.Encoding} is not supported");
                    var dictBytes = Codecs.Decompress(meta.Codec, body, header.UncompressedPageSize, page);
                    dictionary = PlainEncoding.Decode(type, typeLength, dictBytes, header.NumValues, page);
                    break;
                case PageType.DataPage:
                {
                    var data = Codecs.Decompress(meta.Codec, body, header.UncompressedPageSize, page);
                    int n = header.NumValues, p = 0;
                    if (leaf.RepLevel > 0) p += ReadV1Levels(data, p, leaf.RepLevel, n, header.RepetitionLevelEncoding, rep, page + " (repetition levels)");
                    if (leaf.DefLevel > 0) p += ReadV1Levels(data, p, leaf.DefLevel, n, header.DefinitionLevelEncoding, def, page + " (definition levels)");
                    int nonNull = NonNull(def, n, leaf.DefLevel);
                    values.AddRange(ValueDecoder.Decode(type, typeLength, header.Encoding, data.AsSpan(p), nonNull, dictionary, page));
                    entries += n;
                    break;
                }
                case PageType.DataPageV2:
                {
                    int n = header.NumValues, rl = header.RepetitionLevelsByteLength, dl = header.DefinitionLevelsByteLength;
                    if (rl < 0 || dl < 0 || (long)rl + dl > body.Length) throw new ParquetFormatException($"{page}: level lengths {rl}+{dl} exceed the page size {body.Length}");
                    if (leaf.RepLevel > 0) AddLevels(body.Slice(0, rl), leaf.RepLevel, n, rep, page + " (repetition levels)");
                    if (leaf.DefLevel > 0) AddLevels(body.Slice(rl, dl), leaf.DefLevel, n, def, page + " (definition levels)");
                    var valueBytes = body[(rl + dl)..];
                    byte[] data = header.IsCompressed && meta.Codec != CompressionCodec.Uncompressed
                        ? Codecs.Decompress(meta.Codec, valueBytes, header.UncompressedPageSize - rl - dl, page)
                        : valueBytes.ToArray();
                    int nonNull = NonNull(def, n, leaf.DefLevel);
                    values.AddRange(ValueDecoder.Decode(type, typeLength, header.Encoding, data, nonNull, dictionary, page));
                    entries += n;
                    break;
                }
                default: break; // index pages and unknown page types carry no values
            }
        }
        if (entries != meta.NumValues)
            throw new ParquetFormatException($"{where}: column chunk holds {entries} values but its metadata says {meta.NumValues}");
        return new ColumnData
        {
            Def = leaf.DefLevel > 0 ? def.ToArray() : null, Rep = leaf.RepLevel > 0 ? rep.ToArray() : null,
            Values = values.ToArray(), Count = entries,
        };
    }

    private const int MaxPageValues = 100_000_000;
    private const int MaxPageBytes = 1 << 30;

    // Bounds from the header are checked before anything is allocated, so a corrupt size cannot exhaust memory.
    private static void CheckSizes(PageHeader h, ColumnMetaData meta, long entries, string page)
    {
        if (h.UncompressedPageSize > MaxPageBytes)
            throw new ParquetFormatException($"{page}: uncompressed page size {h.UncompressedPageSize} exceeds the 1 GiB limit");
        if (meta.Codec == CompressionCodec.Uncompressed && h.Type != PageType.DataPageV2 && h.UncompressedPageSize != h.CompressedPageSize)
            throw new ParquetFormatException($"{page}: uncompressed page has different compressed ({h.CompressedPageSize}) and uncompressed ({h.UncompressedPageSize}) sizes");
        if (h.Type is PageType.DataPage or PageType.DataPageV2)
        {
            if (h.NumValues < 0 || h.NumValues > MaxPageValues || h.NumValues > meta.NumValues - entries)
                throw new ParquetFormatException($"{page}: page claims {h.NumValues} values but the chunk has {meta.NumValues - entries} left");
        }
        else if (h.Type == PageType.DictionaryPage && (h.NumValues < 0 || h.NumValues > MaxPageValues))
            throw new ParquetFormatException($"{page}: dictionary page claims {h.NumValues} values");
    }

    // Only the last page's levels are counted: def holds all pages so far.
    private static int NonNull(List<int> def, int n, int maxDef)
    {
        if (maxDef == 0) return n;
        int count = 0;
        for (int i = def.Count - n; i < def.Count; i++) if (def[i] == maxDef) count++;
        return count;
    }

    private static int ReadV1Levels(byte[] data, int p, int maxLevel, int n, PageEncoding encoding, List<int> output, string context)
    {
        if (encoding != PageEncoding.Rle)
            throw new ParquetFormatException($"{context}: level encoding {encoding} is not supported (only RLE; BIT_PACKED levels are deprecated)");
        if (data.Length - p < 4) throw new ParquetFormatException($"{context}: missing level length prefix");
        int length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(p));
        if (length < 0 || length > data.Length - p - 4) throw new ParquetFormatException($"{context}: level length {length} exceeds the page");
        AddLevels(data.AsSpan(p + 4, length), maxLevel, n, output, context);
        return 4 + length;
    }

    private static void AddLevels(ReadOnlySpan<byte> data, int maxLevel, int n, List<int> output, string context)
    {
        var levels = new int[n];
        RleBitPackedHybrid.Decode(data, RleBitPackedHybrid.BitWidth(maxLevel), levels, context);
        foreach (int l in levels)
            if ((uint)l > (uint)maxLevel) throw new ParquetFormatException($"{context}: level {l} exceeds the maximum {maxLevel}");
        output.AddRange(levels);
    }
}
