using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Steps;

public sealed class CapStepTests
{
    [Fact]
    public void Cap_keeps_the_first_N_traces_per_key_in_input_order()
    {
        using var folder = new TempFolder();
        var lines = AgentTraceLines.Generated(28); // samples 0..6 four times: 16 mbpp records, 12 nl2bash records
        folder.Write("in.jsonl", lines);
        var result = RecipeRun.Run(folder, """
            name: cap-test
            inputs: [in.jsonl]
            steps:
              - where: true
              - name: per-dataset
                cap: {per: t.Meta("dataset"), max: 3}
            outputs: [{path: t.jsonl, format: trace}]
            """, threads: 4);
        // Sample indexes 0-3 are mbpp, 4-6 nl2bash: the first three of each in generated order.
        Assert.Equal(["gen-0000", "gen-0001", "gen-0002", "gen-0004", "gen-0005", "gen-0006"], RecipeRun.Ids(folder["out/t.jsonl"]));
        Assert.Equal(22, RecipeRun.Counter(result, "per-dataset", "dropped.over-cap"));
        Assert.Equal(2, RecipeRun.Counter(result, "per-dataset", "keys"));
    }

    [Fact]
    public void A_null_key_is_one_key_of_its_own()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Generated(7));
        RecipeRun.Run(folder, """
            name: cap-null
            inputs: [in.jsonl]
            steps:
              - cap: {per: t.Meta("no.such.field"), max: 2}
            outputs: [{path: t.jsonl, format: trace}]
            """);
        Assert.Equal(["gen-0000", "gen-0001"], RecipeRun.Ids(folder["out/t.jsonl"]));
    }

    [Fact]
    public void Cap_without_max_is_reported_at_the_step()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Generated(1));
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => RecipeRun.Run(folder, """
            name: cap-bad
            inputs: [in.jsonl]
            steps:
              - cap: {per: t.Task}
            outputs: [{path: t.jsonl, format: trace}]
            """));
        Assert.Equal(4, Assert.Single(e.Diagnostics).Line);
        Assert.Contains("'max'", e.Diagnostics[0].Message);
    }
}
