namespace TraceCurate.Parquet;

/// <summary>Options of <see cref="ParquetFileWriter"/>. Defaults follow pyarrow/Hugging Face (SNAPPY, V1 pages, dictionary).</summary>
public sealed class ParquetWriteOptions
{
    /// <summary>Page codec. ZSTD needs the system libzstd.</summary>
    public ParquetCodec Codec { get; init; } = ParquetCodec.Snappy;

    /// <summary>A row group is closed after this many rows.</summary>
    public int RowGroupRows { get; init; } = 100_000;

    /// <summary>A row group is closed once its estimated uncompressed size reaches this (Hugging Face uses 100 MB).</summary>
    public long RowGroupBytes { get; init; } = 100L * 1024 * 1024;

    /// <summary>Data page format: 1 (DataPageHeader, the pyarrow default) or 2 (DataPageHeaderV2).</summary>
    public int PageVersion { get; init; } = 1;

    /// <summary>Target uncompressed size of one data page; pages are cut at row boundaries.</summary>
    public int PageBytes { get; init; } = 1024 * 1024;

    /// <summary>Maximum number of level entries in one data page.</summary>
    public int PageValues { get; init; } = 20_000;

    /// <summary>Dictionary-encode string and binary columns.</summary>
    public bool UseDictionary { get; init; } = true;

    /// <summary>A chunk whose PLAIN-encoded dictionary exceeds this is written PLAIN instead (pyarrow's dictionary_pagesize_limit).</summary>
    public int DictionaryPageBytes { get; init; } = 1024 * 1024;

    /// <summary>BYTE_ARRAY min/max statistics longer than this are truncated; 0 disables truncation.</summary>
    public int StatisticsTruncateLength { get; init; } = 64;

    /// <summary>Footer created_by. Readers parse it to work around writer bugs, so keep it unique, e.g. "trace-curate version 0.1.0".</summary>
    public string CreatedBy { get; init; } = "trace-curate parquet";

    /// <summary>Footer key/value metadata, written in the given order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> KeyValueMetadata { get; init; } = [];

    /// <summary>ZSTD compression level.</summary>
    public int ZstdLevel { get; init; } = Codecs.DefaultZstdLevel;

    internal void Validate()
    {
        if (PageVersion is not (1 or 2)) throw new ArgumentException("PageVersion must be 1 or 2");
        if (RowGroupRows <= 0 || RowGroupBytes <= 0 || PageBytes <= 0 || PageValues <= 0) throw new ArgumentException("Row group and page limits must be positive");
        if (!Enum.IsDefined(Codec)) throw new ArgumentException($"Unknown codec {Codec}");
        if (Codec == ParquetCodec.Zstd && !Zstd.IsAvailable) Zstd.Compress([], ZstdLevel); // throws the clear "zstd unavailable" message
    }
}
