using TraceCurate.Manifests;
using TraceCurate.Reading;


namespace TraceCurate.Pipeline;

/// <summary>What a run did, for the summary printed to stderr.</summary>
public sealed record RunResult(
    Funnel Funnel,
    IReadOnlyList<InputStats> Inputs,
    IReadOnlyList<OutputEntry> Outputs,
    long TracesRead,
    long TracesKept,
    TimeSpan Elapsed,
    bool LimitReached)
{
    /// <summary>The recipe said <c>unsafe: true</c>: its snippets ran without the safety guard.</summary>
    public bool Unsafe { get; init; }

    /// <summary>Files of folder and glob inputs that no reader claims, skipped under --skip-unknown (full paths).</summary>
    public IReadOnlyList<string> SkippedUnknown { get; init; } = [];
}
