namespace TraceCurate.Traces;

// The analysis layer's results (output-formats §9–§11). Readers leave them at their defaults; the analyzer fills them
// after reading and again after a `map` transform, so predicates always see figures that match the trace.
public sealed partial record Trace
{
    /// <summary>Success, Failure or Unknown, from explicit signals first (docs/analysis.md).</summary>
    public Outcome Outcome { get => Verdict.Outcome; init => _verdict = Deferred<OutcomeVerdict>.Of(Verdict with { Outcome = value }); }

    /// <summary>
    /// What decided <see cref="Outcome"/>: the deciding code first, then extra evidence, comma-separated
    /// (e.g. "last_verifier_passed,submitted"; codes in docs/analysis.md).
    /// </summary>
    public string? OutcomeEvidence { get => Verdict.Evidence; init => _verdict = Deferred<OutcomeVerdict>.Of(Verdict with { Evidence = value }); }

    /// <summary>Each failed action that a later action recovered, with the index of the recovering action.</summary>
    public IReadOnlyList<Recovery> Recoveries { get => Pairing.Recoveries; init => _recovery = Deferred<RecoveryResult>.Of(Pairing with { Recoveries = value }); }

    /// <summary>Indexes of failed actions that nothing later recovered.</summary>
    public IReadOnlyList<int> UnrecoveredErrors { get => Pairing.Unrecovered; init => _recovery = Deferred<RecoveryResult>.Of(Pairing with { Unrecovered = value }); }

    /// <summary>True when the agent hit an error and then recovered from it (at least one <see cref="Recoveries"/> entry).</summary>
    public bool HasErrorRecovery => Recoveries.Count > 0;

    // Recoveries and the outcome are worked out on first read (TraceAnalyzer sets the factories): a recipe that never
    // asks for them never pays for the shell parsing they need. An unset field reads as "nothing found".
    private readonly Deferred<RecoveryResult> _recovery;
    private readonly Deferred<OutcomeVerdict> _verdict;

    private RecoveryResult Pairing => _recovery.Value ?? RecoveryResult.None;

    private OutcomeVerdict Verdict => _verdict.Value ?? OutcomeVerdict.Unknown;

    /// <summary>For the analyzer: compute <see cref="Recoveries"/> and <see cref="UnrecoveredErrors"/> on first read.</summary>
    internal Func<RecoveryResult> LazyRecovery { init => _recovery = Deferred<RecoveryResult>.Lazy(value); }

    /// <summary>For the analyzer: compute <see cref="Outcome"/> and <see cref="OutcomeEvidence"/> on first read.</summary>
    internal Func<OutcomeVerdict> LazyVerdict { init => _verdict = Deferred<OutcomeVerdict>.Lazy(value); }
}

/// <summary>The error → recovery pairing of one trace (see <see cref="RecoveryAnalyzer"/>).</summary>
internal sealed record RecoveryResult(IReadOnlyList<Recovery> Recoveries, IReadOnlyList<int> Unrecovered)
{
    public static readonly RecoveryResult None = new([], []);

    public bool Equals(RecoveryResult? other) =>
        other is not null && Recoveries.SequenceEqual(other.Recoveries) && Unrecovered.SequenceEqual(other.Unrecovered);

    public override int GetHashCode() => HashCode.Combine(Recoveries.Count, Unrecovered.Count);
}

/// <summary>The inferred outcome of one trace and the evidence for it (see <see cref="OutcomeAnalyzer"/>).</summary>
internal sealed record OutcomeVerdict(Outcome Outcome, string? Evidence)
{
    public static readonly OutcomeVerdict Unknown = new(Outcome.Unknown, null);
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
