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
    /// the same copy: a reader's trace is copied once on its way to the steps, not once per field set. A long trace's
    /// classification and recoveries are worked out in chunks of actions on as many threads as <paramref name="threads"/>
    /// answers when the work starts (the reading lends its threads while its other workers are idle); the figures are
    /// those of one pass.
    /// </summary>
    public static Trace Analyze(Trace t, TraceSource source, int readIssues, Func<int>? threads = null)
    {
        // Classification is eager: Failed, which nearly every recipe reads, depends on it. Recoveries and the outcome
        // are costly (shell parsing, target keys) and read by fewer recipes, so they are worked out on first read;
        // both factories see the classified actions, exactly as the eager analysis did.
        var actions = Classify(t, threads);
        var keys = new ActionKeys(actions, t.Cwd); // each action's keys and shell parse, shared by both analyses
        Trace analysed = null!; // the outcome reads the analysed trace itself (its actions and recoveries); set before any read
        analysed = t with
        {
            Source = source,
            ReadIssues = readIssues,
            Actions = actions,
            LazyRecovery = () =>
            {
                var (recoveries, unrecovered) = RecoveryAnalyzer.Analyze(keys, ActionChunks.Threads(actions.Count, threads));
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

    private static List<Action> Classify(Trace t, Func<int>? threads)
    {
        var source = t.Actions;
        var count = source.Count;
        var lent = ActionChunks.Threads(count, threads);
        if (lent < 2)
        {
            var actions = new List<Action>(count);
            foreach (var a in source) actions.Add(ErrorClassifier.Classify(a, t.Format));
            return actions;
        }
        var classified = new Action[count];
        ActionChunks.ForEach(count, lent, (_, start, end) =>
        {
            for (var i = start; i < end; i++) classified[i] = ErrorClassifier.Classify(source[i], t.Format);
        });
        return [.. classified];
    }
}
