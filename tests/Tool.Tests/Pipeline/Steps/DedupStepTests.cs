using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Steps;

public sealed class DedupStepTests
{
    private static string Recipe(string dedup) => $$"""
        name: dedup-test
        inputs: [in.jsonl]
        steps:
          - name: dedup
            dedup: {{dedup}}
        outputs: [{path: t.jsonl, format: trace}]
        rejects: rejects.jsonl
        """;

    [Fact]
    public void Exact_drops_a_copy_under_another_id_and_keeps_every_distinct_trace()
    {
        using var folder = new TempFolder();
        var samples = AgentTraceLines.Samples();
        // The copy differs in id, metadata and timestamps: not content, so it is a duplicate of the third record.
        var copy = AgentTraceLines.Edit(samples[2], o =>
        {
            o["trace_id"] = "copy-of-3";
            o["timestamp_utc"] = "2026-04-01T00:00:00+00:00";
            o["metadata"]!["run_id"] = "run-z";
        });
        folder.Write("in.jsonl", [.. samples, copy, samples[0]]);
        var result = RecipeRun.Run(folder, Recipe("exact"));

        Assert.Equal(samples.Select(AgentTraceLines.Id), RecipeRun.Ids(folder["out/t.jsonl"]));
        Assert.Equal(2, RecipeRun.Counter(result, "dedup", "dropped.duplicate"));
        var rejects = File.ReadAllLines(folder["out/rejects.jsonl"]);
        Assert.Equal(2, rejects.Length);
        Assert.Contains("\"id\":\"copy-of-3\"", rejects[0]);
        Assert.Contains(AgentTraceLines.Id(samples[2]), rejects[0]); // the detail names the kept trace
    }

    [Fact]
    public void Exact_by_key_keeps_the_first_trace_of_each_key_in_input_order()
    {
        using var folder = new TempFolder();
        var samples = AgentTraceLines.Samples();
        folder.Write("in.jsonl", samples);
        RecipeRun.Run(folder, Recipe("{key: t.Meta(\"dataset\")}"), threads: 3);
        Assert.Equal([AgentTraceLines.Id(samples[0]), AgentTraceLines.Id(samples[4])], RecipeRun.Ids(folder["out/t.jsonl"]));
    }

    /// <summary>60 distinct words; with 5-word shingles a one-word change leaves 51 of 61 shingles shared (Jaccard 0.84).</summary>
    private static string LongTask(string salt) => string.Join(' ', Enumerable.Range(0, 60).Select(i => $"{salt}{i}"));

    [Fact]
    public void Near_drops_a_few_word_edit_and_keeps_distinct_traces()
    {
        using var folder = new TempFolder();
        var samples = AgentTraceLines.Samples();
        var original = LongTask("w");
        var edited = original.Replace("w30 ", "changed ");
        folder.Write("in.jsonl",
        [
            AgentTraceLines.Edit(samples[0], o => { o["trace_id"] = "a"; o["prompt"] = original; }),
            AgentTraceLines.Edit(samples[1], o => { o["trace_id"] = "b"; o["prompt"] = LongTask("x"); }),
            AgentTraceLines.Edit(samples[2], o => { o["trace_id"] = "a-edited"; o["prompt"] = edited; }),
            AgentTraceLines.Edit(samples[3], o => { o["trace_id"] = "c"; o["prompt"] = original.Replace(string.Join(' ', Enumerable.Range(1, 20).Select(i => $"w{i}")), "q"); }),
        ]);
        var result = RecipeRun.Run(folder, Recipe("{near: {key: t.Task, threshold: 0.75}}"));
        // "c" has w1..w20 replaced by one word: 35 shingles shared of 58 in the union, Jaccard 0.60, under the threshold.
        Assert.Equal(["a", "b", "c"], RecipeRun.Ids(folder["out/t.jsonl"]));
        Assert.Equal(1, RecipeRun.Counter(result, "dedup", "dropped.near-duplicate"));
        Assert.Contains("similar to 'a'", folder.Read("out/rejects.jsonl"));
    }

    [Fact]
    public void Near_with_default_key_keeps_every_distinct_sample()
    {
        using var folder = new TempFolder();
        var samples = AgentTraceLines.Samples();
        folder.Write("in.jsonl", [.. samples, AgentTraceLines.Edit(samples[4], o => o["trace_id"] = "copy")]);
        RecipeRun.Run(folder, Recipe("near"));
        Assert.Equal(samples.Select(AgentTraceLines.Id), RecipeRun.Ids(folder["out/t.jsonl"]));
    }

    [Fact]
    public void Dedup_result_is_the_same_for_any_thread_count()
    {
        using var folder = new TempFolder();
        var lines = AgentTraceLines.Generated(300); // each sample 43 times under new ids: 7 distinct contents
        folder.Write("in.jsonl", lines);
        RecipeRun.Run(folder, Recipe("exact"), threads: 1, outDir: "one");
        RecipeRun.Run(folder, Recipe("exact"), threads: 4, outDir: "four");
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"gen-{i:D4}"), RecipeRun.Ids(folder["one/t.jsonl"]));
        Assert.Equal(folder.Read("one/t.jsonl"), folder.Read("four/t.jsonl"));
        Assert.Equal(folder.Read("one/rejects.jsonl"), folder.Read("four/rejects.jsonl"));
    }
}
