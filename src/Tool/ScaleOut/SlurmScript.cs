using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TraceCurate.ScaleOut;

/// <summary>
/// The Slurm files of <c>emit slurm</c> (docs/scale-out.md): an array job with one task per shard, a merge job, and a
/// submit script that queues the merge with <c>afterok</c> on the array. Pure functions of the options: the same
/// options give the same bytes (no date, host or user in the text).
/// </summary>
public static partial class SlurmScript
{
    /// <summary>The three file names for <c>-o FILE</c>: FILE, and FILE with <c>.merge</c> / <c>.submit</c> before its extension.</summary>
    public static (string Array, string Merge, string Submit) FileNames(string file)
    {
        var dir = Path.GetDirectoryName(file) ?? "";
        var ext = Path.GetExtension(file);
        var stem = Path.GetFileNameWithoutExtension(file);
        return (file, Path.Combine(dir, stem + ".merge" + ext), Path.Combine(dir, stem + ".submit" + ext));
    }

    /// <summary>What the options hold that an <c>#SBATCH</c> line cannot carry (it is not parsed by a shell).</summary>
    public static IEnumerable<string> Problems(ScaleOutOptions o)
    {
        if (!DirectiveSafe().IsMatch(o.JobName)) yield return $"the job name '{o.JobName}' may hold only letters, digits, '.', '_' and '-'";
        if (!DirectiveSafe().IsMatch(o.OutRoot)) yield return $"the output folder '{o.OutRoot}' cannot appear in an #SBATCH line (no spaces, quotes, '%', '#' or '\\')";
        if (!DirectiveSafe().IsMatch(o.WorkDir)) yield return $"the working directory '{o.WorkDir}' cannot appear in an #SBATCH line (no spaces, quotes, '%', '#' or '\\')";
    }

    public static string ArrayJob(ScaleOutOptions o, string submitFile, string mergeFile)
    {
        var n = Num(o.Shards);
        var throttle = o.Parallelism is { } p && p < o.Shards ? "%" + Num(p) : "";
        var text = new StringBuilder();
        text.Append("#!/usr/bin/env bash\n");
        text.Append($"# {Banner}: Slurm array job, one task per shard ({n} shards) of {o.Recipe}.\n");
        text.Append($"# Submit it with {submitFile}, which queues {mergeFile} to run once every shard succeeded.\n");
        text.Append($"# Task i writes {o.PartsRoot}i; its log is {LogDir(o)}/{o.JobName}-<array job id>_i.out.\n");
        Directives(text, o, o.JobName, "%x-%A_%a.out");
        text.Append($"#SBATCH --array=0-{Num(o.Shards - 1)}{throttle}\n");
        text.Append("set -euo pipefail\n");
        text.Append("# --shards takes the shard index from SLURM_ARRAY_TASK_ID.\n");
        text.Append($"{o.Tool} run {Shell.Quote(o.Recipe)} --shards {n} --out {Shell.Quote(o.PartsRoot)}\"$SLURM_ARRAY_TASK_ID\"");
        text.Append(" --threads \"${SLURM_CPUS_PER_TASK:-1}\"\n");
        return text.ToString();
    }

    public static string MergeJob(ScaleOutOptions o, string submitFile)
    {
        var text = new StringBuilder();
        text.Append("#!/usr/bin/env bash\n");
        text.Append($"# {Banner}: Slurm merge job for the {Num(o.Shards)} shards of {o.Recipe}.\n");
        text.Append($"# {submitFile} queues it with --dependency=afterok on the array job; by hand, sbatch it once every shard succeeded.\n");
        Directives(text, o, o.JobName + "-merge", "%x-%j.out");
        text.Append("set -euo pipefail\n");
        text.Append("parts=(\n");
        for (var i = 0; i < o.Shards; i++) text.Append("  ").Append(Shell.Quote(o.PartDir(i))).Append('\n');
        text.Append(")\n");
        text.Append($"{o.Tool} merge \"${{parts[@]}}\" --out {Shell.Quote(o.OutRoot)}\n");
        return text.ToString();
    }

    /// <summary>The submit script finds the two job scripts beside itself, so the three files can move together.</summary>
    public static string Submit(ScaleOutOptions o, string arrayFileName, string mergeFileName)
    {
        var text = new StringBuilder();
        text.Append("#!/usr/bin/env bash\n");
        text.Append($"# {Banner}: submits the {Num(o.Shards)} shards of {o.Recipe} as a Slurm array job, then the merge job\n");
        text.Append("# with --dependency=afterok on the whole array (cancelled if a shard fails). Arguments are passed to both\n");
        text.Append("# sbatch calls (e.g. --partition=NAME --account=NAME). Prints the two job ids.\n");
        text.Append("set -euo pipefail\n");
        text.Append("here=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n");
        text.Append("# Slurm does not create the folder of a log file, and a job whose log cannot be opened fails.\n");
        text.Append($"mkdir -p {Shell.Quote(LogDir(o))}\n");
        text.Append($"array_job=\"$(sbatch --parsable \"$@\" \"$here\"/{Shell.Quote(arrayFileName)})\"\n");
        text.Append("array_job=\"${array_job%%;*}\"  # --parsable prints ID or ID;CLUSTER\n");
        text.Append("merge_job=\"$(sbatch --parsable \"$@\" --dependency=afterok:\"$array_job\" --kill-on-invalid-dep=yes");
        text.Append($" \"$here\"/{Shell.Quote(mergeFileName)})\"\n");
        text.Append("merge_job=\"${merge_job%%;*}\"\n");
        text.Append("echo \"array job $array_job, merge job $merge_job\"\n");
        return text.ToString();
    }

    private static string Banner => $"generated by trace-curate {ToolVersion.Current} (emit slurm)";

    private static string LogDir(ScaleOutOptions o) => o.OutRoot.TrimEnd('/') + "/logs";

    private static void Directives(StringBuilder text, ScaleOutOptions o, string jobName, string logPattern)
    {
        text.Append($"#SBATCH --job-name={jobName}\n");
        text.Append($"#SBATCH --cpus-per-task={Num(o.Cpus)}\n");
        text.Append($"#SBATCH --mem={o.Memory}\n");
        text.Append($"#SBATCH --chdir={o.WorkDir}\n");
        text.Append($"#SBATCH --output={LogDir(o)}/{logPattern}\n");
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex("^[A-Za-z0-9_@+=:,./-]+$")]
    private static partial Regex DirectiveSafe();
}
