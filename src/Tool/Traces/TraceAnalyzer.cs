namespace TraceCurate.Traces;

/// <summary>
/// The analysis layer (output-formats §9–§11) in one call: classify every action's error, pair failures with their
/// recoveries, infer the outcome. The runner calls it after a reader parses a trace, and a transform step calls it
/// again on the transformed trace, so predicates and writers always see figures that match the actions they hold.
/// </summary>
internal static class TraceAnalyzer
{
    public static Trace Analyze(Trace t) => Analyze(t, t.Source, t.ReadIssues);

    /// <summary>
    /// As <see cref="Analyze(Trace)"/>, giving the trace its <paramref name="source"/> and <paramref name="readIssues"/> in
    /// the same copy: a reader's trace is copied once on its way to the steps, not once per field set.
    /// </summary>
    public static Trace Analyze(Trace t, TraceSource source, int readIssues)
    {
        // Classification is eager: Failed, which nearly every recipe reads, depends on it. Recoveries and the outcome
        // are costly (shell parsing, target keys) and read by fewer recipes, so they are worked out on first read;
        // both factories see the classified actions, exactly as the eager analysis did.
        var actions = new List<Action>(t.Actions.Count);
        foreach (var a in t.Actions) actions.Add(ErrorClassifier.Classify(a, t.Format));
        var keys = new ActionKeys(actions, t.Cwd); // each action's keys and shell parse, shared by both analyses
        Trace analysed = null!; // the outcome reads the analysed trace itself (its actions and recoveries); set before any read
        analysed = t with
        {
            Source = source,
            ReadIssues = readIssues,
            Actions = actions,
            LazyRecovery = () =>
            {
                var (recoveries, unrecovered) = RecoveryAnalyzer.Analyze(keys);
                return new RecoveryResult(recoveries, unrecovered);
            },
            LazyVerdict = () =>
            {
                var (outcome, evidence) = OutcomeAnalyzer.Analyze(analysed, keys);
                return new OutcomeVerdict(outcome, evidence.Count == 0 ? null : string.Join(',', evidence));
            },
        };
        return analysed;
    }
}
