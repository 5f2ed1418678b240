using System.Diagnostics;
using System.Text.Json;
using TraceCurate.Parquet;
using Xunit.Abstractions;

namespace TraceCurate.Tests.Parquet;

/// <summary>Files written by <see cref="ParquetFileWriter"/> must read back identically in three independent implementations.</summary>
public sealed class ParquetInteropWriteTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("tc-parquet-write-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string WriteFile(string name, IEnumerable<object?[]> rows, ParquetWriteOptions options, ParquetSchema? schema = null)
    {
        var path = Path.Combine(_dir.FullName, name);
        File.WriteAllBytes(path, ParquetTestData.Write(rows, options, schema));
        return path;
    }

    [InteropFact]
    public void DuckDB_hyparquet_and_parquet_wasm_read_our_files_with_every_codec_and_page_version()
    {
        var rows = ParquetTestData.Rows(1500);
        var expected = rows.Select(r => CanonicalJson.FromRow(ParquetTestData.Schema.Fields, r)).ToList();
        var files = new List<string>();
        foreach (var codec in Enum.GetValues<ParquetCodec>())
            foreach (int page in new[] { 1, 2 })
                files.Add(WriteFile($"{codec}-v{page}.parquet".ToLowerInvariant(), rows,
                    new ParquetWriteOptions { Codec = codec, PageVersion = page, RowGroupRows = 600, PageValues = 200 }));
        files.Add(WriteFile("dictionary-fallback.parquet", rows, new ParquetWriteOptions { DictionaryPageBytes = 2_000 }));
        files.Add(WriteFile("no-dictionary-defaults.parquet", rows, new ParquetWriteOptions { UseDictionary = false }));

        foreach (var reader in InteropReaders.Readers)
        {
            var sw = Stopwatch.StartNew();
            var results = InteropReaders.ReadAll(reader, files);
            foreach (var file in files)
                CanonicalJson.AssertRows(expected, results[file].GetProperty("rows"), $"{reader} on {Path.GetFileName(file)}");
            output.WriteLine($"{reader}: {files.Count} files × {rows.Count} rows agree ({sw.ElapsedMilliseconds} ms)");
        }
    }

    [InteropFact]
    public void DuckDB_sees_our_statistics_encodings_and_logical_types()
    {
        var rows = ParquetTestData.Rows(1200);
        var file = WriteFile("stats.parquet", rows, new ParquetWriteOptions { RowGroupRows = 1000 });
        var result = InteropReaders.ReadAll("read-duckdb.mjs", [file])[file];
        var meta = result.GetProperty("metadata").EnumerateArray().ToList();
        JsonElement Chunk(int group, string path) =>
            meta.Single(m => m.GetProperty("row_group_id").GetString() == group.ToString() && m.GetProperty("path_in_schema").GetString() == path);

        // Expected values computed from the in-memory rows of row group 0 (rows 0..999).
        var group0 = rows.Take(1000).ToList();
        var ids = Chunk(0, "id");
        Assert.Equal("trace-000000", ids.GetProperty("stats_min_value").GetString());
        Assert.Equal("trace-000999", ids.GetProperty("stats_max_value").GetString());
        Assert.Equal(group0.Count(r => r[1] is null).ToString(), Chunk(0, "model").GetProperty("stats_null_count").GetString());
        Assert.Contains("RLE_DICTIONARY", Chunk(0, "model").GetProperty("encodings").GetString());
        Assert.Equal(group0.Where(r => r[2] is not null).Min(r => (long)r[2]!).ToString(), Chunk(0, "turns").GetProperty("stats_min_value").GetString());
        Assert.Equal(group0.Where(r => r[2] is not null).Max(r => (long)r[2]!).ToString(), Chunk(0, "turns").GetProperty("stats_max_value").GetString());
        Assert.Equal("SNAPPY", Chunk(1, "id").GetProperty("compression").GetString());

        // Long transcripts: max truncated to ≤64 bytes (+1 code point) and still an upper bound.
        var texts = group0.Select(r => r[8] as string).Where(s => s is not null).ToList();
        string maxText = texts.Max(StringComparer.Ordinal)!, minText = texts.Min(StringComparer.Ordinal)!;
        var statMax = Chunk(0, "text").GetProperty("stats_max_value").GetString()!;
        var statMin = Chunk(0, "text").GetProperty("stats_min_value").GetString()!;
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(statMax), 1, 68);
        Assert.True(string.CompareOrdinal(statMax, maxText) >= 0, $"max statistic '{statMax}' is below the real max '{maxText}'");
        Assert.True(string.CompareOrdinal(statMin, minText) <= 0, $"min statistic '{statMin}' is above the real min '{minText}'");

        var schema = result.GetProperty("schema").EnumerateArray().GroupBy(e => e.GetProperty("name").GetString()!).ToDictionary(g => g.Key, g => g.First());
        Assert.Equal("UTF8", schema["id"].GetProperty("converted_type").GetString());
        Assert.Equal("REQUIRED", schema["id"].GetProperty("repetition_type").GetString());
        Assert.Equal("OPTIONAL", schema["model"].GetProperty("repetition_type").GetString());
        Assert.Equal("TIMESTAMP_MICROS", schema["started"].GetProperty("converted_type").GetString());
        Assert.Equal("LIST", schema["messages"].GetProperty("converted_type").GetString());
        Assert.Equal("REPEATED", schema["list"].GetProperty("repetition_type").GetString());
    }

    [InteropFact]
    public void hyparquet_sees_our_footer_metadata()
    {
        var options = new ParquetWriteOptions { CreatedBy = "trace-curate version 0.1.0", RowGroupRows = 40, KeyValueMetadata = [new("huggingface", "{\"x\":1}")] };
        var file = WriteFile("meta.parquet", ParquetTestData.Rows(100), options);
        var meta = InteropReaders.ReadAll("read-hyparquet.mjs", [file])[file].GetProperty("metadata");
        Assert.Equal(1, meta.GetProperty("version").GetInt32());
        Assert.Equal("trace-curate version 0.1.0", meta.GetProperty("created_by").GetString());
        Assert.Equal(3, meta.GetProperty("row_groups").GetInt32());
        Assert.Equal("100", meta.GetProperty("num_rows").GetString());
        var kv = meta.GetProperty("key_value_metadata").EnumerateArray().Single();
        Assert.Equal("huggingface", kv.GetProperty("key").GetString());
        Assert.Equal("{\"x\":1}", kv.GetProperty("value").GetString());
    }

    [InteropFact]
    public void Empty_single_row_and_all_null_files_are_readable_by_all_three_readers()
    {
        var empty = WriteFile("empty.parquet", [], new ParquetWriteOptions());
        var one = ParquetTestData.Rows(4).Skip(3).ToList(); // row 3 has values in every column
        var single = WriteFile("single.parquet", one, new ParquetWriteOptions { PageVersion = 2, Codec = ParquetCodec.Zstd });
        var expected = one.Select(r => CanonicalJson.FromRow(ParquetTestData.Schema.Fields, r)).ToList();
        // All-null optional columns: empty dictionaries, statistics with null_count only.
        var nulls = Enumerable.Range(0, 5).Select(i => new object?[] { $"n{i}", null, null, null, null, null, null, null, null, null, null, null }).ToList();
        var allNull = WriteFile("all-null.parquet", nulls, new ParquetWriteOptions());
        var expectedNulls = nulls.Select(r => CanonicalJson.FromRow(ParquetTestData.Schema.Fields, r)).ToList();
        foreach (var reader in InteropReaders.Readers)
        {
            var results = InteropReaders.ReadAll(reader, [empty, single, allNull]);
            CanonicalJson.AssertRows([], results[empty].GetProperty("rows"), $"{reader} on empty.parquet");
            CanonicalJson.AssertRows(expected, results[single].GetProperty("rows"), $"{reader} on single.parquet");
            CanonicalJson.AssertRows(expectedNulls, results[allNull].GetProperty("rows"), $"{reader} on all-null.parquet");
        }
    }

    [InteropFact]
    public void Float_date_binary_and_uuid_columns_are_read_identically_by_all_three_readers()
    {
        var rows = ParquetTestData.OtherTypesRows();
        var file = WriteFile("other-types.parquet", rows, new ParquetWriteOptions { Codec = ParquetCodec.Gzip }, ParquetTestData.OtherTypesSchema);
        var expected = rows.Select(r => CanonicalJson.FromRow(ParquetTestData.OtherTypesSchema.Fields, r)).ToList();
        foreach (var reader in InteropReaders.Readers)
            CanonicalJson.AssertRows(expected, InteropReaders.ReadAll(reader, [file])[file].GetProperty("rows"), $"{reader} on other-types.parquet");
    }
}
