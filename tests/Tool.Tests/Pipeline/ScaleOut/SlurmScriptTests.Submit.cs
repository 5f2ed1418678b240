using TraceCurate.ScaleOut;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.ScaleOut;

public sealed partial class SlurmScriptTests
{
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // sets Unix file modes
    [Fact]
    public void The_submit_script_queues_the_merge_after_the_whole_array_with_afterok()
    {
        using var temp = new TempFolder();
        var outRoot = temp.File("out");
        var o = Options(outRoot: outRoot);
        temp.Write("jobs/job.sh", Array(o));
        temp.Write("jobs/job.merge.sh", SlurmScript.MergeJob(o, "job.submit.sh"));
        var submit = temp.Write("jobs/job.submit.sh", SlurmScript.Submit(o, "job.sh", "job.merge.sh"));
        // A stand-in sbatch: records its arguments, answers like `sbatch --parsable` (ID;CLUSTER, then ID).
        var fake = temp.Write("bin/sbatch", """
            #!/usr/bin/env bash
            printf '%s\n' "$*" >> "$SBATCH_LOG"
            if [[ $(wc -l < "$SBATCH_LOG") -eq 1 ]]; then echo "41;cluster"; else echo 42; fi
            """);
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var log = temp.File("sbatch.log");

        var run = Processes.Run("bash", [submit, "--partition=p"], new Dictionary<string, string?>
        {
            ["PATH"] = temp.File("bin") + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["SBATCH_LOG"] = log,
        });

        Assert.True(run.ExitCode == 0, run.Err);
        var jobs = temp.File("jobs");
        Assert.Equal(
            [
                $"--parsable --partition=p {jobs}/job.sh",
                $"--parsable --partition=p --dependency=afterok:41 --kill-on-invalid-dep=yes {jobs}/job.merge.sh",
            ],
            File.ReadAllLines(log));
        Assert.Equal("array job 41, merge job 42", run.Out.Trim());
        // Slurm does not create a log file's folder: the submit script must, before the jobs start.
        Assert.True(Directory.Exists(Path.Combine(outRoot, "logs")));
    }

    [Fact]
    public void The_same_options_give_the_same_bytes()
    {
        var a = Options(shards: 7);
        var b = Options(shards: 7);

        Assert.Equal(Array(a), Array(b));
        Assert.Equal(SlurmScript.MergeJob(a, "s.sh"), SlurmScript.MergeJob(b, "s.sh"));
        Assert.DoesNotContain(Environment.MachineName, Array(a) + SlurmScript.Submit(a, "a.sh", "m.sh"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/w/job.sh", "/w/job.merge.sh", "/w/job.submit.sh")]
    [InlineData("/w/jobs", "/w/jobs.merge", "/w/jobs.submit")]
    [InlineData("/w/run.v2.sbatch", "/w/run.v2.merge.sbatch", "/w/run.v2.submit.sbatch")]
    public void The_merge_and_submit_files_add_a_word_before_the_extension(string file, string merge, string submit)
    {
        Assert.Equal((file, merge, submit), SlurmScript.FileNames(file));
    }

    [Theory]
    [InlineData("/scratch/my out", "tc-r", "'/scratch/my out'")]
    [InlineData("/scratch/100%", "tc-r", "'/scratch/100%'")]
    [InlineData("/scratch/out", "tc r", "'tc r'")]
    public void Values_an_sbatch_line_cannot_carry_are_reported(string outRoot, string jobName, string named)
    {
        var problems = SlurmScript.Problems(Options(outRoot: outRoot) with { JobName = jobName }).ToList();

        Assert.Single(problems);
        Assert.Contains(named, problems[0]);
    }
}
