using System.Text.Json;

namespace TraceCurate.Tests.Inspect;

public sealed class InspectJsonTests
{
    /// <summary>
    /// Actions, failures and calls per tool counted from the raw AgentTrace lines: a span failed when its exit code is not
    /// 0, except a grep that exits 1, which only found nothing (docs/analysis.md, benign exits).
    /// </summary>
    private static (int Traces, int Actions, int Failed, Dictionary<string, (int Calls, int Failed)> Tools, Dictionary<string, int> ModelTraces) CountRaw(IEnumerable<string> files)
    {
        int traces = 0, actions = 0, failed = 0;
        var tools = new Dictionary<string, (int, int)>();
        var models = new Dictionary<string, int>();
        foreach (var line in files.SelectMany(File.ReadLines).Where(l => l.Trim().Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            traces++;
            var model = doc.RootElement.GetProperty("model").GetString()!;
            models[model] = models.GetValueOrDefault(model) + 1;
            foreach (var span in doc.RootElement.GetProperty("spans").EnumerateArray())
            {
                var exit = span.GetProperty("exit_code").GetInt32();
                var noMatch = exit == 1 && span.GetProperty("tool_input").GetString()!.Contains("'command': 'grep ", StringComparison.Ordinal);
                var bad = exit != 0 && !noMatch;
                var name = span.GetProperty("tool_name").GetString()!;
                var (c, f) = tools.GetValueOrDefault(name);
                tools[name] = (c + 1, f + (bad ? 1 : 0));
                actions++;
                if (bad) failed++;
            }
        }
        return (traces, actions, failed, tools, models);
    }

    private static JsonElement InspectJson(params string[] extra)
    {
        var (code, stdout, stderr) = InspectFixtures.Cli(["inspect", InspectFixtures.Samples, "--json", .. extra]);
        Assert.True(code == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.Clone(); // the whole of stdout parses: nothing but JSON there
    }

    [Fact]
    public void Inspect_json_on_the_samples_gives_the_action_and_failure_counts_of_the_raw_files()
    {
        var raw = CountRaw(Directory.GetFiles(InspectFixtures.Samples, "*.jsonl"));
        var json = InspectJson();
        Assert.Equal(raw.Traces, json.GetProperty("traces").GetInt32());
        Assert.Equal(raw.Actions, json.GetProperty("actions").GetInt32());
        Assert.Equal(raw.Failed, json.GetProperty("failed_actions").GetInt32());
        var byTool = json.GetProperty("by_tool");
        Assert.Equal(raw.Tools.Keys.Order(StringComparer.Ordinal), byTool.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        foreach (var (name, (calls, failed)) in raw.Tools)
        {
            Assert.Equal(calls, byTool.GetProperty(name).GetProperty("calls").GetInt32());
            Assert.Equal(failed, byTool.GetProperty(name).GetProperty("failed").GetInt32());
        }
    }

    [Fact]
    public void Inspect_json_gives_each_input_its_own_counts()
    {
        var json = InspectJson();
        var inputs = json.GetProperty("inputs").EnumerateArray().ToList();
        Assert.Equal(2, inputs.Count);
        foreach (var input in inputs)
        {
            var file = Path.Combine(InspectFixtures.Samples, Path.GetFileName(input.GetProperty("path").GetString()!));
            var raw = CountRaw([file]);
            Assert.Equal(raw.Traces, input.GetProperty("traces").GetInt32());
            Assert.Equal(raw.Actions, input.GetProperty("actions").GetInt32());
            Assert.Equal(raw.Failed, input.GetProperty("failed_actions").GetInt32());
            Assert.Equal("agenttrace", input.GetProperty("format").GetString());
        }
    }

    [Fact]
    public void Inspect_json_by_model_gives_one_group_per_model_with_its_raw_counts()
    {
        var raw = CountRaw(Directory.GetFiles(InspectFixtures.Samples, "*.jsonl"));
        var json = InspectJson("--by", "model");
        Assert.Equal("model", json.GetProperty("by").GetString());
        var groups = json.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        Assert.Equal(raw.ModelTraces.Keys.Order(StringComparer.Ordinal), groups.Keys.Order(StringComparer.Ordinal));
        foreach (var (model, traces) in raw.ModelTraces) Assert.Equal(traces, groups[model].GetProperty("traces").GetInt32());
        Assert.Equal(json.GetProperty("actions").GetInt32(), groups.Values.Sum(g => g.GetProperty("actions").GetInt32()));
    }

    [Fact]
    public void Inspect_json_keeps_unknown_cost_and_cache_tokens_null()
    {
        var json = InspectJson(); // AgentTrace records tokens but neither cost nor cache use
        Assert.Equal(JsonValueKind.Null, json.GetProperty("cost_usd").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("cache_read_tokens").ValueKind);
        Assert.Equal(JsonValueKind.Number, json.GetProperty("input_tokens").ValueKind);
    }

    [Fact]
    public void Inspect_json_is_the_same_bytes_for_one_thread_and_many()
    {
        var one = InspectFixtures.Cli("inspect", InspectFixtures.Samples, "--json", "--threads", "1");
        var many = InspectFixtures.Cli("inspect", InspectFixtures.Samples, "--json", "--threads", "8");
        Assert.Equal(one.Out, many.Out);
    }

    [Fact]
    public void Inspect_table_names_each_input_and_tool()
    {
        var (code, stdout, _) = InspectFixtures.Cli("inspect", InspectFixtures.Samples, "--by", "model");
        Assert.Equal(0, code);
        Assert.Contains("mbpp.jsonl", stdout);
        Assert.Contains("python_interpreter", stdout);
        Assert.Contains("Qwen/Qwen3-0.6B", stdout);
    }

    [Fact]
    public void A_bad_by_key_is_a_usage_error_and_a_missing_input_a_data_error()
    {
        Assert.Equal(2, InspectFixtures.Cli("inspect", InspectFixtures.Samples, "--by", "colour").Code);
        var missing = InspectFixtures.Cli("inspect", Path.Combine(InspectFixtures.Samples, "nope.jsonl"));
        Assert.Equal(1, missing.Code);
        Assert.Contains("TC0003", missing.Err);
    }

    [Fact]
    public void A_malformed_line_stops_with_its_position_unless_skipped()
    {
        var dir = InspectFixtures.TempDir();
        var good = File.ReadLines(Path.Combine(InspectFixtures.Samples, "mbpp.jsonl")).First();
        var file = Path.Combine(dir, "mixed.jsonl");
        File.WriteAllText(file, good + "\n{\"trace_id\": \"x\", \"spans\": 5, \"llm_steps\": []}\n" + good + "\n");
        var failed = InspectFixtures.Cli("inspect", file, "--json", "--format", "agenttrace");
        Assert.Equal(1, failed.Code);
        Assert.Contains("mixed.jsonl(2", failed.Err);
        var skipped = InspectFixtures.Cli("inspect", file, "--json", "--format", "agenttrace", "--skip-bad-records");
        Assert.Equal(0, skipped.Code);
        var json = JsonDocument.Parse(skipped.Out).RootElement;
        Assert.Equal(2, json.GetProperty("traces").GetInt32());
        Assert.Equal(1, json.GetProperty("inputs")[0].GetProperty("bad_records").GetInt32());
    }

    [Fact]
    public void Inspect_reads_any_registered_format_such_as_the_trace_output_of_a_run()
    {
        var dir = InspectFixtures.TempDir();
        var recipe = Path.Combine(dir, "all.yaml");
        File.WriteAllText(recipe, $"name: all\ninputs: ['{InspectFixtures.Samples.Replace('\\', '/')}/*.jsonl']\noutputs:\n  - path: all.traces.jsonl\n    format: trace\n");
        Assert.Equal(0, InspectFixtures.Cli("run", recipe, "-o", Path.Combine(dir, "out"), "--no-cache").Code);
        var traces = Path.Combine(dir, "out", "all.traces.jsonl");
        int actions = 0, failed = 0;
        foreach (var line in File.ReadLines(traces))
        {
            using var doc = JsonDocument.Parse(line);
            foreach (var action in doc.RootElement.GetProperty("actions").EnumerateArray())
            {
                actions++;
                if (action.GetProperty("failed").GetBoolean()) failed++;
            }
        }
        var (code, stdout, stderr) = InspectFixtures.Cli("inspect", traces, "--json");
        Assert.True(code == 0, stderr);
        var json = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("trace", json.GetProperty("inputs")[0].GetProperty("format").GetString());
        Assert.Equal(actions, json.GetProperty("actions").GetInt32());
        Assert.Equal(failed, json.GetProperty("failed_actions").GetInt32());
    }
}
