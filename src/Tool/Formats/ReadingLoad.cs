namespace TraceCurate.Formats;

/// <summary>
/// How many of the reading's workers are mapping a batch now. A reader that can spread one large record over the
/// reading's threads (<see cref="CodexRolloutParts"/>) does so only while the other workers are idle: when every worker
/// has a file of its own, more threads than cores only cost (on a folder of 10 MB rollouts, reading each in parts took
/// 1.3x the wall of reading them one pass each, the parts' lines no longer in the cache when they were applied).
/// </summary>
internal sealed class ReadingLoad
{
    private int _busy;

    /// <summary>True when no worker but the one asking maps a batch.</summary>
    public bool OthersIdle => Volatile.Read(ref _busy) <= 1;

    public void Enter() => Interlocked.Increment(ref _busy);

    public void Leave() => Interlocked.Decrement(ref _busy);
}
