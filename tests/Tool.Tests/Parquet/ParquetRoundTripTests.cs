using System.Text.Json;
using TraceCurate.Parquet;

namespace TraceCurate.Tests.Parquet;

public class ParquetRoundTripTests
{
    public static TheoryData<ParquetCodec, int> CodecsAndPages()
    {
        var data = new TheoryData<ParquetCodec, int>();
        foreach (var codec in Enum.GetValues<ParquetCodec>()) { data.Add(codec, 1); data.Add(codec, 2); }
        return data;
    }

    private static void AssertSameRows(IReadOnlyList<object?[]> written, IReadOnlyList<ParquetRecord> read, ParquetSchema schema)
    {
        Assert.Equal(written.Count, read.Count);
        for (int i = 0; i < written.Count; i++)
        {
            var expected = CanonicalJson.FromRow(schema.Fields, written[i]);
            var actual = JsonDocument.Parse(CanonicalJson.From(read[i])!.ToJsonString()).RootElement;
            if (CanonicalJson.Diff(expected, actual, $"row {i}") is { } diff) Assert.Fail(diff);
        }
    }

    [Theory]
    [MemberData(nameof(CodecsAndPages))]
    public void Every_type_round_trips_with_each_codec_and_page_version(ParquetCodec codec, int pageVersion)
    {
        var rows = ParquetTestData.Rows(1500);
        var file = ParquetTestData.Write(rows, new ParquetWriteOptions { Codec = codec, PageVersion = pageVersion, RowGroupRows = 600, PageValues = 256 });
        using var reader = ParquetFileReader.Open(new MemoryStream(file));
        Assert.Equal(3, reader.RowGroups.Count);
        Assert.Equal(1500, reader.RowCount);
        Assert.All(reader.RowGroups.SelectMany(g => g.Columns), c => Assert.Equal(codec.ToString().ToUpperInvariant(), c.Codec));
        AssertSameRows(rows, reader.ReadRows().ToList(), ParquetTestData.Schema);
    }

    [Fact]
    public void Reader_reports_the_schema_that_was_written()
    {
        var file = ParquetTestData.Write(ParquetTestData.Rows(3), new ParquetWriteOptions());
        using var reader = ParquetFileReader.Open(new MemoryStream(file));
        // The 3-level LIST layout names every list element "element" (LogicalTypes.md), whatever the caller called it.
        Assert.Equal(ParquetTestData.Schema.ToString().Replace("list<item:", "list<element:"), reader.Schema.ToString());
        var messages = reader.Schema.Fields[reader.Schema.IndexOf("messages")];
        Assert.Equal(ParquetFieldKind.List, messages.Kind);
        Assert.Equal(["role", "text", "tokens"], messages.Element!.Fields.Select(f => f.Name));
    }

    [Fact]
    public void Null_empty_and_null_element_lists_stay_distinct()
    {
        var schema = new ParquetSchema([ParquetField.List("xs", ParquetField.Int64("element"))]);
        object?[][] rows = [[null], [Array.Empty<object?>()], [new object?[] { null }], [new object?[] { 1L, null, 3L }]];
        var read = ParquetTestData.Read(ParquetTestData.Write(rows, new ParquetWriteOptions(), schema));
        Assert.Null(read[0]["xs"]);
        Assert.Empty((IReadOnlyList<object?>)read[1]["xs"]!);
        Assert.Equal([null], (IReadOnlyList<object?>)read[2]["xs"]!);
        Assert.Equal([1L, null, 3L], (IReadOnlyList<object?>)read[3]["xs"]!);
    }

    [Fact]
    public void Strings_fall_back_to_plain_when_the_dictionary_is_too_large()
    {
        var schema = new ParquetSchema([ParquetField.String("s", required: true), ParquetField.String("low")]);
        var rows = Enumerable.Range(0, 2000).Select(i => new object?[] { $"unique-{i}-{new string('z', 40)}", i % 3 == 0 ? "x" : "y" }).ToList();
        var file = ParquetTestData.Write(rows, new ParquetWriteOptions { DictionaryPageBytes = 10_000 }, schema);
        using var reader = ParquetFileReader.Open(new MemoryStream(file));
        var chunks = reader.RowGroups.Single().Columns;
        Assert.DoesNotContain("RLE_DICTIONARY", chunks[0].Encodings);
        Assert.False(chunks[0].HasDictionaryPage);
        Assert.Contains("RLE_DICTIONARY", chunks[1].Encodings);
        Assert.True(chunks[1].HasDictionaryPage);
        AssertSameRows(rows, reader.ReadRows().ToList(), schema);
    }

    [Fact]
    public void Row_groups_are_bounded_by_rows_and_by_bytes()
    {
        var schema = new ParquetSchema([ParquetField.String("s", required: true)]);
        var rows = Enumerable.Range(0, 100).Select(i => new object?[] { new string((char)('a' + i % 26), 1000) }).ToList();
        using (var byRows = ParquetFileReader.Open(new MemoryStream(ParquetTestData.Write(rows, new ParquetWriteOptions { RowGroupRows = 30 }, schema))))
            Assert.Equal([30L, 30L, 30L, 10L], byRows.RowGroups.Select(g => g.RowCount));
        // Each row is ≈1 KB uncompressed, so a 10 KB bound closes a group every ten rows.
        using var byBytes = ParquetFileReader.Open(new MemoryStream(ParquetTestData.Write(rows, new ParquetWriteOptions { RowGroupBytes = 10_000 }, schema)));
        Assert.Equal(10, byBytes.RowGroups.Count);
        Assert.All(byBytes.RowGroups, g => Assert.InRange(g.TotalByteSize, 1, 40_000));
        Assert.Equal(100, byBytes.ReadRows().Count());
    }

    [Fact]
    public void Same_rows_give_byte_identical_files()
    {
        var options = new ParquetWriteOptions { CreatedBy = "trace-curate version 0.1.0", KeyValueMetadata = [new("k", "v")] };
        var a = ParquetTestData.Write(ParquetTestData.Rows(500), options);
        var b = ParquetTestData.Write(ParquetTestData.Rows(500), options);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Key_value_metadata_and_created_by_round_trip()
    {
        var options = new ParquetWriteOptions { CreatedBy = "trace-curate version 9.9.9", KeyValueMetadata = [new("huggingface", "{\"info\":1}"), new("b", "")] };
        using var reader = ParquetFileReader.Open(new MemoryStream(ParquetTestData.Write(ParquetTestData.Rows(2), options)));
        Assert.Equal("trace-curate version 9.9.9", reader.CreatedBy);
        Assert.Equal("{\"info\":1}", reader.Metadata["huggingface"]);
        Assert.Equal(["huggingface", "b"], reader.KeyValueMetadata.Select(kv => kv.Key));
    }

    [Fact]
    public void Rows_can_be_given_as_records_and_dictionaries()
    {
        var schema = new ParquetSchema([ParquetField.String("a"), ParquetField.Struct("s", ParquetField.Int32("x"), ParquetField.Boolean("y"))]);
        var ms = new MemoryStream();
        using (var w = new ParquetFileWriter(ms, schema, leaveOpen: true))
        {
            w.WriteRow(new ParquetRecord([new("a", "r"), new("s", new Dictionary<string, object?> { ["y"] = true, ["x"] = 5 })]));
            w.WriteRow(["p", null]);
        }
        var read = ParquetTestData.Read(ms.ToArray());
        Assert.Equal("r", read[0]["a"]);
        var s = Assert.IsType<ParquetRecord>(read[0]["s"]);
        Assert.Equal(5, s["x"]);
        Assert.Equal(true, s["y"]);
        Assert.Null(read[1]["s"]);
    }

    [Fact]
    public void A_bad_row_is_rejected_without_corrupting_the_file()
    {
        var schema = new ParquetSchema([ParquetField.String("id", required: true), ParquetField.Int64("n")]);
        var ms = new MemoryStream();
        using (var w = new ParquetFileWriter(ms, schema, leaveOpen: true))
        {
            w.WriteRow(["a", 1L]);
            Assert.Throws<ArgumentException>(() => w.WriteRow(["b", "not a number"]));
            Assert.Throws<ArgumentException>(() => w.WriteRow([null, 2L]));
            w.WriteRow(["c", 3L]);
        }
        var read = ParquetTestData.Read(ms.ToArray());
        Assert.Equal(["a", "c"], read.Select(r => r["id"]));
        Assert.Equal([1L, 3L], read.Select(r => r["n"]));
    }

    [Fact]
    public void A_file_without_rows_has_a_footer_and_no_row_groups()
    {
        var file = ParquetTestData.Write([], new ParquetWriteOptions());
        Assert.Equal("PAR1"u8.ToArray(), file[..4]);
        Assert.Equal("PAR1"u8.ToArray(), file[^4..]);
        using var reader = ParquetFileReader.Open(new MemoryStream(file));
        Assert.Equal(0, reader.RowCount);
        Assert.Empty(reader.RowGroups);
        Assert.Empty(reader.ReadRows());
        Assert.Equal(ParquetTestData.Schema.Fields.Count, reader.Schema.Fields.Count);
    }

    [Fact]
    public void Unsupported_writes_fail_early_with_a_clear_message()
    {
        Assert.Throws<ArgumentException>(() => new ParquetWriteOptions { PageVersion = 3 }.Validate());
        var schema = new ParquetSchema([ParquetField.Timestamp("t")]);
        using var w = new ParquetFileWriter(new MemoryStream(), schema);
        var e = Assert.Throws<ArgumentException>(() => w.WriteRow([DateTime.Now]));
        Assert.Contains("'t'", e.Message); // local DateTime is ambiguous; UTC DateTime or DateTimeOffset is required
    }

    [Fact]
    public void Interop_folder_is_found_by_walking_up_from_the_test_assembly()
    {
        Assert.NotNull(InteropReaders.Directory);
        Assert.True(File.Exists(Path.Combine(InteropReaders.Directory!, "package.json")));
    }

    [Fact]
    public void Float_date_binary_uuid_and_required_primitives_round_trip()
    {
        var rows = ParquetTestData.OtherTypesRows();
        var read = ParquetTestData.Read(ParquetTestData.Write(rows, new ParquetWriteOptions { PageVersion = 2 }, ParquetTestData.OtherTypesSchema));
        AssertSameRows(rows, read, ParquetTestData.OtherTypesSchema);
        Assert.Equal("550e8400-e29b-41d4-a716-446655440000", read[0]["u"]); // lowercase, bytes in RFC 4122 order
        Assert.IsType<float>(read[0]["f"]);
        Assert.Equal(new DateOnly(1969, 12, 31), read[2]["d"]);
        Assert.True(double.IsNegative((double)read[1]["x"]!));
    }
}
