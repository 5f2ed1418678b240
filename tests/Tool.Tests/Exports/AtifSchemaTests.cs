using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TraceCurate.Tests.Parquet;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;
using Xunit.Abstractions;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// <c>format: atif</c> against ATIF's own definition: tests/schemas/atif-v1.6.schema.json, written from Harbor's RFC
/// 0001 and its v1.6 pydantic models (the file says where each rule comes from), checked by Ajv (tests/interop, an
/// implementation independent of ours), plus the rules a schema cannot state (<see cref="AtifRules"/>). The schema was
/// also run over 349 trajectory.json files written by Harbor's own agents (terminus-2, its mini-swe-agent adapter; v1.2,
/// v1.5, v1.6), which all pass; the cases below show it rejects what Harbor's models reject.
/// </summary>
public sealed class AtifSchemaTests(ITestOutputHelper output)
{
    private static string SchemaPath => Path.Combine(RepoPaths.Root, "tests", "schemas", "atif-v1.6.schema.json");

    /// <summary>Ajv's findings per file: (record number, JSON pointer, message); fails when Ajv cannot read a file.</summary>
    private static Dictionary<string, (int Records, List<string> Errors)> Ajv(params string[] files)
    {
        var result = InteropReaders.Run("validate-ajv.mjs", [SchemaPath, .. files]);
        var found = new Dictionary<string, (int, List<string>)>();
        foreach (var file in files)
        {
            var entry = result.GetProperty(file);
            if (entry.TryGetProperty("error", out var error)) Assert.Fail($"Ajv could not read {file}: {error.GetString()}");
            found[file] = (entry.GetProperty("records").GetInt32(),
                entry.GetProperty("errors").EnumerateArray().Select(e => $"record {e.GetProperty("record")} {e.GetProperty("path").GetString()}: {e.GetProperty("message").GetString()}").ToList());
        }
        return found;
    }

    private static void AssertValid(string file, int records)
    {
        var (count, errors) = Ajv(file)[file];
        Assert.True(errors.Count == 0, $"{file} fails the ATIF schema:\n" + string.Join("\n", errors.Take(20)));
        Assert.Equal(records, count);
        var n = 0;
        foreach (var line in File.ReadLines(file)) AtifRules.Check(Some.Json(line), $"{Path.GetFileName(file)}:{++n}");
    }

    [InteropFact]
    public void Every_sample_and_corpus_trace_written_as_atif_passes_the_schema_and_keeps_each_action_as_a_call_with_its_result()
    {
        using var temp = new TempFolder();
        var inputs = Directory.GetDirectories(RepoPaths.Samples()).Order(StringComparer.Ordinal).ToList();
        if (RepoPaths.Corpus is { } corpus) inputs.AddRange(Directory.GetDirectories(corpus).Order(StringComparer.Ordinal));
        else
        {
            Assert.False(CorpusCounts.IsCi, "../shared/corpus is absent under CI=true"); // the corpus half would pass unseen
            output.WriteLine("../shared/corpus is absent: only the samples are written");
        }
        var atif = temp.File("all.atif.jsonl");
        var traces = temp.File("all.trace.jsonl");
        foreach (var (format, file) in new[] { ("atif", atif), ("trace", traces) })
        {
            var run = Support.Cli.Run(["export", .. inputs, "--skip-unknown", "--format", format, "-o", file]);
            Assert.True(run.ExitCode == 0, run.Err);
        }
        var written = File.ReadAllLines(traces).Select(l => Some.Json(l)).ToList();
        Assert.True(written.Count >= (RepoPaths.Corpus is null ? 30 : 60), $"only {written.Count} traces");
        AssertValid(atif, written.Count);

        // Each trace's actions (the canonical trace JSONL, written by another writer) are its trajectory's calls, in
        // order, and each action with an output is one result naming its call.
        var trajectories = File.ReadAllLines(atif).Select(l => Some.Json(l)).ToList();
        for (var i = 0; i < written.Count; i++)
        {
            var (t, a) = (written[i], trajectories[i]);
            Assert.Equal(t.GetProperty("id").GetString(), a.GetProperty("session_id").GetString());
            var actions = t.TryGetProperty("actions", out var list) ? list.EnumerateArray().ToList() : [];
            var steps = a.GetProperty("steps").EnumerateArray().ToList();
            var calls = steps.SelectMany(s => s.TryGetProperty("tool_calls", out var c) ? c.EnumerateArray() : []).ToList();
            var results = steps.SelectMany(s => s.TryGetProperty("observation", out var o) ? o.GetProperty("results").EnumerateArray() : []).ToList();
            Assert.Equal(actions.Select(x => x.GetProperty("name").GetString()), calls.Select(c => c.GetProperty("function_name").GetString()));
            Assert.Equal(actions.Count(x => x.TryGetProperty("output", out var o) && o.ValueKind == JsonValueKind.String), results.Count);
            Assert.Equal(steps.Count, a.GetProperty("final_metrics").GetProperty("total_steps").GetInt32());
        }
    }

    /// <summary>Traces no reader makes from the samples: empty, calls without results, odd arguments, repeated call ids.</summary>
    private static IEnumerable<Trace> EdgeTraces()
    {
        yield return new TraceBuilder(task: null) { Id = "empty" }.Build();
        yield return new TraceBuilder(task: null) { Id = "system-only" }.System("be brief").Build();
        yield return new TraceBuilder { Id = "no-result" }.Turn("run it", new TraceBuilder.Call("bash", "{\"command\":\"ls\"}", null, null)).Build();
        yield return new TraceBuilder { Id = "odd-arguments" }.Turn(null,
            new TraceBuilder.Call("bash", "[1,2]", "x", 0), new TraceBuilder.Call("bash", "\"ls\"", "y", 0), new TraceBuilder.Call("noop", null, "z", null)).Build();
        var twice = new TraceBuilder { Id = "same-call-id" }.Turn("two calls", TraceBuilder.Bash("ls", "a"), TraceBuilder.Bash("pwd", "/", 1)).Build();
        yield return twice with
        {
            Actions = twice.Actions.Select(a => a with { Id = "dup" }).ToList(),
            Messages = twice.Messages.Select(m => m with
            {
                ToolCalls = m.ToolCalls.Select(c => c with { Id = "dup" }).ToList(),
                ToolCallId = m.ToolCallId is null ? null : "dup",
            }).ToList(),
        };
    }

    [InteropFact]
    public void Edge_traces_written_as_atif_pass_the_schema_or_are_counted_as_skipped()
    {
        using var temp = new TempFolder();
        var traces = EdgeTraces().Select(TraceAnalyzer.Analyze).ToArray();
        var lines = Export.Lines("atif", null, traces);
        var file = temp.Write("edge.atif.jsonl", lines);
        AssertValid(file, lines.Count);
        // A trace with no message has no step, and ATIF needs one: it is skipped with its reason, not written broken.
        Assert.Equal(traces.Where(t => t.Messages.Any(m => m.Role != Role.Tool)).Select(t => t.Id), lines.Select(l => Some.Json(l).GetProperty("session_id").GetString()));
        var read = ReaderRun.File(new TraceCurate.Formats.AtifReader(), file, TraceCurate.Formats.ReadOptions.Default).Select(TraceAnalyzer.Analyze).ToList();
        var same = traces.Single(t => t.Id == "same-call-id");
        Assert.Equal(same.Actions.Select(a => (a.Id, a.Output, a.ExitCode, a.Failed)), read.Single(t => t.Id == "same-call-id").Actions.Select(a => (a.Id, a.Output, a.ExitCode, a.Failed)));
    }

    /// <summary>A valid ATIF-v1.6 trajectory (input-formats-2 §2's example, plus a system step and a multimodal result).</summary>
    private const string Valid = """
        {"schema_version":"ATIF-v1.6","session_id":"run-7","agent":{"name":"terminus-2","version":"2.0","model_name":"m1"},
         "steps":[{"step_id":1,"source":"system","message":"You are a coder","observation":{"results":[{"content":"context reset"}]}},
                  {"step_id":2,"timestamp":"2026-02-09T08:20:01.128714+00:00","source":"user","message":"Make the tests pass"},
                  {"step_id":3,"source":"agent","message":"","reasoning_effort":0.5,"tool_calls":[{"tool_call_id":"t1","function_name":"bash","arguments":{"keystrokes":"pytest -q\n"}}],
                   "observation":{"results":[{"source_call_id":"t1","content":"2 failed"},{"content":[{"type":"text","text":"screen"},{"type":"image","source":{"media_type":"image/png","path":"s.png"}}]}]},
                   "metrics":{"prompt_tokens":900,"cached_tokens":800,"completion_tokens":40,"cost_usd":0.0012,"extra":{"reasoning_tokens":3}}}],
         "final_metrics":{"total_prompt_tokens":900,"total_steps":3},"notes":null}
        """;

    /// <summary>One change each that Harbor's v1.6 models refuse (the model and rule named).</summary>
    public static TheoryData<string, string> Refused() => new()
    {
        { "no session_id (Trajectory.session_id required)", "$.session_id=" },
        { "a version not released (Trajectory.schema_version Literal)", "$.schema_version=\"ATIF-v2.0\"" },
        { "a v1.7 field (Trajectory forbids extra fields)", "$.trajectory_id=\"x\"" },
        { "no agent version (Agent.version required)", "$.agent.version=" },
        { "no steps (min_length 1)", "$.steps=[]" },
        { "step_id 0 (ge=1)", "$.steps[0].step_id=0" },
        { "a tool step (source Literal)", "$.steps[1].source=\"tool\"" },
        { "no message (Step.message required)", "$.steps[1].message=" },
        { "a timestamp that is not ISO 8601 (validate_timestamp)", "$.steps[1].timestamp=\"yesterday\"" },
        { "metrics on a user step (validate_agent_only_fields)", "$.steps[1].metrics={}" },
        { "reasoning on a system step (validate_agent_only_fields)", "$.steps[0].reasoning_content=\"hm\"" },
        { "string arguments (ToolCall.arguments is a dict)", "$.steps[2].tool_calls[0].arguments=\"pytest\"" },
        { "a call without an id (ToolCall.tool_call_id required)", "$.steps[2].tool_calls[0].tool_call_id=" },
        { "observation without results (Observation.results required)", "$.steps[2].observation.results=" },
        { "an unknown metric (Metrics forbids extra fields)", "$.steps[2].metrics.reasoning_tokens=3" },
        { "the v1.7 step field llm_call_count", "$.steps[2].llm_call_count=1" },
        { "a text part without text (ContentPart validator)", "$.steps[2].observation.results[1].content[0].text=" },
        { "an image of an unknown type (ImageSource.media_type Literal)", "$.steps[2].observation.results[1].content[1].source.media_type=\"image/bmp\"" },
        { "negative total_steps (ge=0)", "$.final_metrics.total_steps=-1" },
        { "a sub-agent reference without session_id (SubagentTrajectoryRef)", "$.steps[2].observation.results[0].subagent_trajectory_ref=[{\"trajectory_path\":\"c.json\"}]" },
    };

    /// <summary>Applies <c>$.path=json</c> (set) or <c>$.path=</c> (remove) to <see cref="Valid"/>.</summary>
    private static string Mutate(string change)
    {
        var root = JsonNode.Parse(Valid)!;
        var (path, value) = (change[2..change.IndexOf('=')], change[(change.IndexOf('=') + 1)..]);
        var parts = System.Text.RegularExpressions.Regex.Matches(path, @"([a-z_]+)|\[(\d+)\]").Select(m => m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value + "#").ToList();
        var node = root;
        foreach (var p in parts[..^1]) node = p.EndsWith('#') ? node[int.Parse(p[..^1], CultureInfo.InvariantCulture)]! : node[p]!;
        var last = parts[^1];
        if (last.EndsWith('#')) node[int.Parse(last[..^1], CultureInfo.InvariantCulture)] = value.Length == 0 ? null : JsonNode.Parse(value);
        else if (value.Length == 0) node.AsObject().Remove(last);
        else node[last] = JsonNode.Parse(value);
        return root.ToJsonString();
    }

    [InteropFact]
    public void The_schema_accepts_valid_trajectories_and_the_samples_and_refuses_what_harbors_models_refuse()
    {
        using var temp = new TempFolder();
        var valid = temp.Write("valid.json", [Valid.ReplaceLineEndings(" ")]);
        var samples = Directory.GetFiles(RepoPaths.Samples("atif"), "*.json").Order(StringComparer.Ordinal).ToArray();
        var cases = Refused().Select((row, i) => ((string)row[0], temp.Write($"refused-{i}.json", [Mutate((string)row[1])]))).ToList();
        var found = Ajv([valid, .. samples, .. cases.Select(c => c.Item2)]);
        foreach (var file in samples.Prepend(valid))
        {
            Assert.True(found[file].Errors.Count == 0, $"{file}: " + string.Join("\n", found[file].Errors));
            AtifRules.Check(Some.Json(File.ReadAllText(file)), file);
        }
        foreach (var (why, file) in cases) Assert.True(found[file].Errors.Count > 0, $"the schema accepts {why}: {File.ReadAllText(file)}");
    }

    [Theory]
    [InlineData("$.steps[2].step_id=4", "step_id 4 is not its position 3")]
    [InlineData("$.steps[2].observation.results[0].source_call_id=\"t9\"", "source_call_id t9 names no tool call")]
    [InlineData("$.steps[2].tool_calls=[{\"tool_call_id\":\"t1\",\"function_name\":\"a\",\"arguments\":{}},{\"tool_call_id\":\"t1\",\"function_name\":\"b\",\"arguments\":{}}]", "tool_call_id t1 twice")]
    [InlineData("$.steps[2].metrics.cached_tokens=901", "cached_tokens 901 is not a part of prompt_tokens")]
    [InlineData("$.final_metrics.total_steps=2", "total_steps 2 but 3 steps")]
    public void The_rules_a_schema_cannot_state_catch_each_break(string change, string message)
    {
        AtifRules.Check(Some.Json(Valid), "valid");
        var e = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => AtifRules.Check(Some.Json(Mutate(change)), "t"));
        Assert.Contains(message, e.Message);
    }
}
