namespace TraceCurate.Traces;

/// <summary>
/// Resource use of one tool call. For AgentTrace, <see cref="PeakRssBytes"/> is the run's high-water mark so far, not
/// this call's own peak: it never goes down within a run and cannot be attributed to one call.
/// </summary>
public sealed record Telemetry
{
    public double? UserCpu { get; init; }

    public double? SystemCpu { get; init; }

    public long? PeakRssBytes { get; init; }

    public long? ReadBytes { get; init; }

    public long? WriteBytes { get; init; }
}
