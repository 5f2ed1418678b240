namespace TraceCurate.Parquet;

/// <summary>
/// Buffers one leaf column's entries for the current row group and writes them as a column chunk: an optional
/// dictionary page, then data pages cut at row boundaries (so V2 num_rows is exact and no row spans pages).
/// A chunk that cannot be dictionary-encoded (not BYTE_ARRAY, dictionaries off, or its distinct values outgrew
/// <see cref="ParquetWriteOptions.DictionaryPageBytes"/>) has its pages encoded and compressed as soon as they are
/// full, while the run is still reading, instead of all at once when the row group closes; only the compressed
/// pages wait for the chunk to be written. The pages are the same either way: where a page ends depends only on the
/// values (see <see cref="EmitPages"/>).
/// </summary>
internal sealed partial class ColumnWriter
{
    private readonly SchemaNode _leaf;
    private readonly ParquetWriteOptions _options;
    private readonly CompressionCodec _codec;
    private readonly List<int> _def = new(), _rep = new();
    private readonly ValueStore _values;
    private readonly StatisticsAccumulator _stats;
    private readonly DictionaryEncoder? _dictionaryEncoder;
    private DictionaryEncoder? _dictionary; // _dictionaryEncoder while this chunk can still be dictionary-encoded
    private int _entries;                   // level entries not yet in a written page
    private long _chunkEntries;             // level entries of the whole chunk
    private long _pendingValueBytes;        // PLAIN bytes of the values not yet in a written page
    private ColumnMetaData _meta = new();

    public ColumnWriter(SchemaNode leaf, ParquetWriteOptions options)
    {
        _leaf = leaf; _options = options; _codec = (CompressionCodec)(int)options.Codec;
        _values = new ValueStore(leaf.Element.Type!.Value);
        bool utf8 = leaf.Element.ConvertedType == ConvertedType.Utf8;
        _stats = new StatisticsAccumulator(leaf.Element.Type!.Value, utf8, options.StatisticsTruncateLength);
        if (options.UseDictionary && Type == PhysicalType.ByteArray) _dictionaryEncoder = new DictionaryEncoder(_values, options.DictionaryPageBytes);
        _dictionary = _dictionaryEncoder;
    }

    private PhysicalType Type => _leaf.Element.Type!.Value;

    /// <summary>Estimated uncompressed bytes of the current chunk (values plus levels), written pages included.</summary>
    public long BufferedBytes { get; private set; }

    /// <summary>
    /// Buffers one value: a physical value (bool, int, long, float, double, byte[]), or a string for a UTF-8 leaf,
    /// which is encoded straight into the value buffer rather than through an array of its own.
    /// </summary>
    public void Add(int r, int d, object physical)
    {
        AddLevels(r, d);
        int size;
        if (physical is string text)
        {
            size = 4 + _values.AddUtf8(text);
            _stats.AddBytes(_values.Bytes(_values.Count - 1));
        }
        else
        {
            _values.Add(physical);
            _stats.Add(physical);
            size = PlainEncoding.EncodedSize(Type, physical);
        }
        BufferedBytes += size;
        _pendingValueBytes += size;
        if (_dictionary is not null && !_dictionary.TryAdd(_values.Count - 1))
        {
            _dictionary.Clear();
            _dictionary = null;
        }
    }

    public void AddNull(int r, int d) { AddLevels(r, d); _stats.NullCount++; }

    private void AddLevels(int r, int d)
    {
        if (_leaf.DefLevel > 0) _def.Add(d);
        if (_leaf.RepLevel > 0) _rep.Add(r);
        _entries++;
        _chunkEntries++;
        BufferedBytes += 1;
    }

    /// <summary>Called after each whole row: writes the pages that are full, unless the chunk may still take a dictionary.</summary>
    public void EndRow()
    {
        if (_dictionary is null && (_pendingValueBytes >= _options.PageBytes || _entries >= _options.PageValues)) EmitPages(final: false);
    }

    /// <summary>Writes the chunk at the stream's position and resets the buffers.</summary>
    public ColumnChunk Flush(Stream output)
    {
        var meta = _meta;
        meta.Type = Type; meta.PathInSchema = [.. _leaf.Path]; meta.Codec = _codec; meta.NumValues = _chunkEntries; meta.Statistics = _stats.ToThrift();
        if (_dictionary is not null)
        {
            meta.DictionaryPageOffset = output.Position;
            Reset(_body);
            _dictionary.WriteDictionary(_body);
            WritePage(output, meta, new PageHeader { Type = PageType.DictionaryPage, NumValues = _dictionary.Count, Encoding = PageEncoding.Plain }, []);
            meta.Encodings = [PageEncoding.Plain, PageEncoding.Rle, PageEncoding.RleDictionary];
        }
        else meta.Encodings = [PageEncoding.Plain, PageEncoding.Rle];
        EmitPages(final: true);
        meta.DataPageOffset = output.Position;
        output.Write(_pages.GetBuffer(), 0, (int)_pages.Length);

        Reset(_pages);
        _dictionary?.Clear();
        _dictionary = _dictionaryEncoder;
        _stats.Reset(); BufferedBytes = 0; _chunkEntries = 0; _meta = new ColumnMetaData();
        return new ColumnChunk { FileOffset = 0, MetaData = meta };
    }
}
