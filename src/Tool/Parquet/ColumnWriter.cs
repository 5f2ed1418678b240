namespace TraceCurate.Parquet;

/// <summary>
/// Buffers one leaf column's entries for the current row group and writes them as a column
/// chunk: an optional dictionary page, then data pages cut at row boundaries (so V2
/// num_rows is exact and no row spans pages).
/// </summary>
internal sealed class ColumnWriter
{
    private readonly SchemaNode _leaf;
    private readonly ParquetWriteOptions _options;
    private readonly CompressionCodec _codec;
    private readonly List<int> _def = new(), _rep = new();
    private readonly ValueStore _values;
    private readonly StatisticsAccumulator _stats;
    private int _entries;

    public ColumnWriter(SchemaNode leaf, ParquetWriteOptions options)
    {
        _leaf = leaf; _options = options; _codec = (CompressionCodec)(int)options.Codec;
        _values = new ValueStore(leaf.Element.Type!.Value);
        bool utf8 = leaf.Element.ConvertedType == ConvertedType.Utf8;
        _stats = new StatisticsAccumulator(leaf.Element.Type!.Value, utf8, options.StatisticsTruncateLength);
    }

    private PhysicalType Type => _leaf.Element.Type!.Value;

    /// <summary>Estimated uncompressed bytes buffered (values plus levels).</summary>
    public long BufferedBytes { get; private set; }

    public void Add(int r, int d, object physical)
    {
        AddLevels(r, d);
        _values.Add(physical);
        _stats.Add(physical);
        BufferedBytes += PlainEncoding.EncodedSize(Type, physical);
    }

    public void AddNull(int r, int d) { AddLevels(r, d); _stats.NullCount++; }

    private void AddLevels(int r, int d)
    {
        if (_leaf.DefLevel > 0) _def.Add(d);
        if (_leaf.RepLevel > 0) _rep.Add(r);
        _entries++;
        BufferedBytes += 1;
    }

    /// <summary>Writes the buffered chunk at the stream's position and resets the buffers.</summary>
    public ColumnChunk Flush(Stream output)
    {
        var meta = new ColumnMetaData
        {
            Type = Type, PathInSchema = [.. _leaf.Path], Codec = _codec, NumValues = _entries, Statistics = _stats.ToThrift(),
        };
        var dictionary = _options.UseDictionary && Type == PhysicalType.ByteArray ? DictionaryEncoder.TryBuild(_values, _options.DictionaryPageBytes) : null;
        if (dictionary is not null)
        {
            meta.DictionaryPageOffset = output.Position;
            var body = new MemoryStream();
            PlainEncoding.Encode(Type, dictionary.Values, body);
            WritePage(output, meta, new PageHeader { Type = PageType.DictionaryPage, NumValues = dictionary.Values.Count, Encoding = PageEncoding.Plain }, body.ToArray(), []);
            meta.Encodings = [PageEncoding.Plain, PageEncoding.Rle, PageEncoding.RleDictionary];
        }
        else meta.Encodings = [PageEncoding.Plain, PageEncoding.Rle];
        meta.DataPageOffset = output.Position;

        int entry = 0, value = 0;
        do
        {
            int start = entry, valueStart = value, rows = 0;
            long bytes = 0;
            // Extend the page row by row until it is big enough; a row is all entries up to the next repetition level 0.
            while (entry < _entries && (entry == start || (bytes < _options.PageBytes && entry - start < _options.PageValues)))
            {
                rows++;
                do
                {
                    if (_leaf.DefLevel == 0 || _def[entry] == _leaf.DefLevel) bytes += _values.EncodedSize(value++);
                    entry++;
                } while (entry < _entries && _leaf.RepLevel > 0 && _rep[entry] != 0);
            }
            WriteDataPage(output, meta, start, entry, valueStart, value, rows, dictionary);
        } while (entry < _entries);

        _def.Clear(); _rep.Clear(); _values.Clear(); _stats.Reset(); _entries = 0; BufferedBytes = 0;
        return new ColumnChunk { FileOffset = 0, MetaData = meta };
    }

    private void WriteDataPage(Stream output, ColumnMetaData meta, int start, int end, int valueStart, int valueEnd, int rows, DictionaryEncoder? dictionary)
    {
        var values = _values.Range(valueStart, valueEnd - valueStart);
        var valueBytes = new MemoryStream();
        if (dictionary is not null) dictionary.EncodeIndices(values, valueBytes);
        else PlainEncoding.Encode(Type, values, valueBytes);
        var rep = _leaf.RepLevel > 0 ? Levels(_rep, start, end, _leaf.RepLevel) : [];
        var def = _leaf.DefLevel > 0 ? Levels(_def, start, end, _leaf.DefLevel) : [];
        var header = new PageHeader
        {
            NumValues = end - start,
            Encoding = dictionary is not null ? PageEncoding.RleDictionary : PageEncoding.Plain,
        };
        if (_options.PageVersion == 1)
        {
            // V1: each level section is prefixed with its 4-byte length and compressed with the values.
            header.Type = PageType.DataPage;
            var body = new MemoryStream();
            if (rep.Length > 0) { body.Write(BitConverter.GetBytes(rep.Length)); body.Write(rep); }
            if (def.Length > 0) { body.Write(BitConverter.GetBytes(def.Length)); body.Write(def); }
            valueBytes.Position = 0; valueBytes.CopyTo(body);
            WritePage(output, meta, header, body.ToArray(), []);
        }
        else
        {
            // V2: levels have no length prefix, sit before the values and are never compressed.
            header.Type = PageType.DataPageV2;
            header.NumNulls = end - start - values.Count;
            header.NumRows = rows;
            header.RepetitionLevelsByteLength = rep.Length;
            header.DefinitionLevelsByteLength = def.Length;
            header.IsCompressed = _codec != CompressionCodec.Uncompressed;
            WritePage(output, meta, header, valueBytes.ToArray(), [.. rep, .. def]);
        }
    }

    private static byte[] Levels(List<int> levels, int start, int end, int max)
    {
        var ms = new MemoryStream();
        RleBitPackedHybrid.Encode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(levels)[start..end], RleBitPackedHybrid.BitWidth(max), ms);
        return ms.ToArray();
    }

    /// <summary>Writes header + uncompressed prefix + compressed body; chunk totals include header bytes.</summary>
    private void WritePage(Stream output, ColumnMetaData meta, PageHeader header, byte[] body, byte[] uncompressedPrefix)
    {
        var compressed = _codec == CompressionCodec.Uncompressed ? body : Codecs.Compress(_codec, body, _options.ZstdLevel);
        header.UncompressedPageSize = uncompressedPrefix.Length + body.Length;
        header.CompressedPageSize = uncompressedPrefix.Length + compressed.Length;
        var headerBytes = new MemoryStream();
        header.Write(new ThriftCompactWriter(headerBytes));
        output.Write(headerBytes.GetBuffer(), 0, (int)headerBytes.Length);
        output.Write(uncompressedPrefix);
        output.Write(compressed);
        meta.TotalUncompressedSize += headerBytes.Length + header.UncompressedPageSize;
        meta.TotalCompressedSize += headerBytes.Length + header.CompressedPageSize;
    }
}
