using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Exports;
using TraceCurate.Manifests;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;
using static TraceCurate.Tests.Support.TraceBuilder;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// Sub-agent traces in the training exports (docs/exports.md, "Sub-agents"): a sub-agent is a conversation of its own,
/// `subagents: separate | drop | inline` per output, and every kept trace an output does not write is counted by reason
/// in the summary and the manifest. Traces are built here; the run tests write them as `trace` JSONL and read them back.
/// </summary>
public sealed class SubagentExportTests
{
    public static TheoryData<string> ChatFormats() => new() { "openai", "anthropic", "sharegpt", "trl", "codeact", "tao" };

    /// <summary>A session "s1" whose first call (call_0) is a Task that started one sub-agent.</summary>
    private static Trace Parent(string id = "s1") =>
        TraceAnalyzer.Analyze(new TraceBuilder("survey the repository") { Id = id }
            .Turn("Delegating.", new Call("Task", """{"prompt":"list the files"}""", "a.txt b.txt", 0))
            .Turn(null, Bash("wc -l a.txt", "3 a.txt"))
            .Turn("Two files; a.txt has 3 lines.")
            .Build() with { Format = "claude-code" });

    /// <summary>A sub-agent run as the Claude Code reader builds it: every message side-chain, its parent and call linked.</summary>
    private static Trace Subagent(string agent, string? parentCall = "call_0", string parent = "s1", string prompt = "list the files")
    {
        var built = new TraceBuilder(prompt) { Id = parent + "#agent=" + agent }
            .Turn(null, Bash("ls", "a.txt b.txt"))
            .Turn("a.txt b.txt")
            .Build();
        using var metadata = JsonDocument.Parse(parentCall is null ? "{}" : $$"""{"parentToolUseId":"{{parentCall}}"}""");
        return TraceAnalyzer.Analyze(built with
        {
            Format = "claude-code",
            Kind = TraceKind.Subagent,
            ParentId = parent,
            Messages = built.Messages.Select(m => m with { IsSidechain = true }).ToList(),
            Metadata = metadata.RootElement.Clone(),
        });
    }

    [Theory]
    [MemberData(nameof(ChatFormats))]
    public void A_subagent_whose_messages_are_all_side_chain_is_a_record_of_its_own_with_its_parent_in_metadata(string format)
    {
        var record = Assert.Single(Export.Records(format, new ExportOptions { IncludeMetadata = true }, Subagent("a")));

        var text = record.GetRawText();
        Assert.Contains("list the files", text); // the prompt it was given is its task
        Assert.Contains("a.txt b.txt", text);    // its own work, not left out as someone else's side chain
        var meta = record.GetProperty("metadata");
        Assert.Equal("s1#agent=a", meta.GetProperty("id").GetString());
        Assert.Equal("subagent", meta.GetProperty("kind").GetString());
        Assert.Equal("s1", meta.GetProperty("parent_id").GetString());
        Assert.Equal("call_0", meta.GetProperty("parent_call_id").GetString());
    }

    [Fact]
    public void A_main_session_record_has_no_parent_keys_and_leaves_out_side_chain_messages_it_holds()
    {
        var parent = Parent();
        var stray = new Message { Role = Role.Assistant, Text = "side chain text", IsSidechain = true };
        var withStray = parent with { Messages = [.. parent.Messages, stray] };

        var record = Assert.Single(Export.Records("openai", new ExportOptions { IncludeMetadata = true }, withStray));

        Assert.DoesNotContain("side chain text", record.GetRawText());
        var meta = record.GetProperty("metadata");
        Assert.False(meta.TryGetProperty("parent_id", out _));
        Assert.False(meta.TryGetProperty("kind", out _));
        Assert.Equal("s1", meta.GetProperty("id").GetString());
    }

    [Fact]
    public void A_trace_with_no_assistant_turn_is_counted_by_the_writer_not_lost()
    {
        using var temp = new TempFolder();
        var target = new OutputTarget("out.jsonl", temp.Path);
        var empty = new TraceBuilder("only a question").Build();
        using var writer = ExportRegistry.Find("openai")!(target, ExportOptions.Default);
        writer.Write(Parent());
        writer.Write(empty);
        writer.Complete();

        Assert.Equal(1, writer.Records);
        Assert.Equal(new Dictionary<string, long> { ["no_assistant_turn"] = 1 }, writer.Skipped);
    }

    [Fact]
    public void Original_counts_a_trace_whose_record_an_earlier_trace_already_wrote()
    {
        using var temp = new TempFolder();
        var source = new TraceSource(temp.File("in.jsonl"), 1, "{\"x\":1}"u8.ToArray());
        using var writer = ExportRegistry.Find("original")!(new OutputTarget("out.jsonl", temp.Path), ExportOptions.Default);
        writer.Write(Parent() with { Source = source });
        writer.Write(Subagent("a") with { Source = source }); // one record split into two traces
        writer.Complete();

        Assert.Equal(1, writer.Records);
        Assert.Equal(new Dictionary<string, long> { ["record_already_written"] = 1 }, writer.Skipped);
    }

    /// <summary>Writes the traces as `trace` JSONL, runs the recipe's outputs over them, returns the run and the folder.</summary>
    private static RunResult Run(TempFolder temp, string outputs, params Trace[] traces) => Run(temp, "", outputs, traces);

    private static RunResult Run(TempFolder temp, string steps, string outputs, params Trace[] traces)
    {
        File.WriteAllLines(temp.File("in.traces.jsonl"), Export.Lines("trace", null, traces));
        return RecipeRun.Run(temp, $"name: subagents\ninputs: [in.traces.jsonl]\nsteps:{(steps.Length == 0 ? " []" : "\n" + steps)}\noutputs:\n{outputs}");
    }

    private static Dictionary<string, long> Skipped(OutputEntry output) => output.Skipped.ToDictionary(s => s.Key, s => s.Value);

    [Fact]
    public void Separate_is_the_default_every_trace_a_record()
    {
        using var temp = new TempFolder();
        var result = Run(temp, "  - {path: train.jsonl, format: openai, include_metadata: true}\n", Parent(), Subagent("a"), Subagent("b"));

        var output = Assert.Single(result.Outputs);
        Assert.Equal((3L, 0), (output.Records, output.Skipped.Count));
        var parents = File.ReadAllLines(temp.File("out/train.jsonl")).Select(l => Some.Json(l).GetProperty("metadata"))
            .Select(m => m.TryGetProperty("parent_id", out var p) ? p.GetString() : null).ToList();
        Assert.Equal([null, "s1", "s1"], parents);
    }

    [Fact]
    public void Drop_leaves_subagents_out_of_every_format_and_counts_them()
    {
        using var temp = new TempFolder();
        var result = Run(temp,
            "  - {path: a.jsonl, format: openai, subagents: drop}\n  - {path: b.jsonl, format: trace, subagents: drop}\n  - {path: c.jsonl, format: codeact}\n",
            Parent(), Subagent("a"), Subagent("b"));

        Assert.Equal([1L, 1L, 3L], result.Outputs.Select(o => o.Records));
        Assert.Equal(new Dictionary<string, long> { ["subagent_dropped"] = 2 }, Skipped(result.Outputs[0]));
        Assert.Equal(new Dictionary<string, long> { ["subagent_dropped"] = 2 }, Skipped(result.Outputs[1]));
        Assert.Empty(result.Outputs[2].Skipped);
        var manifest = ManifestJson.Read(temp.File("out/manifest.json"));
        Assert.Equal(2, Skipped(manifest.Outputs[0])["subagent_dropped"]);
    }

    [Fact]
    public void Inline_codeact_puts_each_subagent_after_the_observation_of_the_call_that_started_it()
    {
        using var temp = new TempFolder();
        var other = Subagent("b", parentCall: "call_1", prompt: "count lines");
        var result = Run(temp, "  - {path: c.jsonl, format: codeact, subagents: inline}\n", Parent(), Subagent("a"), other, Parent("s2"));

        var output = Assert.Single(result.Outputs);
        Assert.Equal(2, output.Records); // s1 holding both sub-agents, then s2
        Assert.Equal(new Dictionary<string, long> { ["subagent_inlined"] = 2 }, Skipped(output));
        Assert.Equal(0, output.SubagentsNotInlined);
        var record = Some.Json(File.ReadAllLines(temp.File("out/c.jsonl"))[0]);
        var roles = record.GetProperty("trajectory").EnumerateArray().Select(e => e.GetProperty("role").GetString()).ToList();
        Assert.Equal(["thought", "action", "observation", "subagent", "action", "observation", "subagent", "thought"], roles);
        var first = record.GetProperty("trajectory")[3];
        Assert.Equal("call_0", first.GetProperty("tool_use_id").GetString());
        Assert.Equal("s1#agent=a", first.GetProperty("session_id").GetString());
        Assert.Equal("list the files", first.GetProperty("task").GetString());
        Assert.Equal(["action", "observation", "thought"],
            first.GetProperty("trajectory").EnumerateArray().Select(e => e.GetProperty("role").GetString()));
        Assert.Equal("call_1", record.GetProperty("trajectory")[6].GetProperty("tool_use_id").GetString());
        ExportValidators.ValidateFile("codeact", temp.File("out/c.jsonl"));
    }

    [Fact]
    public void Inline_tao_writes_the_subagent_as_an_indented_block_after_the_observation()
    {
        using var temp = new TempFolder();
        Run(temp, "  - {path: t.jsonl, format: tao, subagents: inline}\n", Parent(), Subagent("a"));

        var text = Some.Json(Assert.Single(File.ReadAllLines(temp.File("out/t.jsonl")))).GetProperty("text").GetString()!;
        ExportValidators.ValidateFile("tao", temp.File("out/t.jsonl"));
        Assert.Contains("Observation: a.txt b.txt\nSubagent: s1#agent=a\n  Task: list the files\n  Action: bash(command=\"ls\")\n  Observation: a.txt b.txt\n  Thought: a.txt b.txt\nAction: bash", text);
    }

    [Fact]
    public void Inline_writes_a_subagent_it_cannot_place_as_a_record_of_its_own_and_says_how_many()
    {
        using var temp = new TempFolder();
        // Unknown call; parent absent from the input; parent present but another session came between.
        var result = Run(temp, "  - {path: c.jsonl, format: codeact, subagents: inline}\n",
            Parent(), Subagent("a", parentCall: null), Subagent("x", parent: "gone"), Parent("s2"), Subagent("late"));

        var output = Assert.Single(result.Outputs);
        Assert.Equal(5, output.Records);
        Assert.Empty(output.Skipped);
        Assert.Equal(3, output.SubagentsNotInlined);
        Assert.Contains("\"subagents_not_inlined\": 3", File.ReadAllText(temp.File("out/manifest.json")));
        Assert.Equal(["s1", "s1#agent=a", "s1#agent=x".Replace("s1", "gone"), "s2", "s1#agent=late"],
            File.ReadAllLines(temp.File("out/c.jsonl")).Select(l => Some.Json(l).GetProperty("session_id").GetString()));
    }

    [Fact]
    public void Inline_keeps_a_subagent_whose_parent_was_skipped()
    {
        using var temp = new TempFolder();
        var silent = new TraceBuilder("nothing said") { Id = "s1" }.Build();
        var result = Run(temp, "  - {path: c.jsonl, format: codeact, subagents: inline}\n", silent, Subagent("a"));

        var output = Assert.Single(result.Outputs);
        Assert.Equal((1L, 1L), (output.Records, output.SubagentsNotInlined));
        Assert.Equal(new Dictionary<string, long> { ["no_assistant_turn"] = 1 }, Skipped(output));
    }

    [Fact]
    public void An_output_of_one_split_counts_the_traces_of_the_others()
    {
        using var temp = new TempFolder();
        var traces = Enumerable.Range(0, 20).Select(i => Parent("s" + i)).ToArray();
        var result = Run(temp, "  - split: {by: t.Id, seed: 1, parts: {train: 0.5, test: 0.5}}",
            "  - {path: train.jsonl, format: openai, split: train}\n  - {path: test.jsonl, format: openai, split: test}\n", traces);

        foreach (var output in result.Outputs)
            Assert.Equal(20, output.Records + output.Skipped.Single(s => s.Key == "other_split").Value);
        Assert.Equal(20, result.Outputs.Sum(o => o.Records));
    }

    [Fact]
    public void Every_output_accounts_for_every_kept_trace()
    {
        using var temp = new TempFolder();
        var empty = new TraceBuilder("only a question") { Id = "e" }.Build();
        var result = Run(temp, string.Concat(new[] { "openai", "anthropic", "sharegpt", "trl", "codeact", "tao", "trace", "original" }
                .Select(f => $"  - {{path: {f}.jsonl, format: {f}, subagents: drop}}\n")),
            Parent(), Subagent("a"), empty);

        Assert.Equal(3, result.TracesKept);
        foreach (var output in result.Outputs)
        {
            Assert.True(result.TracesKept == output.Records + output.Skipped.Sum(s => s.Value),
                $"{output.Path}: {output.Records} records + {string.Join(", ", output.Skipped)} != {result.TracesKept} kept");
            Assert.Equal(1, Skipped(output)["subagent_dropped"]);
        }
    }

    [Fact]
    public void The_summary_prints_the_skips_on_the_output_line()
    {
        var entry = OutputEntry.Of("train.jsonl", "openai", 5, [new OutputFile("train.jsonl", 10, "x")]);
        Assert.Equal("; skipped 1: no_assistant_turn",
            TraceCurate.Cli.RunSummary.Skips(entry with { Skipped = [new("no_assistant_turn", 1)] }));
        Assert.Equal("; skipped 3: no_assistant_turn 1, subagent_inlined 2; 1 sub-agent(s) not inlined, written as records of their own",
            TraceCurate.Cli.RunSummary.Skips(entry with { Skipped = [new("no_assistant_turn", 1), new("subagent_inlined", 2)], SubagentsNotInlined = 1 }));
        Assert.Equal("", TraceCurate.Cli.RunSummary.Skips(entry));
    }

    [Theory]
    [InlineData("openai", "inline", 4, 48, "not expressible in format openai")]
    [InlineData("codeact", "sometimes", 4, 49, "subagents must be separate, drop, inline, not 'sometimes'")]
    public void A_subagents_value_the_output_cannot_take_is_refused_at_its_position(string format, string mode, int line, int column, string message)
    {
        using var temp = new TempFolder();
        var path = temp.Write("r.yaml", $"name: r\ninputs: [x.jsonl]\noutputs:\n  - {{path: o.jsonl, format: {format}, subagents: {mode}}}\n");

        var error = Assert.Throws<TraceCurateException>(() => RecipeLoader.Load(path)).Diagnostics[0];

        Assert.Equal((DiagnosticCodes.RecipeSchema, line, column), (error.Code, (int)error.Line, (int)error.Column));
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Inline_is_refused_with_strict_101_and_under_shard()
    {
        using var temp = new TempFolder();
        var strict = temp.Write("s.yaml", "name: s\ninputs: [x.jsonl]\noutputs:\n  - {path: o.jsonl, format: codeact, strict_101: true, subagents: inline}\n");
        Assert.Contains("strict_101", Assert.Throws<TraceCurateException>(() => RecipeLoader.Load(strict)).Diagnostics[0].Message);

        File.WriteAllLines(temp.File("in.traces.jsonl"), Export.Lines("trace", null, Parent()));
        var recipe = temp.Write("r.yaml", "name: r\ninputs: [in.traces.jsonl]\noutputs:\n  - {path: o.jsonl, format: codeact, subagents: inline}\n");
        var refused = Assert.Throws<TraceCurateException>(() => RecipeJob.Run(recipe, new RunOptions
        {
            OutDir = temp.File("part"), Shard = new TraceCurate.Pipeline.ShardSpec(0, 2), Cache = RecipeRun.Cache,
        }));
        Assert.Contains(refused.Diagnostics, d => d.Code == DiagnosticCodes.ShardRefused && d.Message.Contains("subagents: inline") && d.Line == 4);
    }

    [Fact]
    public void Inline_reads_held_traces_whole_when_their_lines_span_many_reused_chunks()
    {
        // An inline output holds each session until the next trace, across batches and 4 MB line chunks, while AgentTrace
        // outputs are read lazily from those chunks (the runner then stops reusing them). No sub-agents here, so inline
        // must equal separate byte for byte. The chunk reuse this guards against is a race: this test does not force it.
        using var temp = new TempFolder();
        var lines = Directory.GetFiles(RepoPaths.Samples("agenttrace"), "*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadLines).ToList();
        using (var writer = new StreamWriter(temp.File("big.jsonl")))
            for (var c = 0; c < 300; c++)
                foreach (var line in lines) writer.Write(line.Replace("\"trace_id\": \"", $"\"trace_id\": \"c{c}-") + "\n");
        Assert.True(new FileInfo(temp.File("big.jsonl")).Length > 5 << 20, "the input should span more than one 4 MB chunk");

        var result = RecipeRun.Run(temp, "name: big\ninputs: [big.jsonl]\noutputs:\n" +
            "  - {path: separate.jsonl, format: codeact}\n  - {path: inline.jsonl, format: codeact, subagents: inline}\n", threads: 2);

        Assert.Equal(result.Outputs[0].Records, result.Outputs[1].Records);
        Assert.Equal(File.ReadAllBytes(temp.File("out/separate.jsonl")), File.ReadAllBytes(temp.File("out/inline.jsonl")));
    }
}
