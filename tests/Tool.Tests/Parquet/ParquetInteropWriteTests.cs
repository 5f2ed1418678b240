using System.Diagnostics;
using System.Text.Json;
using TraceCurate.Tests.Support;
using Xunit.Abstractions;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// Issue 22's interop check: every Parquet output (<c>parquet</c>, <c>agenttrace-parquet</c>, <c>hf-dataset</c>'s
/// shard), written with every codec, is read by DuckDB, hyparquet and parquet-wasm (three independent
/// implementations), and the values they return equal the JSONL the same run wrote, read with plain JsonDocument
/// (never with our own Parquet reader).
/// </summary>
public sealed class ParquetInteropWriteTests(ITestOutputHelper output)
{
    private static readonly string[] Codecs = ["snappy", "zstd", "gzip", "none"];

    /// <summary>One recipe, three Parquet outputs per codec, plus the trace JSONL and the original rows as the reference.</summary>
    private static string Recipe()
    {
        var outputs = new System.Text.StringBuilder();
        foreach (var codec in Codecs)
            outputs.Append($"""
                  - {"{"}path: trace-{codec}.parquet, format: parquet, codec: {codec}, row_group_rows: 50{"}"}
                  - {"{"}path: agenttrace-{codec}.parquet, format: agenttrace-parquet, codec: {codec}, row_group_rows: 50{"}"}
                  - {"{"}path: hf-{codec}, format: hf-dataset, codec: {codec}, row_group_rows: 50{"}"}

                """);
        return $"""
            name: interop
            publish_unredacted: true
            inputs: [mbpp.jsonl, nl2bash.jsonl, generated.jsonl]
            outputs:
              - {"{"}path: traces.jsonl, format: trace{"}"}
              - {"{"}path: original.jsonl, format: original{"}"}
            {outputs}
            """;
    }

    [InteropFact]
    public void DuckDB_hyparquet_and_parquet_wasm_read_every_output_and_codec_as_the_jsonl()
    {
        using var dir = TempFolder.WithAgentTraceSamples();
        var gen = Processes.Run("python3", [Path.Combine(RepoPaths.Root, "tests", "Tool.Tests", "Fixtures", "python", "agenttrace_gen.py"), dir.File("generated.jsonl"), "120", "22"]);
        Assert.True(gen.ExitCode == 0, gen.Err);
        var run = RecipeRun.RunLogged(dir, Recipe());

        // The reference: the trace JSONL and the original AgentTrace rows of the same run.
        var traces = JsonLines(Path.Combine(run.OutDir, "traces.jsonl"));
        var originals = JsonLines(Path.Combine(run.OutDir, "original.jsonl"));
        Assert.Equal(127, traces.Count); // 4 + 3 sample lines + 120 generated
        Assert.Equal(traces.Count, originals.Count);
        Assert.Contains(traces, t => t.GetProperty("messages").GetArrayLength() > 0);
        Assert.Contains(traces, t => t.GetProperty("actions").GetArrayLength() > 0);
        var traceShape = traces.Select(TraceShape.FromJsonl).ToList();
        var agentTraceRows = originals.Select(AgentTraceRow.FromJsonl).ToList();

        var traceFiles = Codecs.SelectMany(c => new[]
        {
            Path.Combine(run.OutDir, $"trace-{c}.parquet"),
            Path.Combine(run.OutDir, $"hf-{c}", "data", "train-00000-of-00001.parquet"),
        }).ToList();
        var agentTraceFiles = Codecs.Select(c => Path.Combine(run.OutDir, $"agenttrace-{c}.parquet")).ToList();
        // The codec option reached every file (read from the footer by DuckDB below, not by us).
        foreach (var reader in InteropReaders.Readers)
        {
            var sw = Stopwatch.StartNew();
            var results = InteropReaders.ReadAll(reader, [.. traceFiles, .. agentTraceFiles]);
            foreach (var file in traceFiles)
            {
                var rows = results[file].GetProperty("rows").EnumerateArray().Select(TraceShape.FromParquetRow).ToList();
                AssertSameRows(traceShape, rows, $"{reader} on {Name(file)}");
            }
            foreach (var file in agentTraceFiles)
            {
                var rows = results[file].GetProperty("rows").EnumerateArray().Select(AgentTraceRow.FromParquetRow).ToList();
                AssertSameRows(agentTraceRows, rows, $"{reader} on {Name(file)}");
            }
            if (reader == "read-duckdb.mjs")
                foreach (var file in traceFiles.Concat(agentTraceFiles))
                    AssertCodec(file, results[file].GetProperty("metadata"));
            output.WriteLine($"{reader}: {traceFiles.Count + agentTraceFiles.Count} files × {traces.Count} rows agree with the JSONL ({sw.ElapsedMilliseconds} ms)");
        }
    }

    [InteropFact]
    public void Outputs_that_kept_nothing_read_as_zero_rows_and_hyparquet_sees_the_tool_in_the_footer()
    {
        using var dir = TempFolder.WithAgentTraceSamples();
        var run = RecipeRun.RunLogged(dir, """
            name: empty
            publish_unredacted: true
            inputs: [mbpp.jsonl]
            steps:
              - where: t.Messages.Count < 0
            outputs:
              - {path: trace.parquet, format: parquet, codec: zstd}
              - {path: agenttrace.parquet, format: agenttrace-parquet, codec: gzip}
              - {path: hf, format: hf-dataset, codec: none}
            """);
        string[] files =
        [
            Path.Combine(run.OutDir, "trace.parquet"),
            Path.Combine(run.OutDir, "agenttrace.parquet"),
            Path.Combine(run.OutDir, "hf", "data", "train-00000-of-00001.parquet"),
        ];
        foreach (var reader in InteropReaders.Readers)
        {
            var results = InteropReaders.ReadAll(reader, files);
            foreach (var file in files)
                Assert.True(results[file].GetProperty("rows").GetArrayLength() == 0, $"{reader} on {Name(file)}: rows in an output that kept nothing");
            if (reader != "read-hyparquet.mjs") continue;
            foreach (var file in files)
            {
                var meta = results[file].GetProperty("metadata");
                Assert.Equal("0", meta.GetProperty("num_rows").GetString());
                Assert.Contains(meta.GetProperty("key_value_metadata").EnumerateArray(), kv => kv.GetProperty("key").GetString() == "trace-curate");
            }
        }
    }

    /// <summary>The columns compared for the trace shape: the id, each message's role and text, each action's name and exit code.</summary>
    private sealed record TraceShape(string Id, string Messages, string Actions)
    {
        public static TraceShape FromJsonl(JsonElement t) => new(
            t.GetProperty("id").GetString()!,
            Join(t.GetProperty("messages"), m => $"{m.GetProperty("role").GetString()}: {Text(m, "text")}"),
            Join(t.GetProperty("actions"), a => $"{a.GetProperty("name").GetString()} -> {Number(a, "exit_code")}"));

        public static TraceShape FromParquetRow(JsonElement row) => FromJsonl(row);
    }

    /// <summary>The columns compared for the AgentTrace view: the run id, the prompt, and the spans (their tool names and outputs).</summary>
    private sealed record AgentTraceRow(string? Id, string? Prompt, string Spans)
    {
        public static AgentTraceRow FromJsonl(JsonElement r) => new(
            Text(r, "trace_id"), Text(r, "prompt"),
            Join(r.GetProperty("spans"), s => $"{Text(s, "tool_name")} -> {Text(s, "tool_output")}"));

        public static AgentTraceRow FromParquetRow(JsonElement row)
        {
            var spans = row.GetProperty("spans_json").GetString();
            Assert.NotNull(spans);
            using var doc = JsonDocument.Parse(spans);
            return new(Text(row, "trace_id"), Text(row, "prompt"), Join(doc.RootElement, s => $"{Text(s, "tool_name")} -> {Text(s, "tool_output")}"));
        }
    }

    private static void AssertSameRows<T>(IReadOnlyList<T> expected, IReadOnlyList<T> actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {actual.Count} rows, the JSONL has {expected.Count}");
        for (var i = 0; i < expected.Count; i++)
            Assert.True(Equals(expected[i], actual[i]), $"{what}: row {i} differs\n  JSONL:   {expected[i]}\n  Parquet: {actual[i]}");
    }

    /// <summary>DuckDB's parquet_metadata names the codec of every column chunk: the one the output asked for.</summary>
    private static void AssertCodec(string file, JsonElement metadata)
    {
        var codec = Codecs.Single(c => file.Contains($"-{c}", StringComparison.Ordinal));
        var expected = codec == "none" ? "UNCOMPRESSED" : codec.ToUpperInvariant();
        var chunks = metadata.EnumerateArray().Select(m => m.GetProperty("compression").GetString()).ToList();
        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.Equal(expected, c));
        var groups = metadata.EnumerateArray().Select(m => m.GetProperty("row_group_id").ToString()).Distinct().Count();
        Assert.Equal(3, groups); // 127 rows in row groups of 50
    }

    private static string Name(string file) => Path.GetRelativePath(Path.GetDirectoryName(Path.GetDirectoryName(file)!)!, file);

    private static string Join(JsonElement array, Func<JsonElement, string> item) =>
        array.ValueKind == JsonValueKind.Null ? "<null>" : string.Join(" | ", array.EnumerateArray().Select(item));

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetString() : null;

    /// <summary>A number as text: the readers print int32 as a JSON number, the JSONL too; absent and null are both "null".</summary>
    private static string Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v.ToString() : "null";

    private static List<JsonElement> JsonLines(string path) =>
        File.ReadLines(path).Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
}
