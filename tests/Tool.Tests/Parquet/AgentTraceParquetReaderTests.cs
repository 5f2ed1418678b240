using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// Issue 6's check for the AgentTrace Parquet view: a file DuckDB writes in the view layout (JSON string columns
/// beside typed scalar ones, UUID ids, INT64 timestamps) is read by a recipe into the same traces, byte for byte in
/// the <c>trace</c> output, as the JSONL it was made from.
/// </summary>
public sealed class AgentTraceParquetReaderTests
{
    // maximum_depth = 1 keeps every value as its JSON text, so spans/llm_steps/metadata are copied verbatim (DuckDB's
    // inferred struct types would add null keys to metadata objects that lacked them); the scalars are then cast to
    // the types DuckDB infers for them, so the file has a UUID column and an INT64 timestamp.
    private const string ReadOptions = "maximum_depth = 1";

    private static string ViewSelect(string timestampType, string idType = "UUID") =>
        $"CAST(trace_id ->> '$' AS {idType}) AS trace_id, " +
        $"CAST(timestamp_utc ->> '$' AS {timestampType}) AS timestamp_utc, " +
        "prompt ->> '$' AS prompt, model ->> '$' AS model, CAST(total_duration_ms AS DOUBLE) AS total_duration_ms, " +
        "to_json(spans) AS spans_json, to_json(llm_steps) AS llm_steps_json, to_json(metadata) AS metadata_json";

    private static string TraceRecipe(string input) => $"""
        name: view
        inputs: [{input}]
        outputs:
          - path: traces.jsonl
            format: trace
        """;

    [InteropFact]
    public void Samples_written_by_duckdb_with_zstd_read_as_the_same_traces_as_the_jsonl()
    {
        using var dir = new TempFolder();
        var jsonl = dir.Write("all.jsonl", File.ReadAllText(RepoPaths.Samples("agenttrace/mbpp.jsonl")) + File.ReadAllText(RepoPaths.Samples("agenttrace/nl2bash.jsonl")));
        var parquet = dir.File("view.parquet");
        InteropReaders.Run("write-duckdb.mjs", "--read-options", ReadOptions, jsonl, ViewSelect("TIMESTAMPTZ"), parquet, "COMPRESSION zstd");

        Assert.Equal(typeof(Guid), ParquetFiles.Leaf(parquet, "trace_id").ClrType);
        Assert.IsType<global::Parquet.Schema.DateTimeDataField>(ParquetFiles.Leaf(parquet, "timestamp_utc"));
        Assert.All(ParquetFiles.Codecs(parquet), c => Assert.Equal("ZSTD", c));
        Assert.IsType<AgentTraceParquetReader>(FormatDetector.Detect(parquet));
        AssertSameTraceOutput(dir, "all.jsonl", "view.parquet", expectedTraces: 7);
    }

    [InteropFact]
    public void Generated_corpus_with_nanosecond_timestamps_and_snappy_reads_as_the_jsonl()
    {
        using var dir = new TempFolder();
        var jsonl = dir.File("data.jsonl");
        var gen = Processes.Run("python3", [Path.Combine(RepoPaths.Root, "tests", "Tool.Tests", "Fixtures", "python", "agenttrace_gen.py"), jsonl, "300", "5"]);
        Assert.True(gen.ExitCode == 0, gen.Err);
        var parquet = dir.File("view.parquet");
        InteropReaders.Run("write-duckdb.mjs", "--read-options", ReadOptions, jsonl, ViewSelect("TIMESTAMP_NS", idType: "VARCHAR"), parquet, "COMPRESSION snappy");

        // (DuckDB rounds row groups up to 2,048-row vectors, so several row groups are covered by the local tests.)
        Assert.Equal(global::Parquet.Schema.DateTimeTimeUnit.Nanos, ((global::Parquet.Schema.DateTimeDataField)ParquetFiles.Leaf(parquet, "timestamp_utc")).Unit);
        AssertSameTraceOutput(dir, "data.jsonl", "view.parquet", expectedTraces: 300);
    }

    [InteropFact]
    public void Format_original_on_a_parquet_input_is_a_clear_error()
    {
        using var dir = new TempFolder();
        var jsonl = dir.Write("all.jsonl", File.ReadAllText(RepoPaths.Samples("agenttrace/mbpp.jsonl")));
        InteropReaders.Run("write-duckdb.mjs", "--read-options", ReadOptions, jsonl, ViewSelect("TIMESTAMPTZ"), dir.File("view.parquet"), "");
        var error = Assert.Throws<TraceCurateException>(() => RecipeRun.RunLogged(dir, """
            name: copy
            inputs: [view.parquet]
            outputs:
              - path: copy.jsonl
                format: original
            """));
        Assert.Contains("TC0008", error.Message);
        Assert.Contains("Parquet", error.Message);
        Assert.Contains("format: trace", error.Message);
    }

    /// <summary>Runs one recipe per input and compares the two trace outputs byte for byte.</summary>
    private static void AssertSameTraceOutput(TempFolder dir, string jsonl, string parquet, int expectedTraces)
    {
        var fromJsonl = RecipeRun.RunLogged(dir, TraceRecipe(jsonl), recipeName: "from-jsonl.yaml");
        var fromParquet = RecipeRun.RunLogged(dir, TraceRecipe(parquet), recipeName: "from-parquet.yaml");
        Assert.Equal(expectedTraces, fromJsonl.Result.TracesRead);
        Assert.Equal(expectedTraces, fromParquet.Result.TracesRead);
        var expected = File.ReadAllBytes(Path.Combine(fromJsonl.OutDir, "traces.jsonl"));
        var actual = File.ReadAllBytes(Path.Combine(fromParquet.OutDir, "traces.jsonl"));
        Assert.Equal(File.ReadAllLines(Path.Combine(fromJsonl.OutDir, "traces.jsonl")), File.ReadAllLines(Path.Combine(fromParquet.OutDir, "traces.jsonl")));
        Assert.Equal(expected, actual);
    }
}
