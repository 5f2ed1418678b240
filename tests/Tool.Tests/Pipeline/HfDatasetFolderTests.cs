using TraceCurate.Reading;
using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

/// <summary>
/// Hugging Face dataset folders as inputs: the splits come from the card's <c>configs</c> (checked here against the
/// card's own text and the files on disk), the card is not an input, and <c>folder:split</c> reads one split.
/// </summary>
public sealed class HfDatasetFolderTests
{
    private static readonly RecipePosition At = new("test", 1, 1);

    private static IReadOnlyList<string> Inputs(string pattern, string? directory = null) =>
        InputResolver.Resolve([new InputSpec(pattern, directory ?? RepoPaths.Samples(), At)], null).Select(f => Path.GetRelativePath(RepoPaths.Samples(), f.Path)).ToList();

    [Fact]
    public void The_sample_folder_reads_its_data_files_split_by_split_in_card_order_and_not_its_card()
    {
        var card = File.ReadAllText(RepoPaths.Samples("hf-chat-rows", "README.md"));
        Assert.True(card.IndexOf("split: train", StringComparison.Ordinal) < card.IndexOf("split: test", StringComparison.Ordinal));
        Assert.Equal(["hf-chat-rows/data/train-00000-of-00001.parquet", "hf-chat-rows/data/test-00000-of-00001.jsonl"], Inputs("hf-chat-rows"));
    }

    [Fact]
    public void Folder_colon_split_reads_one_split_and_an_unknown_split_is_an_error_naming_the_known_ones()
    {
        Assert.Equal(["hf-chat-rows/data/test-00000-of-00001.jsonl"], Inputs("hf-chat-rows:test"));
        var e = Assert.Throws<TraceCurateException>(() => Inputs("hf-chat-rows:dev"));
        Assert.Contains("train, test", e.Message);
    }

    [Fact]
    public void Without_configs_splits_come_from_file_names_and_dotted_split_names_are_kept()
    {
        using var temp = new TempFolder();
        temp.Write("README.md", "---\nlicense: mit\n---\n# card\n");
        temp.Write("data/train.raw-00000-of-00002.jsonl", "{}\n");
        temp.Write("data/train.raw-00001-of-00002.jsonl", "{}\n");
        temp.Write("data/test-00000-of-00001.jsonl", "{}\n");
        temp.Write("notes.txt", "not data\n");
        var splits = HfDatasetFolder.Splits(temp.Path);
        Assert.Equal(["test", "train.raw"], splits.Select(s => s.Name));
        Assert.Equal(2, splits[1].Files.Count);
        Assert.Equal(["data/train.raw-00000-of-00002.jsonl", "data/train.raw-00001-of-00002.jsonl"], HfDatasetFolder.Files(temp.Path, "train.raw", At).Select(f => Path.GetRelativePath(temp.Path, f).Replace('\\', '/')));
    }

    [Fact]
    public void The_recipe_keeps_resolved_runs_that_failed_and_recovered_and_writes_trl_that_reads_back()
    {
        using var dir = new TempFolder();
        var recipe = File.ReadAllText(Path.Combine(RepoPaths.Root, "recipes", "hf-chat-rows.yaml")).Replace("../samples/hf-chat-rows", RepoPaths.Samples("hf-chat-rows"));
        var run = RecipeRun.RunLogged(dir, recipe);
        Assert.Equal(4, run.Result.TracesRead);
        Assert.Equal(2, run.Result.TracesKept);
        var lines = File.ReadAllLines(Path.Combine(run.OutDir, "recovered.trl.jsonl"));
        // Of the four invented rows, acme__pager-12.r1 (train) and acme__lib-3.r1 (test) are resolved and recover
        // from a failed call; r2 recovers but is not resolved; acme__cli-7 never fails.
        Assert.Equal(2, lines.Length);
        Assert.Contains("Fix the off-by-one", lines[0]);
        Assert.Contains("Add a --quiet flag", lines[1]);
        Assert.True(File.Exists(Path.Combine(run.OutDir, "recovered-dataset", "README.md")));
    }
}
