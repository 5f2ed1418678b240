using TraceCurate.Diagnostics;

namespace TraceCurate.Pipeline;

/// <summary>Which part of the work this process does: shard <see cref="Index"/> of <see cref="Count"/>, 0-based.</summary>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>
    /// From <c>--shard i/N</c>, or from <c>--shards N</c> with the index in <c>SLURM_ARRAY_TASK_ID</c> (Slurm arrays) or
    /// <c>JOB_COMPLETION_INDEX</c> (Kubernetes Indexed Jobs).
    /// </summary>
    public static ShardSpec? From(string? shard, string? shards, Func<string, string?> environment)
    {
        if (shard is not null)
        {
            var parts = shard.Split('/');
            if (parts.Length == 2 && int.TryParse(parts[0], out var i) && int.TryParse(parts[1], out var n) && n >= 1 && i >= 0 && i < n)
                return new ShardSpec(i, n);
            throw new ArgumentException($"--shard takes I/N with 0 <= I < N, not '{shard}'");
        }
        if (shards is null) return null;
        if (!int.TryParse(shards, out var count) || count < 1) throw new ArgumentException($"--shards takes a whole number of at least 1, not '{shards}'");
        var index = environment("SLURM_ARRAY_TASK_ID") ?? environment("JOB_COMPLETION_INDEX")
            ?? throw new ArgumentException("--shards needs the shard index in SLURM_ARRAY_TASK_ID or JOB_COMPLETION_INDEX; or pass --shard I/N");
        if (!int.TryParse(index, out var k) || k < 0 || k >= count)
            throw new ArgumentException($"the shard index '{index}' from the environment is not within 0..{count - 1}");
        return new ShardSpec(k, count);
    }

    public override string ToString() => $"{Index}/{Count}";
}
