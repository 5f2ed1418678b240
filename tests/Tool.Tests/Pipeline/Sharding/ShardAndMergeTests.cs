using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;
using TraceCurate.ScaleOut;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Sharding;

public sealed class ShardAndMergeTests
{
    private static readonly string Samples = Path.Combine(RepoPaths.Samples(), "agenttrace").Replace('\\', '/');

    /// <summary>A corpus big enough to be cut into many units: the samples' lines repeated with new ids.</summary>
    private static string Corpus(TempFolder temp, int copies)
    {
        var lines = Directory.GetFiles(Samples, "*.jsonl").Order(StringComparer.Ordinal).SelectMany(File.ReadLines).ToList();
        using var writer = new StreamWriter(temp.File("big.jsonl"));
        for (var c = 0; c < copies; c++)
            foreach (var line in lines) writer.Write(line.Replace("\"trace_id\": \"", $"\"trace_id\": \"c{c}-") + "\n");
        return temp.File("big.jsonl");
    }

    private static string Recipe(TempFolder temp, string inputs) => temp.Write("r.yaml",
        $"name: r\ninputs: [{inputs}]\nsteps:\n  - where: t.Actions.Any(a => a.Failed)\n  - where: t.Usage.OutputTokens > 100\n" +
        "outputs:\n  - {path: kept.jsonl, format: original}\n  - {path: sub/kept.traces.jsonl, format: trace}\n");

    [Fact]
    public async Task Three_concurrent_shards_then_merge_give_the_bytes_of_the_plain_run()
    {
        using var temp = new TempFolder();
        var big = Corpus(temp, 60);
        var recipe = Recipe(temp, $"{big}, {Samples}/nl2bash.jsonl");
        RecipeJob.Run(recipe, new RunOptions { OutDir = temp.File("plain") });

        var shards = Enumerable.Range(0, 3).Select(i => Task.Run(() => RecipeJob.Run(recipe, new RunOptions
        {
            OutDir = temp.File($"parts/{i}"), Shard = new ShardSpec(i, 3), UnitBytes = 20_000, Threads = 1,
        }))).ToArray();
        await Task.WhenAll(shards);
        MergeJob.Run([temp.File("parts/2"), temp.File("parts/0"), temp.File("parts/1")], temp.File("merged"));

        Assert.True(new FileInfo(big).Length > 20_000 * 10, "the corpus should span many units");
        foreach (var name in new[] { "manifest.json", "kept.jsonl", "sub/kept.traces.jsonl" })
            Assert.Equal(File.ReadAllBytes(temp.File("plain/" + name)), File.ReadAllBytes(temp.File("merged/" + name)));
        Assert.All(shards, s => Assert.True(s.Result.TracesRead > 0, "every shard should get work"));
    }

    [Fact]
    public void Errors_in_a_range_name_the_line_in_the_whole_file()
    {
        using var temp = new TempFolder();
        var big = Corpus(temp, 40);
        var lines = File.ReadAllLines(big).ToList();
        lines[200] = "{not json";
        File.WriteAllLines(big, lines);
        var recipe = Recipe(temp, big);

        var errors = Enumerable.Range(0, 2).Select(i =>
        {
            try
            {
                RecipeJob.Run(recipe, new RunOptions { OutDir = temp.File($"p{i}"), Shard = new ShardSpec(i, 2), UnitBytes = 10_000 });
                return null;
            }
            catch (TraceCurateException e)
            {
                return e.Diagnostics[0];
            }
        }).Where(d => d is not null).ToList();

        var d = Assert.Single(errors);
        Assert.Equal(("TC0004", 201L), (d!.Code, d.Line));
    }

    [Fact]
    public void Merge_refuses_a_missing_shard_naming_it()
    {
        using var temp = new TempFolder();
        var recipe = Recipe(temp, $"{Samples}/*.jsonl");
        for (var i = 0; i < 3; i += 2)
            RecipeJob.Run(recipe, new RunOptions { OutDir = temp.File($"parts/{i}"), Shard = new ShardSpec(i, 3) });

        var e = Assert.Throws<TraceCurateException>(() => MergeJob.Run([temp.File("parts/0"), temp.File("parts/2")], temp.File("merged")));

        Assert.Equal("TC0022", e.Diagnostics[0].Code);
        Assert.Contains("missing: 1", e.Diagnostics[0].Message);
        Assert.False(Directory.Exists(temp.File("merged")) && Directory.EnumerateFileSystemEntries(temp.File("merged")).Any());
    }

    [Fact]
    public void Merge_refuses_parts_of_different_recipes()
    {
        using var temp = new TempFolder();
        var a = Recipe(temp, $"{Samples}/*.jsonl");
        RecipeJob.Run(a, new RunOptions { OutDir = temp.File("p0"), Shard = new ShardSpec(0, 2) });
        File.AppendAllText(a, "# changed\n");
        RecipeJob.Run(a, new RunOptions { OutDir = temp.File("p1"), Shard = new ShardSpec(1, 2) });

        var e = Assert.Throws<TraceCurateException>(() => MergeJob.Run([temp.File("p0"), temp.File("p1")], temp.File("merged")));

        Assert.Contains("another recipe", e.Diagnostics[0].Message);
    }

    [Fact]
    public void Limit_is_refused_in_a_sharded_run()
    {
        using var temp = new TempFolder();
        var recipe = Recipe(temp, $"{Samples}/*.jsonl");

        var e = Assert.Throws<TraceCurateException>(() => RecipeJob.Run(recipe, new RunOptions
        {
            OutDir = temp.File("p"), Shard = new ShardSpec(0, 2), Limit = 3,
        }));

        Assert.Equal("TC0021", e.Diagnostics[0].Code);
    }

    [Theory]
    [InlineData("1/3", null, null, 1, 3)]
    [InlineData(null, "4", "2", 2, 4)]
    public void Shard_comes_from_the_option_or_the_scheduler_environment(string? shard, string? shards, string? slurm, int index, int count)
    {
        var spec = ShardSpec.From(shard, shards, name => name == "SLURM_ARRAY_TASK_ID" ? slurm : null);

        Assert.Equal(new ShardSpec(index, count), spec);
    }

    [Fact]
    public void Kubernetes_index_is_read_when_slurm_is_absent()
    {
        Assert.Equal(new ShardSpec(0, 2), ShardSpec.From(null, "2", name => name == "JOB_COMPLETION_INDEX" ? "0" : null));
        Assert.Throws<ArgumentException>(() => ShardSpec.From(null, "2", _ => null));
        Assert.Throws<ArgumentException>(() => ShardSpec.From("3/3", null, _ => null));
    }
}
