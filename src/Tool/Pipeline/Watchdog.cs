using System.Globalization;
using TraceCurate.Diagnostics;
using TraceCurate.Outputs;
using TraceCurate.Reading;

namespace TraceCurate.Pipeline;

/// <summary>
/// <c>--timeout</c>: when the run is not finished in time, ends the process with exit code 1 and an error naming
/// the step and the trace being judged (a snippet that loops forever cannot be stopped in-process: engine-notes §1.10).
/// </summary>
internal sealed class Watchdog : IDisposable
{
    private readonly Timer _timer;

    public Watchdog(TimeSpan timeout, RunActivity activity, TextWriter log) =>
        _timer = new Timer(_ => RunAbort.Exit(CliExit, Message(timeout, activity).ToString(), log), null, timeout, Timeout.InfiniteTimeSpan);

    /// <summary>The CLI's "data error" code: the run failed with a diagnostic.</summary>
    private const int CliExit = 1;

    public static Diagnostic Message(TimeSpan timeout, RunActivity activity)
    {
        var limit = Duration.Format(timeout);
        if (activity.Oldest() is { } e)
            return Diagnostic.Error(DiagnosticCodes.RunTimedOut, string.Create(CultureInfo.InvariantCulture,
                $"the run did not finish within --timeout {limit}: step '{e.Step}' had been judging trace '{e.TraceId}' for {e.Elapsed.TotalSeconds:F1} s (a snippet that never returns?); no output was replaced"),
                e.File, e.Line);
        return Diagnostic.Error(DiagnosticCodes.RunTimedOut,
            $"the run did not finish within --timeout {limit} while no trace was being judged" +
            (activity.Reading is { } file ? $" (reading {DisplayPath.For(file)})" : "") + "; no output was replaced");
    }

    public void Dispose() => _timer.Dispose();
}
