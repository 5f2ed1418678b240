namespace TraceCurate.Traces;

/// <summary>
/// A long trace's actions in chunks, for the analysis that works on each action (its error class, its search for a
/// recovery): on several threads when the reading lends them (<see cref="TraceAnalyzer.Analyze(Trace, TraceSource, int,
/// Func{int})"/>), else in order on this thread. A trace's analysis was the one part of reading a long session left on
/// one core: about a quarter of the wall on a 300 MB Codex rollout, after its lines were read in parts. Each chunk writes
/// only its own slots, and what it reads of other actions is thread-safe (<see cref="ActionKeys"/>, the lazy fields), so
/// the result is the one pass's whatever the number of threads.
/// </summary>
internal static class ActionChunks
{
    /// <summary>
    /// Actions per chunk: a few milliseconds of analysis (8 µs an action on a Codex rollout), well above what handing a
    /// chunk to a thread costs.
    /// </summary>
    internal const int Size = 1024;

    /// <summary>The threads to use for a trace of <paramref name="count"/> actions: one below two chunks, else what the reading lends.</summary>
    internal static int Threads(int count, Func<int>? lent) => count < 2 * Size || lent is null ? 1 : Math.Max(1, lent());

    /// <summary>How many chunks <paramref name="count"/> actions make.</summary>
    internal static int Count(int count) => (count + Size - 1) / Size;

    /// <summary>
    /// <paramref name="body"/>(chunk, start, end) for each chunk of <paramref name="count"/> actions, on up to
    /// <paramref name="threads"/> threads; every chunk is run whatever the others do, and a failure is the first chunk's
    /// in order, thrown as it was thrown, as in one pass.
    /// </summary>
    public static void ForEach(int count, int threads, System.Action<int, int, int> body)
    {
        var chunks = Count(count);
        void Chunk(int k) => body(k, k * Size, Math.Min(count, (k + 1) * Size));
        if (threads < 2 || chunks < 2)
        {
            for (var k = 0; k < chunks; k++) Chunk(k);
            return;
        }
        foreach (var failure in OnThreads.Run(threads, chunks, Chunk)) failure?.Throw();
    }
}
