namespace TraceCurate.Parquet;

/// <summary>Physical types (parquet.thrift enum Type).</summary>
internal enum PhysicalType { Boolean = 0, Int32 = 1, Int64 = 2, Int96 = 3, Float = 4, Double = 5, ByteArray = 6, FixedLenByteArray = 7 }

/// <summary>parquet.thrift enum FieldRepetitionType.</summary>
internal enum Repetition { Required = 0, Optional = 1, Repeated = 2 }

/// <summary>parquet.thrift enum ConvertedType (legacy annotations, still read by old readers).</summary>
internal static class ConvertedType
{
    public const int Utf8 = 0, Map = 1, MapKeyValue = 2, List = 3, Enum = 4, Decimal = 5, Date = 6,
        TimeMillis = 7, TimeMicros = 8, TimestampMillis = 9, TimestampMicros = 10,
        Uint8 = 11, Uint16 = 12, Uint32 = 13, Uint64 = 14, Int8 = 15, Int16 = 16, Int32 = 17, Int64 = 18,
        Json = 19, Bson = 20, Interval = 21;
}

/// <summary>parquet.thrift enum Encoding.</summary>
internal enum PageEncoding
{
    Plain = 0, PlainDictionary = 2, Rle = 3, BitPacked = 4, DeltaBinaryPacked = 5,
    DeltaLengthByteArray = 6, DeltaByteArray = 7, RleDictionary = 8, ByteStreamSplit = 9,
}

/// <summary>parquet.thrift enum CompressionCodec.</summary>
internal enum CompressionCodec { Uncompressed = 0, Snappy = 1, Gzip = 2, Lzo = 3, Brotli = 4, Lz4 = 5, Zstd = 6, Lz4Raw = 7 }

/// <summary>parquet.thrift enum PageType.</summary>
internal enum PageType { DataPage = 0, IndexPage = 1, DictionaryPage = 2, DataPageV2 = 3 }

/// <summary>Field ids of the LogicalType union in parquet.thrift.</summary>
internal static class LogicalKind
{
    public const int String = 1, Map = 2, List = 3, Enum = 4, Decimal = 5, Date = 6, Time = 7,
        Timestamp = 8, Integer = 10, Unknown = 11, Json = 12, Bson = 13, Uuid = 14, Float16 = 15;
}

/// <summary>Page compression codecs the writer offers.</summary>
public enum ParquetCodec { Uncompressed = 0, Snappy = 1, Gzip = 2, Zstd = 6 }

/// <summary>Units of INT64 TIMESTAMP columns (TimeUnit union in parquet.thrift).</summary>
public enum ParquetTimeUnit { Millis = 1, Micros = 2, Nanos = 3 }
