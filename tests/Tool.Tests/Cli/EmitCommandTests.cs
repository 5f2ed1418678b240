using TraceCurate.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Tests.Cli;

public sealed class EmitCommandTests
{
    private static readonly string Quickstart = Path.Combine(RepoPaths.Recipes, "quickstart.yaml");

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // sets Unix file modes
    [Fact]
    public void Emit_slurm_writes_the_array_merge_and_submit_scripts_with_absolute_paths()
    {
        using var temp = new TempFolder();
        var outRoot = temp.File("data");

        var result = Support.Cli.Run("emit", "slurm", Quickstart, "--shards", "4", "-o", temp.File("jobs/job.sh"), "--out", outRoot);

        Assert.True(result.ExitCode == 0, result.Err);
        var array = File.ReadAllText(temp.File("jobs/job.sh"));
        Assert.Contains("\n#SBATCH --array=0-3\n", array);
        Assert.Contains($"\n#SBATCH --chdir={Directory.GetCurrentDirectory()}\n", array);
        Assert.Contains($"\ndotnet trace-curate run {Quickstart} --shards 4 --out {outRoot}/parts/\"$SLURM_ARRAY_TASK_ID\" ", array);
        Assert.Contains($"dotnet trace-curate merge \"${{parts[@]}}\" --out {outRoot}\n", File.ReadAllText(temp.File("jobs/job.merge.sh")));
        Assert.Contains("--dependency=afterok:", File.ReadAllText(temp.File("jobs/job.submit.sh")));
        Assert.EndsWith($"then run:\n  bash {temp.File("jobs/job.submit.sh")}\n", result.Out.ReplaceLineEndings("\n"));
        foreach (var name in new[] { "job.submit.sh", "job.sh", "job.merge.sh" })
        {
            Assert.Contains($"wrote {temp.File("jobs/" + name)}", result.Out);
            Assert.True(File.GetUnixFileMode(temp.File("jobs/" + name)).HasFlag(UnixFileMode.UserExecute), name);
        }
    }

    [Fact]
    public void Emit_slurm_defaults_to_out_and_a_job_name_from_the_recipe_file()
    {
        using var temp = new TempFolder();

        var result = Support.Cli.Run("emit", "slurm", Quickstart, "--shards", "2", "-o", temp.File("job.sh"));

        Assert.Equal(0, result.ExitCode);
        var array = File.ReadAllText(temp.File("job.sh"));
        Assert.Contains($" --out {Path.GetFullPath("out/quickstart")}/parts/", array);
        Assert.Contains("\n#SBATCH --job-name=tc-quickstart\n", array);
        Assert.Contains("\n#SBATCH --cpus-per-task=2\n#SBATCH --mem=4G\n", array);
    }

    [Fact]
    public void Tool_cpus_and_memory_options_reach_the_scripts()
    {
        using var temp = new TempFolder();

        var result = Support.Cli.Run("emit", "slurm", Quickstart, "--shards", "2", "-o", temp.File("job.sh"),
            "--tool", "dotnet /opt/tc/TraceCurate.dll", "--cpus", "1", "--mem", "1g", "--job-name", "nightly");

        Assert.Equal(0, result.ExitCode);
        var array = File.ReadAllText(temp.File("job.sh"));
        Assert.Contains("\ndotnet /opt/tc/TraceCurate.dll run ", array);
        Assert.Contains("\n#SBATCH --cpus-per-task=1\n#SBATCH --mem=1G\n", array);
        Assert.Contains("\n#SBATCH --job-name=nightly\n", array);
        Assert.Contains("\n#SBATCH --job-name=nightly-merge\n", File.ReadAllText(temp.File("job.merge.sh")));
    }

    [Fact]
    public void Emit_k8s_puts_relative_paths_under_the_mount_path()
    {
        using var temp = new TempFolder();

        var result = Support.Cli.Run("emit", "k8s", "recipes/quickstart.yaml", "--shards", "2", "-o", temp.File("jobs.yaml"),
            "--image", "registry.example/tc:1", "--mount", "/work", "--pvc", "traces");

        Assert.True(result.ExitCode == 0, result.Err);
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(temp.File("jobs.yaml"))));
        Assert.Equal(2, stream.Documents.Count);
        var yaml = File.ReadAllText(temp.File("jobs.yaml"));
        Assert.Contains("run /work/recipes/quickstart.yaml --shards 2 --out /work/out/quickstart/parts/", yaml);
        Assert.Contains("claimName: traces", yaml);
        Assert.Contains($"wrote {temp.File("jobs.yaml")}", result.Out);
        Assert.Contains($"  kubectl apply -f {temp.File("jobs.yaml")} -l trace-curate/stage=shards\n  kubectl wait --for=condition=complete --timeout=24h job/tc-quickstart\n",
            result.Out.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("needs --image", "emit", "k8s", "r.yaml", "--shards", "2", "-o", "f.yaml")]
    [InlineData("'slurm' or 'k8s'", "emit", "pbs", "r.yaml", "--shards", "2", "-o", "f")]
    [InlineData("missing --shards", "emit", "slurm", "r.yaml", "-o", "f")]
    [InlineData("missing -o FILE", "emit", "slurm", "r.yaml", "--shards", "2")]
    [InlineData("--shards takes a whole number of at least 1", "emit", "slurm", "r.yaml", "--shards", "0", "-o", "f")]
    [InlineData("--mem takes a size", "emit", "slurm", "r.yaml", "--shards", "2", "-o", "f", "--mem", "lots")]
    [InlineData("for 'emit k8s' only", "emit", "slurm", "r.yaml", "--shards", "2", "-o", "f", "--image", "x")]
    [InlineData("the job name 'Big'", "emit", "k8s", "r.yaml", "--shards", "2", "-o", "f", "--image", "x", "--job-name", "Big")]
    [InlineData("--tool holds a control character", "emit", "slurm", "r.yaml", "--shards", "2", "-o", "f", "--tool", "dotnet tc\nrm -rf x")]
    [InlineData("--mount takes an absolute path", "emit", "k8s", "r.yaml", "--shards", "2", "-o", "f", "--image", "x", "--mount", "data")]
    public void Options_that_cannot_work_are_usage_errors(string message, params string[] args)
    {
        var result = Support.Cli.Run(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Err);
    }

    [Fact]
    public void An_output_folder_an_sbatch_line_cannot_carry_is_a_usage_error()
    {
        using var temp = new TempFolder();

        var result = Support.Cli.Run("emit", "slurm", Quickstart, "--shards", "2", "-o", temp.File("job.sh"), "--out", temp.File("my out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("#SBATCH", result.Err);
        Assert.False(File.Exists(temp.File("job.sh")));
    }

    [Fact]
    public void Emit_slurm_checks_the_recipe_before_writing_anything()
    {
        using var temp = new TempFolder();

        var result = Support.Cli.Run("emit", "slurm", temp.File("missing.yaml"), "--shards", "2", "-o", temp.File("job.sh"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("error TC0003: recipe file not found", result.Err);
        Assert.False(File.Exists(temp.File("job.sh")));
    }
}
