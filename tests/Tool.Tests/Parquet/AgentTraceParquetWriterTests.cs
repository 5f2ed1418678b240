using System.Text.Json;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// <c>format: agenttrace-parquet</c>: kept AgentTrace runs written back in the dataset's own Parquet view. Read back by
/// our reader they are the same traces as the JSONL they came from; DuckDB (an independent reader) finds every input
/// row's fields in the columns; the bytes do not depend on the thread count; runs of other formats are refused.
/// </summary>
public sealed class AgentTraceParquetWriterTests
{
    private static string Recipe(string inputs, string where = "", string options = "") => $"""
        name: at-parquet
        inputs: [{inputs}]
        {(where.Length > 0 ? $"steps:\n  - where: {where}\n" : "")}outputs:
          - path: kept.parquet
            format: agenttrace-parquet{options}
          - path: kept.jsonl
            format: original
        """;

    [Fact]
    public void Columns_hold_each_kept_rows_scalars_and_its_nested_values_as_the_json_they_were()
    {
        using var dir = TempFolder.WithAgentTraceSamples();
        var run = RecipeRun.RunLogged(dir, Recipe("mbpp.jsonl, nl2bash.jsonl", where: "t.Actions.Any(a => a.Failed)"));
        var kept = File.ReadLines(Path.Combine(run.OutDir, "kept.jsonl")).Where(l => l.Length > 0).ToList();
        Assert.InRange(kept.Count, 1, 6); // the filter kept some of the seven runs, not all

        var rows = ParquetFiles.Rows(Path.Combine(run.OutDir, "kept.parquet"));
        Assert.Equal(kept.Count, rows.Count);
        var i = 0;
        foreach (var row in rows)
        {
            using var doc = JsonDocument.Parse(kept[i++]);
            var t = doc.RootElement;
            Assert.Equal(t.GetProperty("trace_id").GetString(), row.GetProperty("trace_id").GetString());
            Assert.Equal(t.GetProperty("timestamp_utc").GetString(), row.GetProperty("timestamp_utc").GetString());
            Assert.Equal(t.GetProperty("prompt").GetString(), row.GetProperty("prompt").GetString());
            Assert.Equal(t.GetProperty("model").GetString(), row.GetProperty("model").GetString());
            Assert.Equal(t.GetProperty("total_duration_ms").GetDouble(), row.GetProperty("total_duration_ms").GetDouble());
            // The nested values are the input's own JSON text, byte for byte.
            Assert.Equal(t.GetProperty("spans").GetRawText(), row.GetProperty("spans_json").GetString());
            Assert.Equal(t.GetProperty("llm_steps").GetRawText(), row.GetProperty("llm_steps_json").GetString());
            Assert.Equal(t.GetProperty("metadata").GetRawText(), row.GetProperty("metadata_json").GetString());
        }
    }

    [Fact]
    public void Read_back_as_agenttrace_parquet_the_runs_are_the_traces_of_the_jsonl()
    {
        using var dir = TempFolder.WithAgentTraceSamples();
        var first = RecipeRun.RunLogged(dir, Recipe("mbpp.jsonl, nl2bash.jsonl"), recipeName: "first.yaml");
        File.Copy(Path.Combine(first.OutDir, "kept.parquet"), dir.File("round.parquet"));
        const string ToTrace = """
            name: {0}
            inputs: [{1}]
            outputs:
              - path: traces.jsonl
                format: trace
            """;
        var fromJsonl = RecipeRun.RunLogged(dir, string.Format(ToTrace, "from-jsonl", "mbpp.jsonl, nl2bash.jsonl"), recipeName: "a.yaml");
        var fromParquet = RecipeRun.RunLogged(dir, string.Format(ToTrace, "from-parquet", "round.parquet"), recipeName: "b.yaml");

        var expected = File.ReadLines(Path.Combine(fromJsonl.OutDir, "traces.jsonl")).Where(l => l.Length > 0).Select(Comparable).ToList();
        var actual = File.ReadLines(Path.Combine(fromParquet.OutDir, "traces.jsonl")).Where(l => l.Length > 0).Select(Comparable).ToList();
        Assert.Equal(7, expected.Count);
        Assert.Equal(expected, actual);
    }

    /// <summary>A trace JSONL record without the keys that name where it was read from.</summary>
    private static string Comparable(string line)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        foreach (var key in new[] { "format", "source" }) node.Remove(key);
        return node.ToJsonString();
    }

    [InteropFact]
    public void DuckDB_reads_every_column_and_parses_the_json_ones()
    {
        using var dir = TempFolder.WithAgentTraceSamples();
        var run = RecipeRun.RunLogged(dir, Recipe("mbpp.jsonl, nl2bash.jsonl"));
        long spans = 0, steps = 0;
        var mbpp = 0;
        foreach (var line in File.ReadLines(Path.Combine(run.OutDir, "kept.jsonl")).Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            spans += doc.RootElement.GetProperty("spans").GetArrayLength();
            steps += doc.RootElement.GetProperty("llm_steps").GetArrayLength();
            if (doc.RootElement.GetProperty("metadata").TryGetProperty("dataset", out var d) && d.GetString() == "mbpp") mbpp++;
        }
        const string Sql = """
            SELECT count(*) AS rows,
                   sum(json_array_length(spans_json::JSON)) AS spans,
                   sum(json_array_length(llm_steps_json::JSON)) AS steps,
                   count(*) FILTER (WHERE metadata_json::JSON ->> 'dataset' = 'mbpp') AS mbpp,
                   count(DISTINCT trace_id) AS ids
            FROM t
            """;
        var row = InteropReaders.Run("query-duckdb.mjs", Path.Combine(run.OutDir, "kept.parquet"), Sql)[0];
        long L(string name) => long.Parse(row.GetProperty(name).ToString(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(7, L("rows"));
        Assert.Equal(7, L("ids"));
        Assert.Equal(spans, L("spans"));
        Assert.Equal(steps, L("steps"));
        Assert.Equal(mbpp, L("mbpp"));
    }

    [Fact]
    public void Same_input_gives_the_same_bytes_whatever_the_thread_count()
    {
        using var dir = TempFolder.WithAgentTraceSamples();
        var one = RecipeRun.RunLogged(dir, Recipe("mbpp.jsonl, nl2bash.jsonl"), new TraceCurate.Pipeline.RunOptions { Threads = 1 }, recipeName: "one.yaml");
        var four = RecipeRun.RunLogged(dir, Recipe("mbpp.jsonl, nl2bash.jsonl"), new TraceCurate.Pipeline.RunOptions { Threads = 4 }, recipeName: "four.yaml");
        Assert.Equal(File.ReadAllBytes(Path.Combine(one.OutDir, "kept.parquet")), File.ReadAllBytes(Path.Combine(four.OutDir, "kept.parquet")));
    }

    [Fact]
    public void A_run_of_another_format_is_refused_naming_the_output_and_the_trace()
    {
        using var dir = new TempFolder();
        File.Copy(RepoPaths.Samples("pi/fix-grid-snap.jsonl"), dir.File("session.jsonl"), overwrite: true);
        var error = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => RecipeRun.RunLogged(dir, """
            name: refused
            inputs: [session.jsonl]
            outputs:
              - path: kept.parquet
                format: agenttrace-parquet
            """));
        Assert.Contains("TC0008", error.Message);
        Assert.Contains("format: agenttrace-parquet", error.Message);
        Assert.Contains("read as pi", error.Message);
        Assert.False(File.Exists(Path.Combine(dir.Path, "out", "refused", "kept.parquet")));
    }
}
