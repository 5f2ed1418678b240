using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Parquet;

/// <summary>The view reader on files written by Parquet.Net directly (no Node needed): sniffing, rows, bad rows.</summary>
public sealed class AgentTraceParquetReaderLocalTests
{
    private static readonly string[] View = ["trace_id", "prompt", "spans_json", "llm_steps_json", "metadata_json"];

    // Written by Parquet.Net directly, two rows per row group, so rows cross row groups.
    private static string Write(TempFolder dir, string name, string[] schema, params string?[][] rows) =>
        ParquetFiles.WriteStrings(dir.File(name), schema, 2, rows);

    [Fact]
    public void Sniffs_the_view_layout_but_not_other_parquet_files()
    {
        using var dir = new TempFolder();
        var view = Write(dir, "view.parquet", View, ["t1", "p", "[]", "[]", "{}"]);
        var other = Write(dir, "other.parquet", ["trace_id", "text"], ["t1", "x"]);
        var reader = new AgentTraceParquetReader();
        Assert.True(reader.Sniff(FormatDetector.ReadHead(view)));
        Assert.False(reader.Sniff(FormatDetector.ReadHead(other)));
        Assert.False(reader.Sniff(new FormatHead("view.parquet", File.ReadAllBytes(view), complete: true))); // no path: no footer to read
    }

    [Fact]
    public void Json_columns_become_fields_and_rows_across_row_groups_keep_their_order()
    {
        using var dir = new TempFolder();
        const string Spans = """[{"span_id":"s0","tool_name":"bash","tool_input":"ls","tool_output":"a\n","exit_code":2,"start_ns":1,"end_ns":2}]""";
        const string Steps = """[{"step_number":1,"tool_calls":[{"id":"c1","function":{"name":"bash","arguments":"{\"cmd\":\"ls\"}"}}],"output_tokens":7}]""";
        var path = Write(dir, "view.parquet", View,
            ["t1", "first", Spans, Steps, """{"dataset":"nl2bash"}"""],
            ["t2", "second", "[]", "[]", null],
            ["t3", "third", Spans, Steps, """{"dataset":"mbpp","k":[1,2]}"""]);

        var traces = ReaderRun.File(new AgentTraceParquetReader(), path);

        Assert.Equal(["t1", "t2", "t3"], traces.Select(t => t.Id));
        Assert.Equal("third", traces[2].Task);
        var action = Assert.Single(traces[0].Actions);
        Assert.Equal("a\n", action.Output);
        Assert.Equal(2, action.ExitCode);
        Assert.True(action.Failed);
        Assert.Equal(7, traces[0].Usage.OutputTokens);
        Assert.Equal("nl2bash", traces[0].Meta("dataset"));
        Assert.Null(traces[1].Metadata);
        Assert.Equal("""{"dataset":"mbpp","k":[1,2]}""", traces[2].Metadata!.Value.GetRawText());
    }

    [Fact]
    public void A_row_with_broken_json_is_a_bad_record_at_its_row_number()
    {
        using var dir = new TempFolder();
        Write(dir, "view.parquet", View, ["t1", "p", "[]", "[]", "{}"], ["t2", "p", "[{\"span_id\":", "[]", "{}"], ["t3", "p", "[]", "[]", "{}"]);
        var error = Assert.Throws<TraceCurateException>(() => RecipeRun.RunLogged(dir, """
            name: bad
            inputs: [view.parquet]
            outputs:
              - path: t.jsonl
                format: trace
            """));
        Assert.Contains("view.parquet(2", error.Message);
        Assert.Contains("TC0004", error.Message);
    }
}
