using TraceCurate.Manifests;

namespace TraceCurate.ScaleOut;

/// <summary>The command line of <c>emit</c>, as typed: null means "not given".</summary>
public sealed record EmitRequest
{
    /// <summary><c>slurm</c> or <c>k8s</c>.</summary>
    public required string Target { get; init; }
    public required string Recipe { get; init; }
    public required int Shards { get; init; }
    public required string OutputFile { get; init; }
    public string? OutRoot { get; init; }
    public string? Tool { get; init; }
    public int? Cpus { get; init; }
    public string? Memory { get; init; }
    public int? Parallelism { get; init; }
    public string? JobName { get; init; }
    public string? Image { get; init; }
    public string? Pvc { get; init; }
    public string? MountPath { get; init; }
}

/// <summary>An <c>emit</c> option that cannot work (the CLI turns it into a usage error, exit 2).</summary>
public sealed class ScaleOutOptionException(string message) : Exception(message);

/// <summary>What <c>emit</c> wrote (full paths) and the commands that submit or apply it, in order.</summary>
public sealed record EmitResult(IReadOnlyList<string> Files, IReadOnlyList<string> Commands);
