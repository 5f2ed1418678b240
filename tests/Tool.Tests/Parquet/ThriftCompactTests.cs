using TraceCurate.Parquet;

namespace TraceCurate.Tests.Parquet;

public class ThriftCompactTests
{
    private static byte[] Bytes(Action<ThriftCompactWriter> write)
    {
        var ms = new MemoryStream();
        write(new ThriftCompactWriter(ms));
        return ms.ToArray();
    }

    [Fact]
    public void Writer_uses_the_encodings_of_the_compact_protocol_spec()
    {
        var bytes = Bytes(w =>
        {
            w.StructBegin();
            w.FieldI32(1, -1);         // delta 1, type 5; zigzag(-1) = 1
            w.FieldBool(2, true);      // delta 1, type BOOL_TRUE, no payload
            w.FieldI16(7, 300);        // delta 5, type 4 (i16); zigzag 600 = varint 0xD8 0x04
            w.FieldByte(8, 64);        // delta 1, type 3: one raw byte
            w.FieldI64(40, 1);         // delta 32 > 15: type byte then zigzag field id 80
            w.FieldListHeader(41, ThriftType.Binary, 15); // size 15 needs the long list header
            for (int i = 0; i < 15; i++) w.String("");
            w.StructEnd();
        });
        byte[] expected = [0x15, 0x01, 0x11, 0x54, 0xD8, 0x04, 0x13, 0x40, 0x06, 0x50, 0x02, 0x19, 0xF8, 0x0F, .. new byte[15], 0x00];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void FileMetaData_round_trips_every_written_field()
    {
        var meta = new FileMetaData
        {
            Version = 1, NumRows = 1L << 40, CreatedBy = "trace-curate version 1.2.3", ColumnOrderCount = 2,
            KeyValueMetadata = [new("a", "b"), new("no-value", null)],
            Schema =
            [
                new SchemaElement { Name = "schema", NumChildren = 2 },
                new SchemaElement { Name = "ts", Type = PhysicalType.Int64, RepetitionType = Repetition.Optional, ConvertedType = ConvertedType.TimestampMicros,
                    Logical = new LogicalType { Kind = LogicalKind.Timestamp, IsAdjustedToUtc = true, Unit = ParquetTimeUnit.Nanos } },
                new SchemaElement { Name = "i8", Type = PhysicalType.Int32, RepetitionType = Repetition.Required,
                    Logical = new LogicalType { Kind = LogicalKind.Integer, BitWidth = 8, IsSigned = false } },
            ],
            RowGroups =
            [
                new RowGroup
                {
                    NumRows = 5, TotalByteSize = 99, FileOffset = 4, TotalCompressedSize = 77, Ordinal = 3,
                    Columns = [new ColumnChunk { FileOffset = 0, MetaData = new ColumnMetaData
                    {
                        Type = PhysicalType.ByteArray, Encodings = [PageEncoding.Plain, PageEncoding.Rle, PageEncoding.RleDictionary], PathInSchema = ["a", "b"],
                        Codec = CompressionCodec.Zstd, NumValues = 5, TotalUncompressedSize = 50, TotalCompressedSize = 40, DataPageOffset = 30, DictionaryPageOffset = 4,
                        Statistics = new Statistics { NullCount = 1, MinValue = [1, 2], MaxValue = [3], IsMaxValueExact = false, IsMinValueExact = true },
                    } }],
                },
            ],
        };
        var bytes = Bytes(meta.Write);
        var read = FileMetaData.Read(new ThriftCompactReader(bytes, 0, bytes.Length, "test"));
        Assert.Equal(Bytes(meta.Write), Bytes(read.Write));
        Assert.Equal(1L << 40, read.NumRows);
        Assert.Equal(ParquetTimeUnit.Nanos, read.Schema[1].Logical!.Unit);
        Assert.Equal(8, read.Schema[2].Logical!.BitWidth);
        Assert.False(read.Schema[2].Logical!.IsSigned);
        Assert.Equal((short)3, read.RowGroups[0].Ordinal);
        var cm = read.RowGroups[0].Columns[0].MetaData!;
        Assert.Equal(["a", "b"], cm.PathInSchema);
        Assert.Equal(4, cm.DictionaryPageOffset);
        Assert.False(cm.Statistics!.IsMaxValueExact);
        Assert.Equal([1, 2], cm.Statistics.MinValue);
        Assert.Null(read.KeyValueMetadata[1].Value);
    }

    [Fact]
    public void Reader_skips_unknown_fields_of_every_type()
    {
        // A PageHeader with extra fields a newer writer might add: a struct holding a list of structs,
        // a map, a double, a binary and a bool, between and after the known fields.
        var bytes = Bytes(w =>
        {
            w.StructBegin();
            w.FieldI32(1, 0);
            w.FieldI32(2, 10);
            w.FieldI32(3, 8);
            w.FieldStructBegin(9);
            w.FieldListHeader(1, ThriftType.Struct, 2);
            for (int i = 0; i < 2; i++) { w.StructBegin(); w.FieldI64(1, i); w.FieldBool(2, false); w.StructEnd(); }
            w.StructEnd();
            w.FieldBinary(20, [1, 2, 3]);
            w.StructEnd();
        });
        // Splice a map<i32,i32>{1:2} (field 21, type 11) and a double (field 22, type 7) before the final stop byte.
        byte[] extra = [0x1B, 0x01, 0x55, 0x02, 0x04, 0x17, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F];
        byte[] data = [.. bytes[..^1], .. extra, 0x00];
        var header = PageHeader.Read(new ThriftCompactReader(data, 0, data.Length, "test"));
        Assert.Equal(10, header.UncompressedPageSize);
        Assert.Equal(8, header.CompressedPageSize);
    }

    [Fact]
    public void Truncated_metadata_throws_a_format_exception_naming_the_context_and_offset()
    {
        var meta = new FileMetaData { Schema = [new SchemaElement { Name = "schema", NumChildren = 0 }], CreatedBy = "x" };
        var bytes = Bytes(meta.Write);
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            var e = Assert.Throws<ParquetFormatException>(() => FileMetaData.Read(new ThriftCompactReader(bytes, 0, cut, "file metadata")));
            Assert.Contains("file metadata", e.Message);
        }
    }

    [Fact]
    public void Absurd_lengths_are_rejected_before_allocating()
    {
        byte[] data = [0x48, 0xFF, 0xFF, 0xFF, 0xFF, 0x07]; // field 4 (binary) claiming 2 GiB
        var e = Assert.Throws<ParquetFormatException>(() => SchemaElement.Read(new ThriftCompactReader(data, 0, data.Length, "schema")));
        Assert.Contains("exceeds", e.Message);
    }
}
