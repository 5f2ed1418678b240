using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Cli;

/// <summary>Issue 26 §7: <c>emit</c> and <c>run</c> default to the same folder, out/&lt;name&gt; with the recipe's name:.</summary>
public sealed class EmitDefaultFolderTests
{
    [Fact]
    public void Emit_defaults_to_the_folder_run_writes_when_the_name_differs_from_the_file_name()
    {
        using var temp = new TempFolder();
        var recipe = temp.Write("file-name.yaml", File.ReadAllText(Path.Combine(RepoPaths.Recipes, "quickstart.yaml"))
            .Replace("name: quickstart", "name: recipe-name").Replace("../samples/", RepoPaths.Samples() + "/").Replace("../filters/", RepoPaths.Root + "/filters/"));

        var emit = Support.Cli.Run("emit", "slurm", recipe, "--shards", "2", "-o", temp.File("job.sh"));
        Assert.Equal(0, emit.ExitCode);
        Assert.Contains($" --out {Path.GetFullPath("out/recipe-name")}/parts/", File.ReadAllText(temp.File("job.sh")));
        Assert.Contains($" --out {Path.GetFullPath("out/recipe-name")}\n", File.ReadAllText(temp.File("job.merge.sh")));
    }
}
