using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Steps;

public sealed class SampleAndSplitTests
{
    private const string SampleRecipe = """
        name: sample-test
        inputs: [in]
        steps:
          - name: ten-percent
            sample: {rate: RATE, seed: 42}
        outputs: [{path: t.jsonl, format: trace}]
        """;

    private const string SplitRecipe = """
        name: split-test
        inputs: [in]
        steps:
          - name: holdout
            split: {seed: 7, parts: {train: 0.8, test: 0.2}}
        outputs:
          - {path: train.jsonl, format: trace, split: train}
          - {path: test.jsonl, format: trace, split: test}
          - {path: all.jsonl, format: trace}
        """;

    /// <summary>pipeline-anchors §6.5, computed here from the spec's formula: U64(SHA-256(seed 0 rule 0 id)[0..8]) &lt; rate × 2^64.</summary>
    private static bool SpecKeeps(string seed, string rule, string id, double rate)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}\0{rule}\0{id}"));
        return BinaryPrimitives.ReadUInt64BigEndian(hash) / 18446744073709551616.0 < rate;
    }

    private static List<string> Shuffled(List<string> lines) => lines.OrderBy(l => SHA256.HashData(Encoding.UTF8.GetBytes(l))[0]).ThenBy(l => l.Length).ToList();

    [Fact]
    public void Sample_keeps_the_same_ids_whatever_the_threads_the_order_or_the_file_cut()
    {
        var lines = AgentTraceLines.Generated(400);
        using var folder = new TempFolder();
        folder.Write("in/all.jsonl", lines);
        var recipe = SampleRecipe.Replace("RATE", "0.1");
        RecipeRun.Run(folder, recipe, threads: 1, outDir: "one");
        RecipeRun.Run(folder, recipe, threads: 4, outDir: "four");
        using var shuffled = new TempFolder();
        var mixed = Shuffled(lines);
        shuffled.Write("in/a.jsonl", mixed.Take(150));
        shuffled.Write("in/b.jsonl", mixed.Skip(150));
        RecipeRun.Run(shuffled, recipe, threads: 2);

        var expected = lines.Select(AgentTraceLines.Id).Where(id => SpecKeeps("42", "ten-percent", id, 0.1)).ToList();
        Assert.InRange(expected.Count, 20, 60); // about 40 of 400
        Assert.Equal(expected, RecipeRun.Ids(folder["one/t.jsonl"]));
        Assert.Equal(expected, RecipeRun.Ids(folder["four/t.jsonl"]));
        Assert.Equal(expected.Order(StringComparer.Ordinal), RecipeRun.Ids(shuffled["out/t.jsonl"]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_smaller_rate_keeps_a_subset_of_a_larger_one()
    {
        using var folder = new TempFolder();
        folder.Write("in/all.jsonl", AgentTraceLines.Generated(300));
        RecipeRun.Run(folder, SampleRecipe.Replace("RATE", "0.1"), outDir: "small");
        RecipeRun.Run(folder, SampleRecipe.Replace("RATE", "0.3"), outDir: "large");
        var small = RecipeRun.Ids(folder["small/t.jsonl"]);
        var large = RecipeRun.Ids(folder["large/t.jsonl"]);
        Assert.True(small.Count < large.Count);
        Assert.Empty(small.Except(large));
    }

    [Fact]
    public void Sample_count_is_refused_with_the_reason()
    {
        using var folder = new TempFolder();
        folder.Write("in/all.jsonl", AgentTraceLines.Generated(3));
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() =>
            RecipeRun.Run(folder, SampleRecipe.Replace("rate: RATE", "count: 10")));
        Assert.Equal(5, e.Diagnostics[0].Line);
        Assert.Contains("use 'rate'", e.Diagnostics[0].Message);
    }

    [Fact]
    public void Split_parts_are_disjoint_cover_everything_and_do_not_depend_on_order_or_threads()
    {
        var lines = AgentTraceLines.Generated(300);
        using var folder = new TempFolder();
        folder.Write("in/all.jsonl", lines);
        RecipeRun.Run(folder, SplitRecipe, threads: 1, outDir: "one");
        RecipeRun.Run(folder, SplitRecipe, threads: 4, outDir: "four");
        using var shuffled = new TempFolder();
        var mixed = Shuffled(lines);
        shuffled.Write("in/a.jsonl", mixed.Take(100));
        shuffled.Write("in/b.jsonl", mixed.Skip(100));
        var result = RecipeRun.Run(shuffled, SplitRecipe, threads: 2);

        var train = RecipeRun.Ids(folder["one/train.jsonl"]);
        var test = RecipeRun.Ids(folder["one/test.jsonl"]);
        Assert.InRange(test.Count, 35, 85); // about 60 of 300
        Assert.Empty(train.Intersect(test));
        Assert.Equal(lines.Select(AgentTraceLines.Id).Order(StringComparer.Ordinal), train.Concat(test).Order(StringComparer.Ordinal));
        Assert.Equal(lines.Select(AgentTraceLines.Id), RecipeRun.Ids(folder["one/all.jsonl"])); // an output without split: gets every trace
        Assert.Equal(folder.Read("one/train.jsonl"), folder.Read("four/train.jsonl"));
        Assert.Equal(test.Order(StringComparer.Ordinal), RecipeRun.Ids(shuffled["out/test.jsonl"]).Order(StringComparer.Ordinal));
        Assert.Equal(test.Count, RecipeRun.Counter(result, "holdout", "split.test"));
    }

    [Fact]
    public void Split_by_task_puts_every_run_of_one_task_in_the_same_part()
    {
        using var folder = new TempFolder();
        folder.Write("in/all.jsonl", AgentTraceLines.Generated(70)); // each of the 7 tasks 10 times
        RecipeRun.Run(folder, SplitRecipe.Replace("seed: 7", "by: t.Task, seed: 1"));
        var test = RecipeRun.Ids(folder["out/test.jsonl"]).Select(id => int.Parse(id[4..]) % 7).ToList();
        var train = RecipeRun.Ids(folder["out/train.jsonl"]).Select(id => int.Parse(id[4..]) % 7).ToList();
        Assert.NotEmpty(test);
        Assert.NotEmpty(train);
        Assert.Empty(test.Intersect(train));
        Assert.All(test.Concat(train).GroupBy(t => t), g => Assert.Equal(10, g.Count()));
    }

    [Fact]
    public void An_output_naming_an_undefined_split_is_reported_at_its_line()
    {
        using var folder = new TempFolder();
        folder.Write("in/all.jsonl", AgentTraceLines.Generated(3));
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() =>
            RecipeRun.Run(folder, SplitRecipe.Replace("split: test}", "split: tset}")));
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(8, d.Line);
        Assert.Contains("'tset'", d.Message);
        Assert.Contains("train, test", d.Message);
    }

    [Fact]
    public void Parts_that_do_not_add_up_to_one_are_an_error()
    {
        using var folder = new TempFolder();
        folder.Write("in/all.jsonl", AgentTraceLines.Generated(3));
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() =>
            RecipeRun.Run(folder, SplitRecipe.Replace("test: 0.2", "test: 0.3")));
        Assert.Contains("add up to 1", Assert.Single(e.Diagnostics).Message);
    }
}
