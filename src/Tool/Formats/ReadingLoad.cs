namespace TraceCurate.Formats;

/// <summary>
/// How many of the reading's workers are mapping a batch now. A large session is spread over the reading's threads
/// (<see cref="SessionParts"/>, <see cref="CodexRolloutParts"/>) only while the other workers are idle: when every worker
/// has a file of its own, more threads than cores only cost. On a folder of 10 MB Codex rollouts, reading each in parts
/// took 1.3x the wall of one pass each (the parts' lines no longer in the cache when applied); on a folder of ten 20 MB
/// Claude Code files, keeping each to its worker took 0.94x the wall.
/// </summary>
internal sealed class ReadingLoad
{
    private int _busy;

    /// <summary>True when no worker but the one asking maps a batch.</summary>
    public bool OthersIdle => Volatile.Read(ref _busy) <= 1;

    public void Enter() => Interlocked.Increment(ref _busy);

    public void Leave() => Interlocked.Decrement(ref _busy);
}
