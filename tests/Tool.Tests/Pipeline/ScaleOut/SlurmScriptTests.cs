using TraceCurate.ScaleOut;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.ScaleOut;

public sealed partial class SlurmScriptTests
{
    /// <summary>A tool that prints each argument it gets on its own line, so a test sees the argv the shell built.</summary>
    internal const string EchoTool = "printf '%s\\n'";

    internal static ScaleOutOptions Options(int shards = 3, string recipe = "/data/recipes/r.yaml", string outRoot = "/scratch/out",
        int? parallelism = null, string tool = "dotnet trace-curate") => new()
    {
        Recipe = recipe,
        Shards = shards,
        OutRoot = outRoot,
        JobName = "tc-r",
        WorkDir = "/home/u/repo",
        Tool = tool,
        Cpus = 2,
        Memory = "4G",
        Parallelism = parallelism,
    };

    private static string Array(ScaleOutOptions o) => SlurmScript.ArrayJob(o, "job.submit.sh", "job.merge.sh");

    private static string[] Lines(string text) => text.Split('\n');

    [Theory]
    [InlineData(1, "0-0")]
    [InlineData(3, "0-2")]
    [InlineData(16, "0-15")]
    [InlineData(1000, "0-999")]
    public void The_array_covers_shards_0_to_N_minus_1(int shards, string range)
    {
        var directives = Lines(Array(Options(shards))).Where(l => l.StartsWith("#SBATCH --array", StringComparison.Ordinal)).ToList();

        Assert.Equal(["#SBATCH --array=" + range], directives);
    }

    [Theory]
    [InlineData(16, 4, "0-15%4")]
    [InlineData(3, 3, "0-2")]
    [InlineData(3, 8, "0-2")]
    public void Parallel_throttles_the_array_only_below_the_shard_count(int shards, int parallel, string array)
    {
        Assert.Contains("\n#SBATCH --array=" + array + "\n", Array(Options(shards, parallelism: parallel)));
    }

    [Fact]
    public void The_job_directives_carry_name_cpus_memory_working_directory_and_log_path()
    {
        var array = Lines(Array(Options()));
        var merge = Lines(SlurmScript.MergeJob(Options(), "job.submit.sh"));

        Assert.Contains("#SBATCH --job-name=tc-r", array);
        Assert.Contains("#SBATCH --cpus-per-task=2", array);
        Assert.Contains("#SBATCH --mem=4G", array);
        Assert.Contains("#SBATCH --chdir=/home/u/repo", array);
        // %x = job name, %A = array job id, %a = task index: one log per shard.
        Assert.Contains("#SBATCH --output=/scratch/out/logs/%x-%A_%a.out", array);
        Assert.Contains("#SBATCH --job-name=tc-r-merge", merge);
        Assert.Contains("#SBATCH --output=/scratch/out/logs/%x-%j.out", merge);
        Assert.Contains("set -euo pipefail", array);
        Assert.Contains("set -euo pipefail", merge);
    }

    [Fact]
    public void Every_sbatch_directive_comes_before_the_first_command()
    {
        // sbatch stops reading #SBATCH lines at the first line that is neither a comment nor blank.
        foreach (var script in new[] { Array(Options()), SlurmScript.MergeJob(Options(), "job.submit.sh") })
        {
            var lines = Lines(script);
            Assert.StartsWith("#!", lines[0]);
            var firstCommand = System.Array.FindIndex(lines, l => l.Length > 0 && !l.StartsWith('#'));
            var lastDirective = System.Array.FindLastIndex(lines, l => l.StartsWith("#SBATCH", StringComparison.Ordinal));
            Assert.True(lastDirective >= 0 && lastDirective < firstCommand, script);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    public void All_three_scripts_pass_bash_syntax_check(int shards)
    {
        using var temp = new TempFolder();
        var o = Options(shards, recipe: "/data/my recipes/it's.yaml");
        var files = new[]
        {
            temp.Write("job.sh", Array(o)),
            temp.Write("job.merge.sh", SlurmScript.MergeJob(o, "job.submit.sh")),
            temp.Write("job.submit.sh", SlurmScript.Submit(o, "job.sh", "job.merge.sh")),
        };

        foreach (var file in files)
        {
            var check = Processes.Run("bash", ["-n", file]);
            Assert.True(check.ExitCode == 0, $"{Path.GetFileName(file)}: {check.Err}");
        }
    }

    [Fact]
    public void The_array_script_runs_the_tool_on_the_shard_of_its_task()
    {
        using var temp = new TempFolder();
        var recipe = "/data/my recipes/it's.yaml";
        var script = temp.Write("job.sh", Array(Options(shards: 3, recipe: recipe, tool: EchoTool)));

        var run = Processes.Run("bash", [script], new Dictionary<string, string?> { ["SLURM_ARRAY_TASK_ID"] = "1", ["SLURM_CPUS_PER_TASK"] = "2" });

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["run", recipe, "--shards", "3", "--out", "/scratch/out/parts/1", "--threads", "2"], Lines(run.Out.TrimEnd('\n')));
    }

    [Fact]
    public void The_array_script_fails_outside_an_array_task()
    {
        using var temp = new TempFolder();
        var script = temp.Write("job.sh", Array(Options(tool: EchoTool)));

        // set -u: without SLURM_ARRAY_TASK_ID the script stops instead of writing to ".../parts/".
        var run = Processes.Run("bash", [script], new Dictionary<string, string?> { ["SLURM_ARRAY_TASK_ID"] = null });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("SLURM_ARRAY_TASK_ID", run.Err);
    }

    [Fact]
    public void The_merge_script_lists_every_part_folder_in_order()
    {
        using var temp = new TempFolder();
        var script = temp.Write("job.merge.sh", SlurmScript.MergeJob(Options(shards: 5, tool: EchoTool), "job.submit.sh"));

        var run = Processes.Run("bash", [script]);

        Assert.Equal(0, run.ExitCode);
        string[] expected =
        [
            "merge", "/scratch/out/parts/0", "/scratch/out/parts/1", "/scratch/out/parts/2", "/scratch/out/parts/3",
            "/scratch/out/parts/4", "--out", "/scratch/out",
        ];
        Assert.Equal(expected, Lines(run.Out.TrimEnd('\n')));
    }
}
