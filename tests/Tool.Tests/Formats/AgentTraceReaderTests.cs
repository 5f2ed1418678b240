using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

public sealed class AgentTraceReaderTests
{
    private static readonly AgentTraceReader Reader = new();

    private static IReadOnlyList<Trace> ReadFile(string path)
    {
        var file = new InputFile(path, Reader, ReadOptions.Default);
        using var stream = File.OpenRead(path);
        return Reader.Split(stream, file).SelectMany(r => Reader.Parse(r, ReadOptions.Default)).ToList();
    }

    [Fact]
    public void Every_sample_row_maps_spans_to_actions_and_steps_to_assistant_messages()
    {
        foreach (var path in Directory.GetFiles(Path.Combine(RepoPaths.Samples(), "agenttrace"), "*.jsonl"))
        {
            var rows = File.ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var traces = ReadFile(path);
            Assert.Equal(rows.Count, traces.Count);
            foreach (var (row, trace) in rows.Zip(traces))
            {
                var spans = row.GetProperty("spans").EnumerateArray().ToList();
                Assert.Equal(row.GetProperty("trace_id").GetString(), trace.Id);
                Assert.Equal(spans.Count, trace.Actions.Count);
                Assert.Equal(spans.Count(s => s.GetProperty("exit_code").GetInt32() != 0), trace.Actions.Count(a => a.Failed));
                Assert.Equal(row.GetProperty("llm_steps").GetArrayLength(), trace.Messages.Count(m => m.Role == Role.Assistant));
                Assert.Equal(row.GetProperty("prompt").GetString(), trace.Task);
                var inputTokens = row.GetProperty("llm_steps").EnumerateArray().Sum(s => s.GetProperty("input_tokens").GetInt64());
                Assert.Equal(inputTokens, trace.Usage.InputTokens);
                Assert.Null(trace.Usage.CostUsd);
            }
        }
    }

    [Fact]
    public void Tool_messages_answer_the_assistant_calls_by_id()
    {
        var trace = ReadFile(Path.Combine(RepoPaths.Samples(), "agenttrace", "nl2bash.jsonl"))[2];

        var callIds = trace.Messages.Where(m => m.Role == Role.Assistant).SelectMany(m => m.ToolCalls).Select(c => c.Id).ToList();
        var answered = trace.Messages.Where(m => m.Role == Role.Tool).Select(m => m.ToolCallId).ToList();
        Assert.Equal(callIds, answered);
        Assert.Equal(4, callIds.Count);
    }

    [Fact]
    public void Python_repr_input_is_kept_raw_and_parsed_into_arguments()
    {
        var action = ReadFile(Path.Combine(RepoPaths.Samples(), "agenttrace", "nl2bash.jsonl"))[0].Actions[1];

        Assert.Equal("kwargs={'command': \"find . -name '*.txt' -print0 | xargs -0 wc -l\"}", action.Input);
        Assert.Equal("find . -name '*.txt' -print0 | xargs -0 wc -l", action.Arguments!.Value.GetProperty("command").GetString());
    }

    [Fact]
    public void Telemetry_and_metadata_are_carried_through()
    {
        var trace = ReadFile(Path.Combine(RepoPaths.Samples(), "agenttrace", "mbpp.jsonl"))[0];

        Assert.Equal(150_000_000, trace.Actions[0].Telemetry!.PeakRssBytes);
        Assert.Equal("3.11.7", trace.Meta("platform.python"));
        Assert.Equal("mbpp/2", trace.Meta("task_id"));
        Assert.Null(trace.Meta("platform.missing"));
        Assert.Equal(new DateTimeOffset(2026, 3, 28, 14, 2, 11, TimeSpan.Zero).AddTicks(5243100), trace.StartedAt);
    }

    [Fact]
    public void Spans_are_taken_in_time_order_and_steps_in_number_order_whatever_order_the_row_lists_them()
    {
        // Spans listed out of time order (two share a start: they keep the row's order); steps listed out of number order.
        const string line = """
            {"trace_id": "t", "spans": [
              {"span_id": "s3", "tool_name": "bash", "start_ns": 300, "exit_code": 0, "tool_output": "c"},
              {"span_id": "s1", "tool_name": "bash", "start_ns": 100, "exit_code": 1, "tool_output": "a"},
              {"span_id": "s2a", "tool_name": "bash", "start_ns": 200, "exit_code": 0, "tool_output": "b1"},
              {"span_id": "s2b", "tool_name": "bash", "start_ns": 200, "exit_code": 0, "tool_output": "b2"}],
             "llm_steps": [
              {"step_number": 2, "model_output": "second", "tool_calls": [{"id": "c2", "function": {"name": "bash"}}, {"id": "c3", "function": {"name": "bash"}}, {"id": "c4", "function": {"name": "bash"}}]},
              {"step_number": 1, "model_output": "first", "tool_calls": [{"id": "c1", "function": {"name": "bash"}}]}]}
            """;
        var path = Path.Combine(Directory.CreateTempSubdirectory().FullName, "unordered.jsonl");
        File.WriteAllText(path, line.ReplaceLineEndings("") + "\n");

        var trace = Assert.Single(ReadFile(path));

        Assert.Equal(["s1", "s2a", "s2b", "s3"], trace.Actions.Select(a => a.Id));
        Assert.Equal([1, 2, 2, 2], trace.Actions.Select(a => a.Turn));
        Assert.True(trace.Actions[0].Failed);
        var assistant = trace.Messages.Where(m => m.Role == Role.Assistant).ToList();
        Assert.Equal(["first", "second"], assistant.Select(m => m.Text));
        Assert.Equal(["c1"], assistant[0].ToolCalls.Select(c => c.Id));
        Assert.Equal(["a", "b1", "b2", "c"], trace.Messages.Where(m => m.Role == Role.Tool).Select(m => m.Text));
    }

    [Theory]
    // Each step counts one model call; a figure is the sum of the steps that give it, and null only when none does.
    [InlineData("""[{"input_tokens": 10, "output_tokens": 3}, {"input_tokens": 5}, {}]""", 15L, 3L, 3)]
    [InlineData("""[{"output_tokens": 7}, {"output_tokens": 0}]""", null, 7L, 2)]
    [InlineData("""[{}]""", null, null, 1)]
    [InlineData("""[{"input_tokens": null, "output_tokens": 4}]""", null, 4L, 1)]
    public void Usage_sums_the_steps_token_counts_and_counts_one_call_per_step(string steps, long? input, long? output, int calls)
    {
        var trace = Parse($$"""{"trace_id": "t", "spans": [], "llm_steps": {{steps}}}""");

        Assert.Equal(input, trace.Usage.InputTokens);
        Assert.Equal(output, trace.Usage.OutputTokens);
        Assert.Equal(calls, trace.Usage.ApiCalls);
        Assert.Null(trace.Usage.CacheReadTokens);
        Assert.Null(trace.Usage.CostUsd);
        Assert.False(trace.Usage.Approximate);
        // The per-message figures the chat writers see add up to the trace's.
        var assistant = trace.Messages.Where(m => m.Role == Role.Assistant).ToList();
        Assert.Equal(calls, assistant.Count);
        Assert.Equal(trace.Usage, assistant.Select(m => m.Usage!).Aggregate(Usage.Unknown, (sum, u) => sum.Add(u)));
    }

    [Fact]
    public void A_row_without_steps_has_unknown_usage()
    {
        var trace = Parse("""{"trace_id": "t", "spans": [{"span_id": "s", "tool_name": "bash", "exit_code": 0}], "llm_steps": []}""");

        Assert.Same(Usage.Unknown, trace.Usage);
    }

    private static Trace Parse(string line) =>
        Assert.Single(Reader.Parse(new RawRecord(new InputFile("x.jsonl", Reader, ReadOptions.Default), 1, System.Text.Encoding.UTF8.GetBytes(line)), ReadOptions.Default));

    [Theory]
    [InlineData("[1, 2]", "a record must be a JSON object")]
    [InlineData("{\"spans\": [], \"llm_steps\": []}", "missing field 'trace_id'")]
    [InlineData("{\"trace_id\": \"x\", \"spans\": {}}", "field 'spans' must be an array")]
    [InlineData("{\"trace_id\": \"x\", \"spans\": [{\"exit_code\": \"one\"}]}", "field 'exit_code' must be a whole number")]
    [InlineData("{\"trace_id\": 5", "invalid JSON")]
    public void Malformed_rows_are_bad_records_with_a_reason(string line, string reason)
    {
        var record = new RawRecord(new InputFile("x.jsonl", Reader, ReadOptions.Default), 1, System.Text.Encoding.UTF8.GetBytes(line));

        var e = Assert.Throws<TraceCurate.Diagnostics.BadRecordException>(() => Reader.Parse(record, ReadOptions.Default).ToList());

        Assert.Contains(reason, e.Message);
    }
}
