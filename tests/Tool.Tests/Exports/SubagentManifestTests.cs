using TraceCurate.Manifests;
using TraceCurate.Pipeline;
using TraceCurate.ScaleOut;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;
using static TraceCurate.Tests.Support.TraceBuilder;

namespace TraceCurate.Tests.Exports;

/// <summary>Skip counts in the manifest: merged shards add them up, diff and verify compare them, export --subagents sets them.</summary>
public sealed class SubagentManifestTests
{
    /// <summary>Sessions "sN", every third with a sub-agent after it, every fifth with no assistant turn; as `trace` JSONL.</summary>
    private static string Traces(TempFolder temp, int sessions)
    {
        var traces = new List<Trace>();
        for (var i = 0; i < sessions; i++)
        {
            var id = "s" + i;
            traces.Add(i % 5 == 0
                ? new TraceBuilder("a question only") { Id = id }.Build()
                : TraceAnalyzer.Analyze(new TraceBuilder("task " + i) { Id = id }.Turn(null, Bash("ls", new string('x', 400))).Turn("done").Build()));
            if (i % 3 == 0)
            {
                var sub = new TraceBuilder("sub task " + i) { Id = id + "#agent=a" }.Turn("looked").Build();
                traces.Add(sub with { Kind = TraceKind.Subagent, ParentId = id, Messages = sub.Messages.Select(m => m with { IsSidechain = true }).ToList() });
            }
        }
        File.WriteAllLines(temp.File("in.traces.jsonl"), Export.Lines("trace", null, [.. traces]));
        return temp.File("in.traces.jsonl");
    }

    [Fact]
    public void Merged_shards_add_up_the_skip_counts_and_give_the_plain_runs_manifest()
    {
        using var temp = new TempFolder();
        Traces(temp, 120);
        var recipe = temp.Write("r.yaml", "name: r\ninputs: [in.traces.jsonl]\noutputs:\n" +
            "  - {path: a.jsonl, format: openai, subagents: drop}\n  - {path: b.jsonl, format: codeact}\n");
        var plain = RecipeJob.Run(recipe, new RunOptions { OutDir = temp.File("plain"), Cache = RecipeRun.Cache });
        for (var i = 0; i < 3; i++)
            RecipeJob.Run(recipe, new RunOptions { OutDir = temp.File($"parts/{i}"), Shard = new ShardSpec(i, 3), UnitBytes = 20_000, Cache = RecipeRun.Cache });
        var parts = Enumerable.Range(0, 3).Select(i => PartManifest.Read(temp.File($"parts/{i}")).Manifest!).ToList();

        var merged = MergeJob.Run([temp.File("parts/0"), temp.File("parts/1"), temp.File("parts/2")], temp.File("merged"));

        Assert.True(parts.Count(p => p.Outputs[0].Skipped.Count > 0) >= 2, "the skips should be spread over several shards");
        // 120 sessions: 24 with no assistant turn (i % 5 == 0), 40 sub-agents (i % 3 == 0).
        Assert.Equal([new("no_assistant_turn", 24L), new("subagent_dropped", 40L)], merged.Outputs[0].Skipped);
        Assert.Equal([new("no_assistant_turn", 24L)], merged.Outputs[1].Skipped);
        Assert.Equal(plain.Outputs[0].Skipped, merged.Outputs[0].Skipped);
        Assert.Equal(File.ReadAllBytes(temp.File("plain/manifest.json")), File.ReadAllBytes(temp.File("merged/manifest.json")));
    }

    [Fact]
    public void Diff_names_an_outputs_skip_count_that_changed()
    {
        var output = OutputEntry.Of("a.jsonl", "openai", 5, [new OutputFile("a.jsonl", 10, "x")]);
        ManifestModel Model(params KeyValuePair<string, long>[] skipped) => new()
        {
            ToolVersion = "1", RuntimeVersion = "1", Recipe = new RecipeEntry("r", "r.yaml", "h"), CompileCacheKey = "k",
            Outputs = [output with { Skipped = skipped }],
        };

        var same = ManifestDiff.Compare(Model(Kv("no_assistant_turn", 2)), Model(Kv("no_assistant_turn", 2)));
        var changed = ManifestDiff.Compare(Model(Kv("no_assistant_turn", 2)), Model(Kv("no_assistant_turn", 1), Kv("subagent_dropped", 1)));

        Assert.True(same.Same);
        Assert.False(changed.Same);
        Assert.Equal([("a.jsonl", "no_assistant_turn", 2L, 1L), ("a.jsonl", "subagent_dropped", 0L, 1L)], changed.Skips);
        Assert.Contains("a.jsonl: skipped subagent_dropped 0 → 1 (+1)", ManifestDiff.Markdown(Model(), Model(Kv("subagent_dropped", 1)), changed));
    }

    private static KeyValuePair<string, long> Kv(string reason, long count) => new(reason, count);

    [Fact]
    public void A_manifest_without_skip_counts_reads_as_none_skipped()
    {
        using var temp = new TempFolder();
        var path = temp.Write("manifest.json", """
            {"tool": "trace-curate", "tool_version": "0.1.0", "runtime_version": "10.0.0",
             "recipe": {"name": "r", "file": "r.yaml", "sha256": "h"}, "params": {}, "imports": [], "compile_cache_key": "k",
             "limit": null, "inputs": [], "steps": [],
             "outputs": [{"path": "a.jsonl", "format": "openai", "records": 2, "bytes": 10, "sha256": "x"}]}
            """);

        var output = Assert.Single(ManifestJson.Read(path).Outputs);

        Assert.Empty(output.Skipped);
        Assert.Equal(0, output.SubagentsNotInlined);
    }

    [Fact]
    public void Export_subagents_drop_counts_them_in_the_summary_and_the_manifest()
    {
        using var temp = new TempFolder();
        var input = Traces(temp, 6); // s0..s5: s0 and s5 have no assistant turn; s0 and s3 have a sub-agent
        var output = temp.File("train.jsonl");

        var result = Support.Cli.Run("export", input, "--format", "openai", "--subagents", "drop", "-o", output);

        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Contains("wrote train.jsonl (openai, 4 records, ", result.Err);
        Assert.Contains("; skipped 4: no_assistant_turn 2, subagent_dropped 2)", result.Err);
        var manifest = ManifestJson.Read(output + ".manifest.json");
        Assert.Equal([new("no_assistant_turn", 2L), new("subagent_dropped", 2L)], manifest.Outputs[0].Skipped);
    }

    [Fact]
    public void Export_refuses_inline_for_a_format_that_cannot_hold_it()
    {
        using var temp = new TempFolder();
        var result = Support.Cli.Run("export", Traces(temp, 3), "--format", "openai", "--subagents", "inline");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--subagents inline is not expressible in --format openai", result.Err);
    }
}
