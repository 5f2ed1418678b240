using TraceCurate.Pipeline;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

/// <summary>The recipes that docs/steps.md points to run on the samples and do what the docs say.</summary>
public sealed class RecipesFolderTests
{
    private static RunResult Run(string recipe, TempFolder folder, int threads) =>
        RecipeJob.Run(Path.Combine(RepoPaths.Root, "recipes", recipe), new RunOptions { OutDir = folder.Path, Threads = threads, Cache = RecipeRun.Cache });

    [Fact]
    public void Training_set_puts_every_sample_in_exactly_one_of_train_test_and_rejects()
    {
        using var folder = new TempFolder();
        Run("training-set.yaml", folder, threads: 2);
        var train = RecipeRun.Ids(folder["train.jsonl"]);
        var test = RecipeRun.Ids(folder["test.jsonl"]);
        var rejected = RecipeRun.Ids(folder["rejects.jsonl"]);
        Assert.NotEmpty(train);
        Assert.NotEmpty(test);
        var all = AgentTraceLines.Samples().Select(AgentTraceLines.Id).Order(StringComparer.Ordinal);
        Assert.Equal(all, train.Concat(test).Concat(rejected).Order(StringComparer.Ordinal));
        // cap: {per: dataset, max: 3} over four mbpp samples rejects the fourth, and nothing else is dropped.
        Assert.Equal(["8d1c2f8e-0004-4a7b-9c1d-000000000004"], rejected);
    }

    [Fact]
    public void Steps_tour_drops_the_mbpp_tasks_listed_as_references()
    {
        using var folder = new TempFolder();
        Run("steps-tour.yaml", folder, threads: 1);
        var rejects = folder.Read("rejects.jsonl");
        Assert.Contains("mbpp-tasks.jsonl:1", rejects);
        Assert.Contains("mbpp-tasks.jsonl:2", rejects);
        Assert.DoesNotContain("run-a", folder.Read("all.jsonl")); // the user pattern redacted every run id
    }

    [Fact]
    public void AgentTrace_subset_parquet_holds_the_same_runs_as_its_jsonl_and_reads_back_as_agenttrace()
    {
        using var folder = new TempFolder();
        Run("agenttrace-subset-parquet.yaml", folder, threads: 2);
        var ids = File.ReadAllLines(folder["failed.jsonl"]).Where(l => l.Length > 0).Select(AgentTraceLines.Id).ToList();
        Assert.NotEmpty(ids);
        Assert.True(ids.Count < AgentTraceLines.Samples().Count()); // the filter dropped some
        Assert.Equal(ids, Parquet.ParquetFiles.Rows(folder["failed.parquet"]).Select(r => r.GetProperty("trace_id").GetString()!).ToList());
        Assert.Equal("agenttrace-parquet", TraceCurate.Formats.FormatDetector.Detect(folder["failed.parquet"]).Format);
    }
}
