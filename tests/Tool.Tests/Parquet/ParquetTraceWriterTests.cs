using System.Text.Json;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// Issue 6's check for <c>format: parquet</c>: a recipe writing both the trace JSONL and Parquet from the same
/// AgentTrace input gives a Parquet file that DuckDB (an independent reader) counts and sums to the figures computed
/// from the JSONL with plain JsonDocument, and that our own reader reads back to the same values.
/// </summary>
public sealed class ParquetTraceWriterTests
{
    private static string Recipe(string inputs, string parquetOptions = "") => $"""
        name: parquet-out
        inputs: [{inputs}]
        outputs:
          - path: traces.jsonl
            format: trace
          - path: traces.parquet
            format: parquet{parquetOptions}
        """;

    [InteropFact]
    public void Samples_parquet_matches_the_jsonl_in_duckdb_and_in_our_reader()
    {
        using var dir = TempFolder.WithAgentTraceSamples();
        var run = RecipeRun.RunLogged(dir, Recipe("mbpp.jsonl, nl2bash.jsonl"));

        var jsonl = Path.Combine(run.OutDir, "traces.jsonl");
        var parquet = Path.Combine(run.OutDir, "traces.parquet");
        var expected = JsonlFigures(jsonl);
        Assert.Equal(7, expected.Rows); // 4 + 3 lines in the samples
        Assert.True(expected.Actions > 0 && expected.Messages > 0);
        Assert.Equal(expected, DuckDbFigures(parquet));
        AssertOwnReaderAgrees(jsonl, parquet);
    }

    [InteropFact]
    public void Generated_corpus_with_zstd_and_small_row_groups_matches_the_jsonl_in_duckdb()
    {
        using var dir = new TempFolder();
        var data = dir.File("data.jsonl");
        var gen = Processes.Run("python3", [Path.Combine(RepoPaths.Root, "tests", "Tool.Tests", "Fixtures", "python", "agenttrace_gen.py"), data, "400", "11"]);
        Assert.True(gen.ExitCode == 0, gen.Err);
        var run = RecipeRun.RunLogged(dir, Recipe("data.jsonl", "\n    codec: zstd\n    row_group_rows: 64"));

        var parquet = Path.Combine(run.OutDir, "traces.parquet");
        var expected = JsonlFigures(Path.Combine(run.OutDir, "traces.jsonl"));
        Assert.Equal(400, expected.Rows);
        Assert.True(expected.Failed > 0, "the generator writes non-zero exit codes");
        Assert.Equal(expected, DuckDbFigures(parquet));
        Assert.Equal(7, ParquetFiles.RowGroupCount(parquet)); // ceil(400 / 64)
        Assert.All(ParquetFiles.Codecs(parquet), c => Assert.Equal("ZSTD", c));
        AssertOwnReaderAgrees(Path.Combine(run.OutDir, "traces.jsonl"), parquet);
    }

    [Fact]
    public void A_row_group_closes_at_about_8_MB_of_values_whatever_its_row_count()
    {
        // 20 traces, each with one action output of a million chars, which is also the text of the tool message that
        // answers the call (asserted below): 2 million chars a trace. The open row group is written once it holds
        // 8 MiB (8,388,608) of values, i.e. at the 5th trace (10 million chars; 4 make 8 million plus the small
        // fields), so memory stays bounded by the bound, not by the 100,000-row default (docs/parquet.md). Row groups:
        // 5, 5, 5, 5.
        using var dir = new TempFolder();
        var first = System.Text.Json.Nodes.JsonNode.Parse(File.ReadLines(RepoPaths.Samples("agenttrace/mbpp.jsonl")).First())!.AsObject();
        var lines = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var trace = first.DeepClone().AsObject();
            trace["trace_id"] = $"big-{i:D2}";
            trace["spans"]![0]!["tool_output"] = new string((char)('a' + i), 1_000_000);
            lines.Add(trace.ToJsonString());
        }
        File.WriteAllLines(dir.File("big.jsonl"), lines);
        var run = RecipeRun.RunLogged(dir, Recipe("big.jsonl"));

        var parquet = Path.Combine(run.OutDir, "traces.parquet");
        Assert.Equal([5L, 5L, 5L, 5L], ParquetFiles.Footer(parquet, r => r.Metadata!.RowGroups.Select(g => g.NumRows).ToArray()));
        var rows = ParquetFiles.Rows(parquet);
        var outputs = rows.Select(row => row.GetProperty("actions")[0].GetProperty("output").GetString()!).ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => new string((char)('a' + i), 1_000_000)), outputs);
        Assert.All(rows, row => Assert.Single(row.GetProperty("messages").EnumerateArray(),
            m => m.GetProperty("text").ValueKind == JsonValueKind.String && m.GetProperty("text").GetString()!.Length == 1_000_000));
    }

    [Fact]
    public void Same_input_gives_the_same_bytes_whatever_the_thread_count()
    {
        using var dir = new TempFolder();
        File.Copy(RepoPaths.Samples("agenttrace/mbpp.jsonl"), dir.File("mbpp.jsonl"));
        var one = RecipeRun.RunLogged(dir, Recipe("mbpp.jsonl"), recipeName: "one.yaml");
        var two = RecipeRun.RunLogged(dir, Recipe("mbpp.jsonl"), new TraceCurate.Pipeline.RunOptions { Threads = 4 }, recipeName: "two.yaml");
        var bytes = File.ReadAllBytes(Path.Combine(one.OutDir, "traces.parquet"));
        Assert.Equal(bytes, File.ReadAllBytes(Path.Combine(two.OutDir, "traces.parquet")));
        // Parquet.Net writes its own created_by; the tool names itself in the key/value metadata.
        Assert.True(ParquetFiles.Footer(Path.Combine(one.OutDir, "traces.parquet"), r => r.CustomMetadata.ContainsKey("trace-curate")));
    }

    [Fact]
    public void An_unknown_codec_is_a_clear_error_naming_the_output()
    {
        using var dir = new TempFolder();
        File.Copy(RepoPaths.Samples("agenttrace/mbpp.jsonl"), dir.File("mbpp.jsonl"));
        var error = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => RecipeRun.RunLogged(dir, Recipe("mbpp.jsonl", "\n    codec: lzo")));
        Assert.Contains("TC0008", error.Message);
        Assert.Contains("traces.parquet", error.Message);
        Assert.Contains("lzo", error.Message);
    }

    [Fact]
    public void Export_to_a_parquet_file_works_but_to_standard_output_is_a_usage_error()
    {
        using var dir = new TempFolder();
        var sample = RepoPaths.Samples("agenttrace/mbpp.jsonl");
        var toStdout = Support.Cli.Run("export", "-f", "parquet", sample);
        Assert.Equal(2, toStdout.ExitCode);
        Assert.Contains("-o FILE", toStdout.Err);
        Assert.Equal("", toStdout.Out);

        var file = dir.File("t.parquet");
        Assert.Equal(0, Support.Cli.Run("export", "-f", "parquet", "-o", file, sample).ExitCode);
        Assert.Equal(RepoPaths.SampleLines("agenttrace/mbpp.jsonl").Length, ParquetFiles.RowCount(file));
    }

    internal sealed record Figures(long Rows, long Actions, long Failed, long OutputTokens, long Messages, double ActionMs);

    private static Figures JsonlFigures(string path)
    {
        long rows = 0, actions = 0, failed = 0, tokens = 0, messages = 0;
        double ms = 0;
        foreach (var line in File.ReadLines(path).Where(l => l.Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            var t = doc.RootElement;
            rows++;
            messages += t.GetProperty("messages").GetArrayLength();
            foreach (var a in t.GetProperty("actions").EnumerateArray())
            {
                actions++;
                if (a.GetProperty("failed").GetBoolean()) failed++;
                if (a.GetProperty("duration_ms") is { ValueKind: JsonValueKind.Number } d) ms += d.GetDouble();
            }
            if (t.GetProperty("usage").GetProperty("output_tokens") is { ValueKind: JsonValueKind.Number } o) tokens += o.GetInt64();
        }
        return new Figures(rows, actions, failed, tokens, messages, Math.Round(ms, 3));
    }

    private static Figures DuckDbFigures(string parquet)
    {
        const string Sql = """
            SELECT count(*) AS rows,
                   coalesce(sum(len(actions)), 0) AS actions,
                   (SELECT count(*) FROM (SELECT unnest(actions) AS a FROM t) s WHERE s.a.failed) AS failed,
                   coalesce(sum(usage.output_tokens), 0) AS output_tokens,
                   coalesce(sum(len(messages)), 0) AS messages,
                   (SELECT coalesce(sum(s.a.duration_ms), 0) FROM (SELECT unnest(actions) AS a FROM t) s) AS action_ms
            FROM t
            """;
        var row = InteropReaders.Run("query-duckdb.mjs", parquet, Sql)[0];
        long L(string name) => long.Parse(row.GetProperty(name).ToString(), System.Globalization.CultureInfo.InvariantCulture);
        return new Figures(L("rows"), L("actions"), L("failed"), L("output_tokens"), L("messages"), Math.Round(row.GetProperty("action_ms").GetDouble(), 3));
    }

    /// <summary>Row by row, our reader gives the JSONL's values for the scalar columns and every action's output and failed flag.</summary>
    private static void AssertOwnReaderAgrees(string jsonl, string parquet)
    {
        var lines = File.ReadLines(jsonl).Where(l => l.Length > 0).ToList();
        var rows = ParquetFiles.Rows(parquet);
        Assert.Equal(lines.Count, rows.Count);
        var i = 0;
        foreach (var row in rows)
        {
            using var doc = JsonDocument.Parse(lines[i++]);
            var t = doc.RootElement;
            Assert.Equal(t.GetProperty("id").GetString(), row.GetProperty("id").GetString());
            Assert.Equal(t.GetProperty("model").GetString(), row.GetProperty("model").GetString());
            Assert.Equal(t.GetProperty("started_at").GetString(), row.GetProperty("started_at").GetString());
            var actions = row.GetProperty("actions").EnumerateArray().ToList();
            var expected = t.GetProperty("actions").EnumerateArray().ToList();
            Assert.Equal(expected.Count, actions.Count);
            for (var k = 0; k < actions.Count; k++)
            {
                var a = actions[k];
                Assert.Equal(expected[k].GetProperty("output").GetString(), a.GetProperty("output").GetString());
                Assert.Equal(expected[k].GetProperty("failed").GetBoolean(), a.GetProperty("failed").GetBoolean());
                Assert.Equal(expected[k].GetProperty("arguments").ValueKind == JsonValueKind.Null ? null : expected[k].GetProperty("arguments").GetRawText(), a.GetProperty("arguments").GetString());
            }
            var metadata = t.GetProperty("metadata");
            Assert.Equal(metadata.ValueKind == JsonValueKind.Null ? null : metadata.GetRawText(), row.GetProperty("metadata").GetString());
        }
    }
}
