using System.Text.Json;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

public sealed class RejectsTests
{
    [Fact]
    public void The_rejects_file_lists_every_dropped_trace_with_its_step_and_reason_in_input_order()
    {
        using var folder = new TempFolder();
        var samples = AgentTraceLines.Samples();
        var copy = AgentTraceLines.Edit(samples[1], o => o["trace_id"] = "dup-of-2");
        folder.Write("in.jsonl", [.. samples, copy]);
        var result = RecipeRun.Run(folder, """
            name: rejects-test
            inputs: [in.jsonl]
            steps:
              - name: several-actions
                where: t.Actions.Count >= 2
              - name: unique
                dedup: exact
              - name: two-per-dataset
                cap: {per: t.Meta("dataset"), max: 2}
            outputs: [{path: t.jsonl, format: trace}]
            rejects: rejects/all.jsonl
            """, threads: 3);

        // By hand from the samples: record 4 has one span; records 1-3 and 5-7 have 2 or more; the copy repeats record 2.
        var ids = samples.Select(AgentTraceLines.Id).ToList();
        (string Id, string Step, string Reason)[] expected =
        [
            (ids[2], "two-per-dataset", "over-cap"),
            (ids[3], "several-actions", "predicate-false"),
            (ids[6], "two-per-dataset", "over-cap"),
            ("dup-of-2", "unique", "duplicate"),
        ];
        var rejects = File.ReadAllLines(folder["out/rejects/all.jsonl"]).Select(l => JsonDocument.Parse(l).RootElement)
            .Select(e => (e.GetProperty("id").GetString()!, e.GetProperty("step").GetString()!, e.GetProperty("reason").GetString()!))
            .ToArray();
        Assert.Equal(expected, rejects);
        Assert.Equal(result.TracesRead - result.TracesKept, rejects.Length);
        var record = Assert.Single(result.Outputs, o => o.Path == "rejects/all.jsonl");
        Assert.Equal(4, record.Records);
        Assert.Contains("\"rejects/all.jsonl\"", folder.Read("out/manifest.json"));
    }

    [Fact]
    public void A_failed_run_leaves_no_rejects_file()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => RecipeRun.Run(folder, """
            name: failing
            inputs: [in.jsonl]
            steps:
              - where: t.Actions.Count > 2
              - where: t.Actions[10].Name == "x"
            outputs: [{path: t.jsonl, format: trace}]
            rejects: rejects.jsonl
            """));
        Assert.False(File.Exists(folder["out/rejects.jsonl"]));
        Assert.False(Directory.Exists(folder["out"]), "a failed first run leaves no output folder (docs/safety.md)");
    }

    [Fact]
    public void Rejects_may_not_leave_the_output_folder()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => RecipeRun.Run(folder, """
            name: escaping
            inputs: [in.jsonl]
            outputs: [{path: t.jsonl, format: trace}]
            rejects: ../rejects.jsonl
            """));
        Assert.Equal(4, Assert.Single(e.Diagnostics).Line);
    }
}
