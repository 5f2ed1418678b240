namespace TraceCurate.Traces;

// The analysis layer's results (output-formats §9–§11). Readers leave them at their defaults; the analyzer fills them
// after reading and again after a `map` transform, so predicates always see figures that match the trace.
public sealed partial record Trace
{
    /// <summary>Success, Failure or Unknown, from explicit signals first (docs/analysis.md).</summary>
    public Outcome Outcome { get; init; } = Outcome.Unknown;

    /// <summary>
    /// What decided <see cref="Outcome"/>: the deciding code first, then extra evidence, comma-separated
    /// (e.g. "last_verifier_passed,submitted"; codes in docs/analysis.md).
    /// </summary>
    public string? OutcomeEvidence { get; init; }

    /// <summary>Each failed action that a later action recovered, with the index of the recovering action.</summary>
    public IReadOnlyList<Recovery> Recoveries { get; init; } = [];

    /// <summary>Indexes of failed actions that nothing later recovered.</summary>
    public IReadOnlyList<int> UnrecoveredErrors { get; init; } = [];

    /// <summary>True when the agent hit an error and then recovered from it (at least one <see cref="Recoveries"/> entry).</summary>
    public bool HasErrorRecovery => Recoveries.Count > 0;
}

public enum Outcome
{
    Unknown,
    Success,
    Failure,
}

/// <summary>A failed action (<see cref="Failed"/>, an action index) recovered by a later successful one (<see cref="RecoveredBy"/>).</summary>
public sealed record Recovery(int Failed, int RecoveredBy)
{
    /// <summary>Strong when the two actions share the exact target (or are verifiers of one folder); weak when only the loose key matched.</summary>
    public RecoveryStrength Strength { get; init; } = RecoveryStrength.Strong;
}

public enum RecoveryStrength
{
    Strong,
    Weak,
}
