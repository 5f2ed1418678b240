using TraceCurate.Diagnostics;
using TraceCurate.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Tests.Parquet;

/// <summary><c>format: hf-dataset</c>: a shard DuckDB reads, a dataset card whose front matter is valid YAML, the recipe copy, and the redaction guard.</summary>
public sealed class HfDatasetWriterTests
{
    private const string Recipe = """
        name: hf
        inputs: [mbpp.jsonl, nl2bash.jsonl]
        steps:
          - redact: [secrets]
        outputs:
          - path: dataset
            format: hf-dataset
            license: mit
            tags: coding, smolagents
        """;

    [InteropFact]
    public void Writes_a_shard_duckdb_counts_a_card_and_the_recipe()
    {
        using var dir = TempFolder.WithAgentTraceSamples();
        var run = RecipeRun.RunLogged(dir, Recipe);
        var folder = Path.Combine(run.OutDir, "dataset");
        var shard = Path.Combine(folder, "data", "train-00000-of-00001.parquet");

        var count = InteropReaders.Run("query-duckdb.mjs", shard, "SELECT count(*) AS n, count(DISTINCT id) AS ids FROM t")[0];
        Assert.Equal(7, count.GetProperty("n").GetInt64()); // 4 + 3 sample lines
        Assert.Equal(7, count.GetProperty("ids").GetInt64());
        Assert.Equal(Recipe, File.ReadAllText(Path.Combine(folder, "recipe.yaml")));

        var card = File.ReadAllText(Path.Combine(folder, "README.md"));
        Assert.StartsWith("---\n", card);
        var front = card[4..card.IndexOf("\n---\n", 4, StringComparison.Ordinal)];
        var yaml = new YamlStream();
        yaml.Load(new StringReader(front));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal("mit", root["license"].ToString());
        Assert.Equal(["trace-curate", "agent-traces", "coding", "smolagents"], ((YamlSequenceNode)root["tags"]).Select(n => n.ToString()));
        var files = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)root["configs"])[0])["data_files"])[0];
        Assert.Equal("train", files["split"].ToString());
        Assert.Equal("data/train-*", files["path"].ToString());
        var info = (YamlMappingNode)root["dataset_info"];
        var features = ((YamlSequenceNode)info["features"]).Cast<YamlMappingNode>().Select(f => f["name"].ToString()).ToList();
        Assert.Equal(ParquetFiles.ColumnNames(shard), features);
        Assert.Equal("7", ((YamlMappingNode)((YamlSequenceNode)info["splits"])[0])["num_examples"].ToString());
    }

    [Fact]
    public void Refuses_a_recipe_without_redact_unless_it_says_publish_unredacted()
    {
        using var dir = TempFolder.WithAgentTraceSamples();
        var unredacted = Recipe.Replace("steps:\n  - redact: [secrets]\n", "");
        var error = Assert.Throws<TraceCurateException>(() => RecipeRun.RunLogged(dir, unredacted, recipeName: "raw.yaml"));
        Assert.Contains("TC0002", error.Message);
        Assert.Contains("publish_unredacted", error.Message);
        Assert.Contains("raw.yaml(", error.Message);

        var run = RecipeRun.RunLogged(dir, "publish_unredacted: true\n" + unredacted, recipeName: "allowed.yaml");
        Assert.Equal(7, ParquetFiles.RowCount(Path.Combine(run.OutDir, "dataset", "data", "train-00000-of-00001.parquet")));
    }
}
