using TraceCurate.Traces;

namespace TraceCurate.Steps;

/// <summary>What a step decided: keep a trace (possibly a changed copy), or drop it for a reason.</summary>
public readonly record struct StepResult(Trace? Kept, string? DropReason)
{
    public static StepResult Keep(Trace trace) => new(trace, null);

    /// <summary>Drops the trace; the reason becomes the counter <c>dropped.&lt;reason&gt;</c> (stable, lower-case).</summary>
    public static StepResult Drop(string reason) => new(null, reason);

    /// <summary>Drops the trace with a short reason for counting and a longer detail for the rejects file.</summary>
    public static StepResult Drop(string reason, string detail) => new(null, reason) { Detail = detail };

    public string? Detail { get; init; }

    public bool IsKept => Kept is not null;
}
