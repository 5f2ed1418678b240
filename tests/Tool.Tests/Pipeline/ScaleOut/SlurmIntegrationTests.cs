using System.Text;
using System.Text.RegularExpressions;
using TraceCurate.Tests.Support;
using Xunit.Abstractions;

namespace TraceCurate.Tests.Pipeline.ScaleOut;

/// <summary>
/// The emitted Slurm files on a real Slurm: submits the array and merge jobs with sbatch, waits for them and compares
/// the merged outputs with a local run. Needs a running cluster (tests/slurm/start-slurm.sh) and
/// TRACE_CURATE_SLURM_TEST=1, as .ci/run sets; without the variable it is skipped with the reason, except under
/// <c>CI=true</c>; with it (or under CI) but no sbatch it fails.
/// </summary>
public sealed partial class SlurmIntegrationTests(ITestOutputHelper output)
{
    internal const string EnableVariable = "TRACE_CURATE_SLURM_TEST";
    private const int Shards = 3;
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    private static readonly string[] EndStates =
        ["COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "OUT_OF_MEMORY", "NODE_FAIL", "PREEMPTED", "BOOT_FAIL", "DEADLINE"];

    [SlurmFact]
    public void Shards_run_as_a_slurm_array_and_merge_to_the_bytes_of_a_local_run()
    {
        Assert.True(Processes.Which("sbatch") is not null,
            "sbatch is not on PATH: start the test cluster with tests/slurm/start-slurm.sh (as .ci/run does)");

        using var temp = new TempFolder();
        var recipe = Path.Combine(RepoPaths.Recipes, "quickstart.yaml");
        var tool = Path.Combine(AppContext.BaseDirectory, "TraceCurate.dll");
        var outRoot = temp.File("cluster");
        var emitted = Support.Cli.Run("emit", "slurm", recipe, "--shards", Shards.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-o", temp.File("jobs/job.sh"), "--out", outRoot, "--tool", $"dotnet {tool}", "--cpus", "1", "--mem", "1G", "--job-name", "tc-it");
        Assert.True(emitted.ExitCode == 0, emitted.Err);

        // sbatch hands the submitting environment to the jobs: a private compile cache keeps the shards off the user's.
        var submit = Processes.Run("bash", [temp.File("jobs/job.submit.sh")],
            new Dictionary<string, string?> { ["TRACE_CURATE_CACHE"] = temp.File("cache") });
        Assert.True(submit.ExitCode == 0, $"submit failed: {submit.Err}");
        var ids = SubmitAnswer().Match(submit.Out);
        Assert.True(ids.Success, $"unexpected submit output: {submit.Out}");
        var (arrayJob, mergeJob) = (ids.Groups[1].Value, ids.Groups[2].Value);
        output.WriteLine($"array job {arrayJob}, merge job {mergeJob}");

        try
        {
            // The local reference run, while the cluster works.
            var local = temp.File("local");
            var run = Support.Cli.Run("run", recipe, "--out", local);
            Assert.True(run.ExitCode == 0, run.Err);

            var mergeState = WaitForEnd(mergeJob);
            Assert.True(mergeState == "COMPLETED",
                $"merge job {mergeJob} ended {mergeState}; shards: {TaskStates(arrayJob)}\n{Logs(outRoot)}");
            AssertSameBytes(local, outRoot);
        }
        finally
        {
            Processes.Run("scancel", [arrayJob, mergeJob]);
        }
    }

    /// <summary>Every file of the local run (outputs and manifest.json) is in OUTROOT with the same bytes.</summary>
    private static void AssertSameBytes(string local, string merged)
    {
        var files = Directory.GetFiles(local, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(local, f))
            .Where(f => f != "run.json") // timings, if present, are not part of the build
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains("manifest.json", files);
        Assert.True(files.Count >= 2, "the local run wrote no output besides its manifest");
        foreach (var file in files)
        {
            var other = Path.Combine(merged, file);
            Assert.True(File.Exists(other), $"the merge did not write {file}");
            Assert.True(File.ReadAllBytes(Path.Combine(local, file)).AsSpan().SequenceEqual(File.ReadAllBytes(other)),
                $"{file} differs between the local run and the Slurm merge");
        }
    }

    /// <summary>Polls scontrol until the job is in an end state (or gone from the controller), bounded by <see cref="Limit"/>.</summary>
    private static string WaitForEnd(string job)
    {
        var deadline = DateTime.UtcNow + Limit;
        var state = "UNKNOWN";
        while (DateTime.UtcNow < deadline)
        {
            var show = Processes.Run("scontrol", ["show", "job", "-o", job]);
            if (show.ExitCode != 0) return $"GONE ({show.Err.Trim()})";
            state = JobState().Match(show.Out) is { Success: true } m ? m.Groups[1].Value : "UNKNOWN";
            if (EndStates.Contains(state)) return state;
            Thread.Sleep(TimeSpan.FromSeconds(2));
        }
        return $"still {state} after {Limit.TotalMinutes} minutes";
    }

    /// <summary>"0=COMPLETED 1=FAILED …" for the tasks of an array job.</summary>
    private static string TaskStates(string arrayJob)
    {
        var show = Processes.Run("scontrol", ["show", "job", "-o", arrayJob]);
        return string.Join(' ', show.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => $"{TaskId().Match(line).Groups[1].Value}={JobState().Match(line).Groups[1].Value}")
            .Order(StringComparer.Ordinal));
    }

    private static string Logs(string outRoot)
    {
        var dir = Path.Combine(outRoot, "logs");
        if (!Directory.Exists(dir)) return "(no logs folder)";
        var text = new StringBuilder();
        foreach (var log in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            text.Append("--- ").Append(Path.GetFileName(log)).Append('\n').Append(File.ReadAllText(log));
        return text.ToString();
    }

    [GeneratedRegex(@"array job (\d+), merge job (\d+)")]
    private static partial Regex SubmitAnswer();

    [GeneratedRegex(@"\bJobState=(\S+)")]
    private static partial Regex JobState();

    [GeneratedRegex(@"\bArrayTaskId=(\S+)")]
    private static partial Regex TaskId();
}

/// <summary>
/// The Slurm integration fact: skipped, saying how to enable it, unless TRACE_CURATE_SLURM_TEST=1 (a running test
/// cluster is needed) or <c>CI=true</c>, where it always runs so that a missing cluster fails instead of passing.
/// </summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(SlurmIntegrationTests.EnableVariable) != "1" && !CorpusCounts.IsCi)
            Skip = $"set {SlurmIntegrationTests.EnableVariable}=1 with a running Slurm (tests/slurm/start-slurm.sh) to run it";
    }
}
