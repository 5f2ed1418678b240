using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace TraceCurate.Parquet;

/// <summary>Data pages of a <see cref="ColumnWriter"/>: cutting, level and value encoding, compression.</summary>
internal sealed partial class ColumnWriter
{
    // Reused for every page: page bodies are up to PageBytes, and an array per page and step churned the large object heap.
    private readonly MemoryStream _body = new(), _levels = new(), _header = new(), _pages = new();
    private byte[] _compressed = [];

    /// <summary>
    /// Writes the buffered entries as data pages into the chunk's page buffer and drops them. A page takes whole rows
    /// (a row is all entries up to the next repetition level 0) while it holds under PageBytes of values and under
    /// PageValues entries, so where a page ends depends only on the values: unless <paramref name="final"/>, a last
    /// page that could still take rows stays buffered.
    /// </summary>
    private void EmitPages(bool final)
    {
        int entry = 0, value = 0;
        while (entry < _entries)
        {
            int start = entry, valueStart = value, rows = 0;
            long bytes = 0;
            while (entry < _entries && (entry == start || (bytes < _options.PageBytes && entry - start < _options.PageValues)))
            {
                rows++;
                do
                {
                    if (_leaf.DefLevel == 0 || _def[entry] == _leaf.DefLevel) bytes += _values.EncodedSize(value++);
                    entry++;
                } while (entry < _entries && _leaf.RepLevel > 0 && _rep[entry] != 0);
            }
            if (!final && bytes < _options.PageBytes && entry - start < _options.PageValues) { entry = start; value = valueStart; break; }
            WriteDataPage(_meta, start, entry, valueStart, value, rows);
        }
        if (_def.Count > 0) _def.RemoveRange(0, entry);
        if (_rep.Count > 0) _rep.RemoveRange(0, entry);
        if (_dictionary is null) _values.RemoveFirst(value);
        else _values.Clear(); // only at the end of a chunk: the dictionary's codes index the whole chunk
        _entries -= entry;
        _pendingValueBytes = 0;
        for (int i = 0; i < _values.Count; i++) _pendingValueBytes += _values.EncodedSize(i);
    }

    private void WriteDataPage(ColumnMetaData meta, int start, int end, int valueStart, int valueEnd, int rows)
    {
        var header = new PageHeader
        {
            NumValues = end - start,
            Encoding = _dictionary is not null ? PageEncoding.RleDictionary : PageEncoding.Plain,
        };
        Reset(_body);
        if (_options.PageVersion == 1)
        {
            // V1: each level section is prefixed with its 4-byte length and compressed with the values.
            header.Type = PageType.DataPage;
            if (_leaf.RepLevel > 0) WriteLevels(_body, _rep, start, end, _leaf.RepLevel, lengthPrefix: true);
            if (_leaf.DefLevel > 0) WriteLevels(_body, _def, start, end, _leaf.DefLevel, lengthPrefix: true);
            WriteValues(valueStart, valueEnd);
            WritePage(_pages, meta, header, []);
        }
        else
        {
            // V2: levels have no length prefix, sit before the values and are never compressed.
            header.Type = PageType.DataPageV2;
            header.NumNulls = end - start - (valueEnd - valueStart);
            header.NumRows = rows;
            Reset(_levels);
            header.RepetitionLevelsByteLength = _leaf.RepLevel > 0 ? WriteLevels(_levels, _rep, start, end, _leaf.RepLevel, lengthPrefix: false) : 0;
            header.DefinitionLevelsByteLength = _leaf.DefLevel > 0 ? WriteLevels(_levels, _def, start, end, _leaf.DefLevel, lengthPrefix: false) : 0;
            header.IsCompressed = _codec != CompressionCodec.Uncompressed;
            WriteValues(valueStart, valueEnd);
            WritePage(_pages, meta, header, _levels.GetBuffer().AsSpan(0, (int)_levels.Length));
        }
    }

    private void WriteValues(int valueStart, int valueEnd)
    {
        if (_dictionary is not null) _dictionary.EncodeIndices(valueStart, valueEnd - valueStart, _body);
        else _values.WritePlain(valueStart, valueEnd - valueStart, _body);
    }

    /// <summary>Appends levels [start, end) in the RLE/bit-packed hybrid, optionally after a 4-byte length; returns the bytes written without the prefix.</summary>
    private static int WriteLevels(MemoryStream output, List<int> levels, int start, int end, int max, bool lengthPrefix)
    {
        long at = output.Length;
        if (lengthPrefix) output.Write(stackalloc byte[4]);
        RleBitPackedHybrid.Encode(CollectionsMarshal.AsSpan(levels)[start..end], RleBitPackedHybrid.BitWidth(max), output);
        int length = (int)(output.Length - at) - (lengthPrefix ? 4 : 0);
        if (lengthPrefix) BinaryPrimitives.WriteInt32LittleEndian(output.GetBuffer().AsSpan((int)at), length);
        return length;
    }

    /// <summary>Writes header + uncompressed prefix + the compressed body buffered in _body; chunk totals include header bytes.</summary>
    private void WritePage(Stream output, ColumnMetaData meta, PageHeader header, ReadOnlySpan<byte> uncompressedPrefix)
    {
        var body = _body.GetBuffer().AsSpan(0, (int)_body.Length);
        ReadOnlySpan<byte> compressed = body;
        if (_codec != CompressionCodec.Uncompressed)
        {
            int length = Codecs.Compress(_codec, body, ref _compressed, _options.ZstdLevel);
            compressed = _compressed.AsSpan(0, length);
        }
        header.UncompressedPageSize = uncompressedPrefix.Length + body.Length;
        header.CompressedPageSize = uncompressedPrefix.Length + compressed.Length;
        Reset(_header);
        header.Write(new ThriftCompactWriter(_header));
        output.Write(_header.GetBuffer(), 0, (int)_header.Length);
        output.Write(uncompressedPrefix);
        output.Write(compressed);
        meta.TotalUncompressedSize += _header.Length + header.UncompressedPageSize;
        meta.TotalCompressedSize += _header.Length + header.CompressedPageSize;
    }

    private static void Reset(MemoryStream stream) { stream.Position = 0; stream.SetLength(0); }
}
