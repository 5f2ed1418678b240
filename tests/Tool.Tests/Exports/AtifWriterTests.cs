using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// <c>format: atif</c>: the checks below are written from the field list of input-formats-2 §2 (Harbor RFC 0001 as
/// quoted there); <see cref="AtifSchemaTests"/> validates the output against ATIF-v1.6's JSON Schema with Ajv. Round
/// trips compare actions, failures, exit codes and usage with the traces written.
/// </summary>
public sealed class AtifWriterTests
{
    private static readonly HashSet<string> RootKeys = ["schema_version", "session_id", "trajectory_id", "agent", "steps", "notes", "final_metrics", "continued_trajectory_ref", "extra", "subagent_trajectories"];
    private static readonly HashSet<string> StepKeys = ["step_id", "timestamp", "source", "message", "model_name", "reasoning_effort", "reasoning_content", "tool_calls", "metrics", "observation", "llm_call_count", "is_copied_context", "extra"];
    private static readonly HashSet<string> MetricKeys = ["prompt_tokens", "completion_tokens", "cached_tokens", "cost_usd", "prompt_token_ids", "completion_token_ids", "logprobs", "extra"];
    private static readonly HashSet<string> FinalKeys = ["total_prompt_tokens", "total_completion_tokens", "total_cached_tokens", "total_cost_usd", "total_steps", "extra"];

    /// <summary>The RFC's required fields, types and references, as the spec lists them.</summary>
    private static void Validate(JsonElement t)
    {
        Assert.Subset(RootKeys, t.EnumerateObject().Select(p => p.Name).ToHashSet());
        Assert.StartsWith("ATIF-v1.", t.GetProperty("schema_version").GetString());
        Assert.Equal(JsonValueKind.String, t.GetProperty("session_id").ValueKind);
        Assert.Equal(JsonValueKind.String, t.GetProperty("agent").GetProperty("name").ValueKind);
        Assert.Equal(JsonValueKind.String, t.GetProperty("agent").GetProperty("version").ValueKind);
        var steps = t.GetProperty("steps").EnumerateArray().ToList();
        Assert.NotEmpty(steps);
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            Assert.Subset(StepKeys, s.EnumerateObject().Select(p => p.Name).ToHashSet());
            Assert.Equal(i + 1, s.GetProperty("step_id").GetInt32()); // 1, 2, … sequential
            var source = s.GetProperty("source").GetString();
            Assert.Contains(source, new[] { "system", "user", "agent" });
            Assert.Equal(JsonValueKind.String, s.GetProperty("message").ValueKind);
            if (s.TryGetProperty("timestamp", out var ts)) Assert.True(DateTimeOffset.TryParse(ts.GetString(), out _));
            var ids = new HashSet<string>();
            if (s.TryGetProperty("tool_calls", out var calls))
            {
                Assert.Equal("agent", source); // agent-only fields
                foreach (var c in calls.EnumerateArray())
                {
                    Assert.True(ids.Add(c.GetProperty("tool_call_id").GetString()!));
                    Assert.Equal(JsonValueKind.String, c.GetProperty("function_name").ValueKind);
                    Assert.Equal(JsonValueKind.Object, c.GetProperty("arguments").ValueKind);
                }
            }
            if (s.TryGetProperty("metrics", out var m))
            {
                Assert.Equal("agent", source);
                Assert.Subset(MetricKeys, m.EnumerateObject().Select(p => p.Name).ToHashSet());
                foreach (var key in new[] { "prompt_tokens", "completion_tokens", "cached_tokens" })
                    if (m.TryGetProperty(key, out var n)) Assert.True(n.GetInt64() >= 0);
                if (m.TryGetProperty("cached_tokens", out var cached)) Assert.True(cached.GetInt64() <= m.GetProperty("prompt_tokens").GetInt64());
            }
            if (s.TryGetProperty("observation", out var o))
                foreach (var r in o.GetProperty("results").EnumerateArray())
                    if (r.TryGetProperty("source_call_id", out var sc)) Assert.Contains(sc.GetString(), ids); // names a call of the same step
        }
        if (t.TryGetProperty("final_metrics", out var f)) Assert.Subset(FinalKeys, f.EnumerateObject().Select(p => p.Name).ToHashSet());
    }

    private static Trace WithUsage(Trace t) => t with
    {
        Messages = t.Messages.Select((m, i) => m.Role == Role.Assistant
            ? m with { Usage = new Usage { InputTokens = 10 + i, CacheReadTokens = 100, CacheWriteTokens = 5, OutputTokens = 7, CostUsd = 0.001m } }
            : m).ToList(),
        Usage = new Usage { InputTokens = 23, CacheReadTokens = 200, CacheWriteTokens = 10, OutputTokens = 14, CostUsd = 0.002m, ReasoningTokens = 3 },
    };

    [Fact]
    public void The_output_passes_the_schema_checks_and_reads_back_with_the_same_actions_failures_and_usage()
    {
        using var temp = new TempFolder();
        var written = new[] { WithUsage(SpecScenario.WithEdit()), WithUsage(SpecScenario.WithSed()) };
        var lines = Export.Lines("atif", null, written);
        foreach (var line in lines) Validate(JsonDocument.Parse(line).RootElement);
        var path = temp.Write("out.atif.jsonl", lines);
        Assert.Equal("atif", FormatDetector.Detect(path).Format);
        var read = ReaderRun.File(new AtifReader(), path, ReadOptions.Default).Select(TraceAnalyzer.Analyze).ToList();
        Assert.Equal(written.Length, read.Count);
        for (var i = 0; i < written.Length; i++)
        {
            var (a, b) = (written[i], read[i]);
            Assert.Equal(a.Id, b.Id);
            Assert.Equal(a.Task, b.Task);
            Assert.Equal(a.Actions.Select(x => (x.Id, x.Name, x.Output, x.Failed, x.ExitCode, x.NativeIsError)),
                b.Actions.Select(x => (x.Id, x.Name, x.Output, x.Failed, x.ExitCode, x.NativeIsError)));
            Assert.Equal(a.Actions.Select(x => x.Arguments!.Value.GetRawText()), b.Actions.Select(x => x.Arguments!.Value.GetRawText()));
            Assert.Equal(a.Usage, b.Usage);
            Assert.Equal(a.Messages.Where(m => m.Usage is not null).Select(m => m.Usage), b.Messages.Where(m => m.Usage is not null).Select(m => m.Usage));
        }
        // Read back, written again, read again: the second generation is byte-identical to the first re-export (the
        // format name becomes "atif" once, in extra; nothing else moves).
        var again = Export.Lines("atif", null, [.. read]);
        var path2 = temp.Write("again.atif.jsonl", again);
        Assert.Equal(again, Export.Lines("atif", null, [.. ReaderRun.File(new AtifReader(), path2, ReadOptions.Default).Select(TraceAnalyzer.Analyze)]));
        Assert.Equal(lines.Select(l => l.Replace("\"format\":\"" + written[0].Format + "\"", "\"format\":\"atif\"")), again);
    }

    [Fact]
    public void Failures_judged_from_text_and_exit_codes_stated_in_chat_rows_survive_an_atif_round_trip()
    {
        using var temp = new TempFolder();
        var rows = ReaderRun.File(new ChatRowsReader(), RepoPaths.Samples("chat-rows", "openai-trl.jsonl"), ReadOptions.Default).Select(TraceAnalyzer.Analyze).ToArray();
        var path = temp.Write("rows.atif.jsonl", Export.Lines("atif", null, rows));
        var read = ReaderRun.File(new AtifReader(), path, ReadOptions.Default).Select(TraceAnalyzer.Analyze).ToList();
        Assert.Equal(rows.SelectMany(t => t.Actions).Select(a => (a.Name, a.Failed, a.ExitCode)), read.SelectMany(t => t.Actions).Select(a => (a.Name, a.Failed, a.ExitCode)));
        Assert.Equal(rows.Select(t => t.Meta("resolved")), read.Select(t => t.Meta("resolved")));
        Assert.Equal(rows.Select(t => t.NativeOutcome), read.Select(t => t.NativeOutcome));
    }
}
