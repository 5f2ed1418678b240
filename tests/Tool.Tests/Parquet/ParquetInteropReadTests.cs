using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace TraceCurate.Tests.Parquet;

/// <summary>Files DuckDB writes (defaults and explicit codec/format options) must read with the values DuckDB itself returns.</summary>
public sealed class ParquetInteropReadTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("tc-parquet-read-");

    public void Dispose() => _dir.Delete(recursive: true);

    private const string Select =
        "id, name, n, CAST(small AS INTEGER) AS small, score, CAST(score AS FLOAT) AS score_f, ok, " +
        "CAST(ts AS TIMESTAMP) AS ts, CAST(ts AS TIMESTAMPTZ) AS ts_tz, CAST(ts AS TIMESTAMP_MS) AS ts_ms, CAST(ts AS TIMESTAMP_NS) AS ts_ns, " +
        "CAST(day AS DATE) AS day, CAST(u AS UUID) AS u, CAST(price AS DECIMAL(18,3)) AS price, tags, messages, meta";

    private static readonly (string Name, string Options)[] Variants =
    [
        ("default", ""),
        ("zstd", "COMPRESSION zstd"),
        ("snappy", "COMPRESSION snappy"),
        ("gzip", "COMPRESSION gzip"),
        ("uncompressed", "COMPRESSION uncompressed"),
        ("brotli", "COMPRESSION brotli"),
        ("lz4", "COMPRESSION lz4_raw"),
        ("v2", "PARQUET_VERSION v2"),
        ("v2-zstd", "PARQUET_VERSION v2, COMPRESSION zstd"),
        ("no-dictionary", "DICTIONARY_SIZE_LIMIT 1"),
        ("row-groups", "ROW_GROUP_SIZE 1000"),
    ];

    /// <summary>Trace-like JSONL: repetitive values (so DuckDB picks dictionaries, deltas and byte-stream-split), nulls, nesting.</summary>
    private static string WriteJsonl(string path, int count)
    {
        var rng = new Random(7);
        string[] names = ["alpha", "beta", "gämma ✓", "delta 🚀", ""];
        using var w = new StreamWriter(path);
        for (int i = 0; i < count; i++)
        {
            var row = new JsonObject
            {
                ["id"] = $"trace-{i:D6}",
                ["name"] = i % 10 == 0 ? null : names[rng.Next(names.Length)],
                ["n"] = i % 7 == 0 ? null : (long)i * 1_000_003 - 5_000_000_000L,
                ["small"] = i % 100 - 50,
                ["score"] = i % 9 == 0 ? null : Math.Round(rng.NextDouble() * 100, 2),
                ["ok"] = i % 5 == 0 ? null : i % 3 == 0,
                ["ts"] = i % 11 == 0 ? null : new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(i * 37.5).AddTicks(i * 10 % 10_000_000).ToString("yyyy-MM-dd HH:mm:ss.ffffff"),
                ["day"] = $"2024-{1 + i % 12:D2}-{1 + i % 28:D2}",
                ["u"] = i % 13 == 0 ? null : new Guid(i, (short)(i % 3000), 7, [1, 2, 3, 4, 5, 6, 7, (byte)i]).ToString(),
                ["price"] = (i % 1000) * 1.125,
                ["tags"] = i % 6 == 0 ? null : new JsonArray([.. Enumerable.Range(0, i % 4).Select(k => (JsonNode?)$"tag{(i + k) % 5}")]),
                ["messages"] = new JsonArray([.. Enumerable.Range(0, i % 3).Select(k => (JsonNode?)new JsonObject
                {
                    ["role"] = k % 2 == 0 ? "user" : "assistant",
                    ["text"] = k == 1 && i % 4 == 0 ? null : $"message {k} of {i}",
                    ["tokens"] = 10 * k + i,
                })]),
                ["meta"] = i % 8 == 0 ? null : new JsonObject { ["source"] = i % 2 == 0 ? "cli" : "ide", ["rating"] = i % 5 },
            };
            w.WriteLine(row.ToJsonString());
        }
        return path;
    }

    [InteropFact]
    public void Files_DuckDB_writes_read_back_with_the_values_DuckDB_returns()
    {
        var sw = Stopwatch.StartNew();
        var input = WriteJsonl(Path.Combine(_dir.FullName, "input.jsonl"), 5000);
        var files = Variants.Select(v => Path.Combine(_dir.FullName, v.Name + ".parquet")).ToList();
        InteropReaders.Run("write-duckdb.mjs", [input, Select, .. Variants.SelectMany((v, i) => new[] { files[i], v.Options })]);
        var duck = InteropReaders.ReadAll("read-duckdb.mjs", files);
        output.WriteLine($"DuckDB wrote and read {files.Count} files in {sw.ElapsedMilliseconds} ms");

        AssertOurReaderMatchesDuckDB(files, duck, "DuckDB", ["v2", "v2-zstd"]);
    }

    [InteropFact]
    public void Files_arrow_rs_writes_read_back_with_the_values_DuckDB_returns()
    {
        // arrow-rs (parquet-wasm) re-encodes a DuckDB file: the Rust sibling of pyarrow's writer, with its own
        // list naming, ARROW:schema metadata, V2 pages and explicitly chosen encodings.
        var input = WriteJsonl(Path.Combine(_dir.FullName, "input.jsonl"), 3000);
        var source = Path.Combine(_dir.FullName, "source.parquet");
        InteropReaders.Run("write-duckdb.mjs", [input, Select, source, ""]);
        (string Name, string Options)[] variants =
        [
            ("arrow-default", ""),
            ("arrow-v2-zstd", """{"compression":"ZSTD","version":"V2"}"""),
            ("arrow-delta", """{"compression":"SNAPPY","version":"V2","dictionary":false,"columnEncodings":{"id":"DELTA_BYTE_ARRAY","name":"DELTA_BYTE_ARRAY","n":"DELTA_BINARY_PACKED","small":"DELTA_BINARY_PACKED","score":"BYTE_STREAM_SPLIT","score_f":"BYTE_STREAM_SPLIT"}}"""),
            ("arrow-lz4-row-groups", """{"compression":"LZ4_RAW","maxRowGroupSize":700}"""),
            ("arrow-gzip", """{"compression":"GZIP"}"""),
            ("arrow-brotli", """{"compression":"BROTLI"}"""),
        ];
        var files = variants.Select(v => Path.Combine(_dir.FullName, v.Name + ".parquet")).ToList();
        InteropReaders.Run("write-parquet-wasm.mjs", [source, .. variants.SelectMany((v, i) => new[] { files[i], v.Options })]);
        var duck = InteropReaders.ReadAll("read-duckdb.mjs", files);
        AssertOurReaderMatchesDuckDB(files, duck, "parquet-wasm", ["arrow-v2-zstd", "arrow-delta"]);
        Assert.Equal(5, ParquetFiles.RowGroupCount(files[3]));
    }

    private void AssertOurReaderMatchesDuckDB(List<string> files, Dictionary<string, JsonElement> duck, string writer, string[] knownGaps)
    {
        var gaps = new List<string>();
        foreach (var file in files)
        {
            List<JsonElement> rows;
            try
            {
                rows = ParquetFiles.Rows(file);
            }
            catch (InvalidDataException e) when (e.InnerException is NotSupportedException or NotImplementedException or ArgumentOutOfRangeException)
            {
                gaps.Add(Path.GetFileNameWithoutExtension(file));
                output.WriteLine($"{Path.GetFileName(file)}: Parquet.Net cannot read it: {e.GetType().Name}: {e.Message}");
                continue;
            }
            Assert.Contains(writer, ParquetFiles.Footer(file, r => r.Metadata!.CreatedBy), StringComparison.OrdinalIgnoreCase);
            var expected = duck[file].GetProperty("rows");
            Assert.Equal(expected.GetArrayLength(), rows.Count);
            for (var i = 0; i < rows.Count; i++)
                if (SameValues.Diff(expected[i], rows[i], $"row {i}") is { } diff) Assert.Fail($"our reader vs DuckDB on {Path.GetFileName(file)}: {diff}");
            if (file.EndsWith("row-groups.parquet")) Assert.True(ParquetFiles.RowGroupCount(file) > 1, "ROW_GROUP_SIZE should give several row groups");
            output.WriteLine($"{Path.GetFileName(file)}: {ParquetFiles.RowGroupCount(file)} row groups, {string.Join("/", ParquetFiles.Codecs(file).Distinct())}");
        }
        // Parquet.Net 6.1's known gaps (docs/parquet.md): exactly these variants fail, with its own exception.
        Assert.Equal(knownGaps, gaps);
    }

    [InteropFact]
    public void DuckDB_version_2_files_exercise_the_delta_and_byte_stream_split_decoders()
    {
        // Without the timestamp columns: Parquet.Net 6.1 cannot decode DELTA_BINARY_PACKED timestamps (docs/parquet.md).
        var input = WriteJsonl(Path.Combine(_dir.FullName, "input.jsonl"), 2000);
        var file = Path.Combine(_dir.FullName, "v2.parquet");
        InteropReaders.Run("write-duckdb.mjs", [input, "id, name, n, CAST(small AS INTEGER) AS small, score, CAST(score AS FLOAT) AS score_f, ok, tags, messages, meta", file, "PARQUET_VERSION v2"]);
        var byColumn = ParquetFiles.Footer(file, r => r.Metadata!.RowGroups[0].Columns.ToDictionary(
            c => string.Join(".", c.MetaData!.PathInSchema), c => c.MetaData!.Encodings.Select(e => e.ToString()).ToList()));
        // What DuckDB chose is the premise of this test; if a DuckDB upgrade changes it, pick other columns.
        Assert.Contains("DELTA_LENGTH_BYTE_ARRAY", byColumn["id"]);
        Assert.Contains("DELTA_BINARY_PACKED", byColumn["n"]);
        Assert.Contains(byColumn.Values.SelectMany(e => e), e => e == "BYTE_STREAM_SPLIT");
        var rows = ParquetFiles.Rows(file);
        Assert.Equal(2000, rows.Count);
        Assert.Equal("trace-001999", rows[^1].GetProperty("id").GetString());
        Assert.Equal(1999L * 1_000_003 - 5_000_000_000L, rows[^1].GetProperty("n").GetInt64());
    }
}
