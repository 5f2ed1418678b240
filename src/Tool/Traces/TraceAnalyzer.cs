namespace TraceCurate.Traces;

/// <summary>
/// The analysis layer (output-formats §9–§11) in one call: classify every action's error, pair failures with their
/// recoveries, infer the outcome. The runner calls it after a reader parses a trace, and a transform step calls it
/// again on the transformed trace, so predicates and writers always see figures that match the actions they hold.
/// </summary>
public static class TraceAnalyzer
{
    public static Trace Analyze(Trace t)
    {
        var actions = t.Actions.Select(a => ErrorClassifier.Classify(a, t.Format)).ToList();
        var (recoveries, unrecovered) = RecoveryAnalyzer.Analyze(actions, t.Cwd);
        var classified = t with { Actions = actions, Recoveries = recoveries, UnrecoveredErrors = unrecovered };
        var (outcome, evidence) = OutcomeAnalyzer.Analyze(classified);
        return classified with { Outcome = outcome, OutcomeEvidence = evidence.Count == 0 ? null : string.Join(',', evidence) };
    }
}
