namespace TraceCurate.Traces;

/// <summary>
/// The analysis layer (output-formats §9–§11) in one call: classify every action's error, pair failures with their
/// recoveries, infer the outcome. The runner calls it after a reader parses a trace, and a transform step calls it
/// again on the transformed trace, so predicates and writers always see figures that match the actions they hold.
/// </summary>
internal static class TraceAnalyzer
{
    public static Trace Analyze(Trace t)
    {
        // Classification is eager: Failed, which nearly every recipe reads, depends on it. Recoveries and the outcome
        // are costly (shell parsing, target keys) and read by fewer recipes, so they are worked out on first read;
        // both factories see the classified actions, exactly as the eager analysis did.
        var actions = t.Actions.Select(a => ErrorClassifier.Classify(a, t.Format)).ToList();
        var cwd = t.Cwd;
        var keys = new ActionKeys(actions, cwd); // each action's keys and shell parse, shared by both analyses
        var classified = t with
        {
            Actions = actions,
            LazyRecovery = () =>
            {
                var (recoveries, unrecovered) = RecoveryAnalyzer.Analyze(keys);
                return new RecoveryResult(recoveries, unrecovered);
            },
        };
        return classified with
        {
            LazyVerdict = () =>
            {
                var (outcome, evidence) = OutcomeAnalyzer.Analyze(classified, keys);
                return new OutcomeVerdict(outcome, evidence.Count == 0 ? null : string.Join(',', evidence));
            },
        };
    }
}
