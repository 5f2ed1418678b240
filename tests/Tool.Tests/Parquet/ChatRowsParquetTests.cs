using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Parquet;

/// <summary>
/// Chat rows in Parquet written by an independent writer (DuckDB, tests/interop): nested <c>list&lt;struct&gt;</c> message
/// columns (DuckDB adds every key of every message, as null where a message lacks it) and flat ones (the list as a JSON
/// string), one row group or many. Each must read as the same traces as the JSONL rows DuckDB was given.
/// </summary>
public sealed class ChatRowsParquetTests
{
    public static TheoryData<string, int, string> Rows => new()
    {
        { "openai-trl.jsonl", 0, "messages" },
        { "openai-trl.jsonl", 1, "messages" },
        { "sharegpt.jsonl", 0, "conversations" },
        { "swe-agent-turns.jsonl", 0, "trajectory" },
    };

    private static IReadOnlyList<string> TraceLines(string path) =>
        Export.Lines("trace", null, [.. ReaderRun.File(new ChatRowsReader(), path, ReadOptions.Default).Select(TraceAnalyzer.Analyze)]);

    [InteropTheory]
    [MemberData(nameof(Rows))]
    public void A_row_in_nested_and_flat_Parquet_reads_as_the_same_trace_as_the_jsonl_row(string sample, int index, string column)
    {
        using var temp = new TempFolder();
        var line = File.ReadAllLines(RepoPaths.Samples("chat-rows", sample)).Where(l => l.Trim().Length > 0).ElementAt(index);
        var jsonl = temp.Write("rows.jsonl", line + "\n");
        var nested = temp.File("rows.parquet");
        var flat = temp.File("flat/rows.parquet");
        Directory.CreateDirectory(temp.File("flat"));
        InteropReaders.Run("write-duckdb.mjs", jsonl, "*", nested, "");
        InteropReaders.Run("write-duckdb.mjs", jsonl, $"* REPLACE (to_json({column})::VARCHAR AS {column})", flat, "");

        var expected = TraceLines(jsonl);
        Assert.Equal("chat-rows", FormatDetector.Detect(nested).Format);
        Assert.Equal("chat-rows", FormatDetector.Detect(flat).Format);
        Assert.Equal(expected, TraceLines(nested));
        Assert.Equal(expected, TraceLines(flat));
    }

    [InteropFact]
    public void Rows_spread_over_many_row_groups_are_all_read_in_order()
    {
        using var temp = new TempFolder();
        var line = File.ReadAllLines(RepoPaths.Samples("chat-rows", "sharegpt.jsonl"))[0];
        var rows = Enumerable.Range(0, 5).Select(i => line.Replace("{\"conversations\"", $"{{\"id\":\"r{i}\",\"conversations\"")).ToList();
        var jsonl = temp.Write("rows.jsonl", rows);
        var parquet = temp.File("rows.parquet");
        InteropReaders.Run("write-duckdb.mjs", jsonl, "*", parquet, "ROW_GROUP_SIZE 2");
        var traces = ReaderRun.File(new ChatRowsReader(), parquet, ReadOptions.Default);
        Assert.Equal(["r0", "r1", "r2", "r3", "r4"], traces.Select(t => t.Id));
        Assert.Equal(TraceLines(jsonl), TraceLines(parquet));
    }
}

/// <summary>A theory that needs the Node interop writers; skipped (visibly) outside CI when they are not installed.</summary>
public sealed class InteropTheoryAttribute : TheoryAttribute
{
    public InteropTheoryAttribute()
    {
        if (InteropReaders.SkipReason is { } reason) Skip = reason;
    }
}
