using System.Runtime.InteropServices;
using TraceCurate.Traces;

namespace TraceCurate.Inspect;

/// <summary>
/// Figures over a set of traces, added one trace at a time in input order (so sums of decimals and doubles come out the
/// same on every run). The analysis figures (failed, interrupted, recoveries, outcome) are read from the model as the
/// analysis layer left them; nothing is recomputed here. Unknown is not 0: a token figure or the cost stays null until
/// some trace knows it, and <see cref="TracesWithCost"/> says how many did.
/// </summary>
public sealed class TraceStatistics
{
    public long Traces { get; private set; }
    public long Messages { get; private set; }
    public long Actions { get; private set; }
    public long FailedActions { get; private set; }
    public long InterruptedActions { get; private set; }

    /// <summary>Failed actions that a later action recovered (the sum of <see cref="Trace.Recoveries"/> counts).</summary>
    public long ErrorRecoveries { get; private set; }

    /// <summary>Failed actions that nothing later recovered (the sum of <see cref="Trace.UnrecoveredErrors"/> counts).</summary>
    public long UnrecoveredErrors { get; private set; }

    public long TracesWithFailedActions { get; private set; }
    public long TracesWithErrorRecovery { get; private set; }

    public long OutcomeSuccess { get; private set; }
    public long OutcomeFailure { get; private set; }
    public long OutcomeUnknown { get; private set; }

    // Models, formats and tools are hashed, not kept sorted: every view orders them by count (Ranking), and a sorted
    // dictionary's generic code is partly missing from the installed tool's ReadyToRun image (JIT-compiled at start).

    /// <summary>Traces per model (every model a trace used counts it once).</summary>
    public Dictionary<string, long> Models { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, long> Formats { get; } = new(StringComparer.Ordinal);

    public long? InputTokens { get; private set; }
    public long? OutputTokens { get; private set; }
    public long? CacheReadTokens { get; private set; }
    public long? CacheWriteTokens { get; private set; }
    public decimal? CostUsd { get; private set; }

    /// <summary>Traces that know at least one token figure.</summary>
    public long TracesWithUsage { get; private set; }

    public long TracesWithCost { get; private set; }

    /// <summary>Total tokens (input, output, cache read and write) of each trace that knows any.</summary>
    public Distribution TokensPerTrace { get; } = new();

    public Distribution CostPerTrace { get; } = new();

    public Distribution TraceDurationMs { get; } = new();

    public Distribution ActionsPerTrace { get; } = new();

    /// <summary>Per tool name (<see cref="StatisticsJson.OrderTools"/> gives them in the order every view shows).</summary>
    public Dictionary<string, ToolStatistics> Tools { get; } = new(StringComparer.Ordinal);

    public TelemetrySummary Telemetry { get; } = new();

    public void Add(Trace t)
    {
        Traces++;
        Messages += t.Messages.Count;
        Actions += t.Actions.Count;
        ActionsPerTrace.Add(t.Actions.Count);
        var failed = 0;
        foreach (var a in t.Actions)
        {
            if (a.Failed) failed++;
            if (a.Interrupted) InterruptedActions++;
            if (!Tools.TryGetValue(a.Name, out var tool)) Tools[a.Name] = tool = new ToolStatistics();
            tool.Add(a);
            Telemetry.Add(a);
        }
        Telemetry.EndTrace();
        FailedActions += failed;
        if (failed > 0) TracesWithFailedActions++;
        ErrorRecoveries += t.Recoveries.Count;
        UnrecoveredErrors += t.UnrecoveredErrors.Count;
        if (t.HasErrorRecovery) TracesWithErrorRecovery++;
        switch (t.Outcome)
        {
            case Outcome.Success: OutcomeSuccess++; break;
            case Outcome.Failure: OutcomeFailure++; break;
            default: OutcomeUnknown++; break;
        }
        foreach (var model in ModelsOf(t)) CollectionsMarshal.GetValueRefOrAddDefault(Models, model, out _)++;
        CollectionsMarshal.GetValueRefOrAddDefault(Formats, t.Format, out _)++;
        AddUsage(t.Usage);
        if (t.Duration is { } d) TraceDurationMs.Add(d.TotalMilliseconds);
    }

    /// <summary>The models a trace names: <see cref="Trace.Models"/>, else <see cref="Trace.Model"/>, else "(unknown)".</summary>
    public static IEnumerable<string> ModelsOf(Trace t) =>
        t.Models.Count > 0 ? t.Models.Distinct(StringComparer.Ordinal) : [t.Model ?? Unknown];

    public const string Unknown = "(unknown)";

    /// <summary>Failed actions per action; 0 when there is no action.</summary>
    public double FailureRate => Actions == 0 ? 0 : (double)FailedActions / Actions;

    private void AddUsage(Usage u)
    {
        InputTokens = Sum(InputTokens, u.InputTokens);
        OutputTokens = Sum(OutputTokens, u.OutputTokens);
        CacheReadTokens = Sum(CacheReadTokens, u.CacheReadTokens);
        CacheWriteTokens = Sum(CacheWriteTokens, u.CacheWriteTokens);
        if (u.TotalTokens is { } total)
        {
            TracesWithUsage++;
            TokensPerTrace.Add(total);
        }
        if (u.CostUsd is { } cost)
        {
            CostUsd = (CostUsd ?? 0) + cost;
            TracesWithCost++;
            CostPerTrace.Add((double)cost);
        }
    }

    internal static long? Sum(long? a, long? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);

    internal static double? Sum(double? a, double? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}

/// <summary>Calls of one tool: how many, how many failed or were interrupted, how long they took, what they used.</summary>
public sealed class ToolStatistics
{
    public long Calls { get; private set; }
    public long Failed { get; private set; }
    public long Interrupted { get; private set; }
    public Distribution DurationMs { get; } = new();
    public double? UserCpuSeconds { get; private set; }
    public double? SystemCpuSeconds { get; private set; }
    public long? ReadBytes { get; private set; }
    public long? WriteBytes { get; private set; }

    /// <summary>Failed calls per call (interrupted calls count as calls, not as failures).</summary>
    public double FailureRate => Calls == 0 ? 0 : (double)Failed / Calls;

    internal void Add(Traces.Action a)
    {
        Calls++;
        if (a.Failed) Failed++;
        if (a.Interrupted) Interrupted++;
        if (a.Duration is { } d) DurationMs.Add(d.TotalMilliseconds);
        if (a.Telemetry is { } tel)
        {
            UserCpuSeconds = TraceStatistics.Sum(UserCpuSeconds, tel.UserCpu);
            SystemCpuSeconds = TraceStatistics.Sum(SystemCpuSeconds, tel.SystemCpu);
            ReadBytes = TraceStatistics.Sum(ReadBytes, tel.ReadBytes);
            WriteBytes = TraceStatistics.Sum(WriteBytes, tel.WriteBytes);
        }
    }
}

/// <summary>
/// Process telemetry over all actions: CPU and I/O summed, and the peak resident memory of each trace (the largest
/// value its actions report: AgentTrace's figure is the run's high-water mark, so it cannot be summed or given to one call).
/// </summary>
public sealed class TelemetrySummary
{
    private long? _tracePeak;

    public long ActionsWithTelemetry { get; private set; }
    public double? UserCpuSeconds { get; private set; }
    public double? SystemCpuSeconds { get; private set; }
    public long? ReadBytes { get; private set; }
    public long? WriteBytes { get; private set; }

    /// <summary>Per trace with telemetry: its peak resident set size in bytes.</summary>
    public Distribution PeakRssBytes { get; } = new();

    internal void Add(Traces.Action a)
    {
        if (a.Telemetry is not { } tel) return;
        ActionsWithTelemetry++;
        UserCpuSeconds = TraceStatistics.Sum(UserCpuSeconds, tel.UserCpu);
        SystemCpuSeconds = TraceStatistics.Sum(SystemCpuSeconds, tel.SystemCpu);
        ReadBytes = TraceStatistics.Sum(ReadBytes, tel.ReadBytes);
        WriteBytes = TraceStatistics.Sum(WriteBytes, tel.WriteBytes);
        if (tel.PeakRssBytes is { } peak) _tracePeak = Math.Max(_tracePeak ?? 0, peak);
    }

    internal void EndTrace()
    {
        if (_tracePeak is { } peak) PeakRssBytes.Add(peak);
        _tracePeak = null;
    }
}
