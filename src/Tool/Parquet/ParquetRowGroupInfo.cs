namespace TraceCurate.Parquet;

/// <summary>Footer facts about one row group.</summary>
public sealed record ParquetRowGroupInfo(int Index, long RowCount, long TotalByteSize, long CompressedSize, IReadOnlyList<ParquetColumnChunkInfo> Columns)
{
    internal static ParquetRowGroupInfo From(RowGroup g, int index) => new(
        index, g.NumRows, g.TotalByteSize, g.TotalCompressedSize ?? g.Columns.Sum(c => c.MetaData?.TotalCompressedSize ?? 0),
        g.Columns.Select(ParquetColumnChunkInfo.From).ToArray());
}

/// <summary>
/// Footer facts about one column chunk. Min/max are the raw PLAIN bytes of the statistics
/// (no length prefix for BYTE_ARRAY); the exact flags are null when the writer did not set them.
/// </summary>
public sealed record ParquetColumnChunkInfo(
    string Path, string PhysicalType, string Codec, IReadOnlyList<string> Encodings, long ValueCount,
    long CompressedSize, long UncompressedSize, long? NullCount, byte[]? MinValue, byte[]? MaxValue,
    bool? IsMinValueExact, bool? IsMaxValueExact, bool HasDictionaryPage)
{
    internal static ParquetColumnChunkInfo From(ColumnChunk c)
    {
        var m = c.MetaData ?? new ColumnMetaData();
        var s = m.Statistics;
        return new(string.Join('.', m.PathInSchema), Upper(m.Type.ToString()), Upper(m.Codec.ToString()),
            m.Encodings.Select(e => Upper(e.ToString())).ToArray(), m.NumValues, m.TotalCompressedSize, m.TotalUncompressedSize,
            s?.NullCount, s?.MinValue ?? s?.LegacyMin, s?.MaxValue ?? s?.LegacyMax, s?.IsMinValueExact, s?.IsMaxValueExact,
            m.DictionaryPageOffset is not null);
    }

    // Render enum names the way parquet.thrift spells them (RLE_DICTIONARY, BYTE_ARRAY, ...).
    private static string Upper(string pascal) =>
        string.Concat(pascal.Select((ch, i) => i > 0 && char.IsUpper(ch) && !char.IsUpper(pascal[i - 1]) ? "_" + ch : ch.ToString())).ToUpperInvariant();
}
