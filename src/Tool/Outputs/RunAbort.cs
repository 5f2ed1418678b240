namespace TraceCurate.Outputs;

/// <summary>
/// Ends the process from outside the run's own thread (SIGINT, SIGTERM, the <c>--timeout</c> watchdog) without
/// leaving a staging folder behind. .NET cannot abort a thread stuck in a snippet (engine-notes §1.10), so this
/// removes every uncommitted staging folder, prints why, and exits. Commits hold <see cref="Gate"/>, so a run is
/// either fully committed or not at all when the process goes.
/// </summary>
public static class RunAbort
{
    internal static readonly object Gate = new();
    private static readonly HashSet<StagedOutputs> Active = [];
    private static int _exiting;

    internal static void Register(StagedOutputs outputs)
    {
        lock (Gate) Active.Add(outputs);
    }

    internal static void Unregister(StagedOutputs outputs)
    {
        lock (Gate) Active.Remove(outputs);
    }

    /// <summary>Removes the staging folders of every run in progress, writes <paramref name="message"/>, exits with <paramref name="exitCode"/>.</summary>
    public static void Exit(int exitCode, string message, TextWriter log)
    {
        if (Interlocked.Exchange(ref _exiting, 1) == 1) return; // a second signal while exiting changes nothing
        lock (Gate)
        {
            foreach (var outputs in Active) outputs.Abandon();
        }
        try
        {
            log.WriteLine(message);
            log.Flush();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // stderr closed: the exit code still tells.
        }
        Environment.Exit(exitCode);
    }
}
