namespace TraceCurate.ScaleOut;

/// <summary>
/// Everything the scheduler files need, already resolved: paths are as they must appear in the files (absolute on the
/// cluster for Slurm, inside the container for Kubernetes). <see cref="ScaleOutEmitter"/> fills it from the command line.
/// </summary>
public sealed record ScaleOutOptions
{
    /// <summary>The recipe, as the shard processes will open it.</summary>
    public required string Recipe { get; init; }

    /// <summary>N: the number of shards, hence of array tasks or indexed pods.</summary>
    public required int Shards { get; init; }

    /// <summary>OUTROOT: shard i writes OUTROOT/parts/i, the merge writes the final outputs into OUTROOT.</summary>
    public required string OutRoot { get; init; }

    public required string JobName { get; init; }

    /// <summary>How to invoke the tool: shell text put in front of <c>run</c> and <c>merge</c>.</summary>
    public string Tool { get; init; } = ScaleOutEmitter.DefaultTool;

    public int Cpus { get; init; } = 2;

    /// <summary>Memory per shard in Slurm's notation (a number with an optional K, M, G or T suffix; no suffix = MB).</summary>
    public string Memory { get; init; } = "4G";

    /// <summary>At most this many shards at once (Slurm <c>%P</c>, Kubernetes <c>parallelism</c>); null = all of them.</summary>
    public int? Parallelism { get; init; }

    /// <summary>Slurm: the working directory of every job (<c>#SBATCH --chdir</c>), where a local tool manifest is found.</summary>
    public string WorkDir { get; init; } = "/";

    /// <summary>Kubernetes: the container image, which must hold the tool.</summary>
    public string Image { get; init; } = "";

    /// <summary>Kubernetes: the PersistentVolumeClaim shared by the shard pods and the merge pod.</summary>
    public string Pvc { get; init; } = ScaleOutEmitter.DefaultPvc;

    /// <summary>Kubernetes: where the claim is mounted in every pod; also their working directory.</summary>
    public string MountPath { get; init; } = ScaleOutEmitter.DefaultMountPath;

    /// <summary>The folder shard <paramref name="index"/> writes, as it appears in the merge command.</summary>
    public string PartDir(int index) => PartsRoot + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>OUTROOT/parts/, the prefix of every part folder.</summary>
    public string PartsRoot => OutRoot.TrimEnd('/') + "/parts/";
}
