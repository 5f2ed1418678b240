using System.Text;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The streaming AgentTrace parser against what <see cref="JsonDocument"/> (the reference it replaced) and Python's
/// json module make of the same bytes: last duplicate wins, escaped names are names, escapes decode, and every syntax
/// error anywhere in the record is still a bad record even where the value is skipped.
/// </summary>
public sealed class AgentTraceRowTests
{
    private static readonly AgentTraceReader Reader = new();

    private static Trace Parse(string line) =>
        Reader.Parse(new RawRecord(new InputFile("x.jsonl", Reader, ReadOptions.Default), 1, Encoding.UTF8.GetBytes(line)), ReadOptions.Default).Single();

    private static BadRecordException Bad(string line) => Assert.Throws<BadRecordException>(() => Parse(line));

    [Fact]
    public void The_last_of_duplicate_keys_wins_as_in_JsonDocument()
    {
        const string line = """{"trace_id": "first", "model": "m1", "trace_id": "second", "spans": [{"exit_code": 1}], "spans": []}""";
        using var doc = JsonDocument.Parse(line);

        var trace = Parse(line);

        Assert.Equal(doc.RootElement.GetProperty("trace_id").GetString(), trace.Id);
        Assert.Equal("second", trace.Id);
        Assert.Empty(trace.Actions);
        Assert.Equal("m1", trace.Model);
    }

    [Fact]
    public void Escaped_property_names_and_long_escaped_strings_decode_like_JsonDocument()
    {
        var output = string.Concat(Enumerable.Repeat("line \"quoted\" é\\n\t", 20)); // well over the eager-decode size
        var row = new Dictionary<string, object>
        {
            ["trace_id"] = "t1",
            ["spans"] = new[] { new Dictionary<string, object> { ["tool_name"] = "bash", ["tool_output"] = output, ["exit_code"] = 0 } },
        };
        // \u0074race_id is "trace_id" spelled with an escape: still the id.
        var line = JsonSerializer.Serialize(row).Replace("\"trace_id\"", "\"\\u0074race_id\"").Replace("\"tool_output\"", "\"tool\\u005Foutput\"");

        var trace = Parse(line);

        Assert.Equal("t1", trace.Id);
        Assert.Equal(output, trace.Actions.Single().Output);
    }

    [Theory]
    [InlineData("""{"trace_id": "x", "extra": {"a": [1, 2,]}}""")] // a syntax error inside a skipped value
    [InlineData("""{"trace_id": "x"} {"trace_id": "y"}""")] // two values on one line
    [InlineData("""{"trace_id": "x", "metadata": {"k": tru}}""")] // inside the lazily kept metadata
    [InlineData("""{"trace_id": "x",}""")]
    public void Syntax_errors_anywhere_are_invalid_json(string line)
    {
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(line)); // the reference agrees the line is broken

        Assert.StartsWith("invalid JSON", Bad(line).Message);
    }

    [Fact]
    public void The_position_of_a_syntax_error_is_reported()
    {
        var e = Bad("{\"trace_id\": \"x\",\n \"spans\": [}");

        Assert.Equal(2, e.Line);
        Assert.True(e.Column > 1);
    }

    [Theory]
    [InlineData("""{"trace_id": "x", "llm_steps": [3]}""", "llm_steps[0] must be an object, not a number")]
    [InlineData("""{"trace_id": "x", "spans": [null]}""", "spans[0] must be an object, not null")]
    [InlineData("""{"trace_id": "x", "spans": [{"tool_output": 4}]}""", "field 'tool_output' must be a string, not a number")]
    [InlineData("""{"trace_id": "x", "spans": [{"duration_ms": "slow"}]}""", "field 'duration_ms' must be a number, not a string")]
    [InlineData("""{"trace_id": "x", "llm_steps": [{"tool_calls": {}}]}""", "field 'tool_calls' must be an array, not an object")]
    [InlineData("""{"trace_id": "x", "timestamp_utc": "yesterday"}""", "field 'timestamp_utc' is not a timestamp")]
    [InlineData("""{"trace_id": null}""", "missing field 'trace_id'")]
    [InlineData("""  """, "invalid JSON")]
    public void Wrong_types_are_bad_records_naming_the_field(string line, string reason)
    {
        Assert.Contains(reason, Bad(line).Message);
    }

    [Fact]
    public void Tool_calls_read_the_function_object_or_the_call_itself()
    {
        const string line = """
            {"trace_id": "x",
             "spans": [{"span_id": "s0", "tool_name": "bash", "tool_input": "kwargs={'command': 'ls'}", "start_ns": 1},
                       {"span_id": "s1", "tool_name": "grep", "tool_input": "kwargs={}", "start_ns": 2}],
             "llm_steps": [{"step_number": 1, "tool_calls": [
                 {"id": "c0", "name": "ignored", "function": {"name": "bash", "arguments": "{\"command\": \"ls -la\"}"}},
                 {"id": 7, "name": "grep", "arguments": {"pattern": "x"}}]}]}
            """;

        var trace = Parse(line.ReplaceLineEndings(" "));

        var calls = trace.Messages.Single(m => m.Role == Role.Assistant).ToolCalls;
        Assert.Equal(["c0", "s1"], calls.Select(c => c.Id)); // a call id that is not a string falls back to the span's
        Assert.Equal("ls -la", calls[0].Arguments!.Value.GetProperty("command").GetString());
        Assert.Equal("x", calls[1].Arguments!.Value.GetProperty("pattern").GetString());
        Assert.Empty(trace.Warnings); // the function's name (bash) matched the span, the outer "ignored" did not count
    }

    [Fact]
    public void Telemetry_and_numbers_are_read_and_other_telemetry_values_are_none()
    {
        var trace = Parse("""
            {"trace_id": "x", "total_duration_ms": 1500.5, "spans": [
              {"tool_name": "a", "exit_code": 2.0, "duration_ms": 12.5, "telemetry": {"user_time_s": 0.25, "max_rss_bytes": 1048576, "other": [1]}},
              {"tool_name": "b", "telemetry": "n/a"}]}
            """.ReplaceLineEndings(" "));

        Assert.Equal(TimeSpan.FromMilliseconds(1500.5), trace.Duration);
        var (a, b) = (trace.Actions[0], trace.Actions[1]);
        Assert.Equal(2, a.ExitCode);
        Assert.True(a.Failed);
        Assert.Equal(TimeSpan.FromMilliseconds(12.5), a.Duration);
        Assert.Equal(0.25, a.Telemetry!.UserCpu);
        Assert.Equal(1048576, a.Telemetry.PeakRssBytes);
        Assert.Null(a.Telemetry.SystemCpu);
        Assert.Null(b.Telemetry);
        Assert.Equal(0, b.ExitCode);
    }
}
