namespace TraceCurate.Traces;

/// <summary>
/// Error → recovery (output-formats §10.2; docs/analysis.md has worked examples). A failed action <c>e</c> is recovered
/// by the first later action <c>r</c> that:
/// 1. was issued in a later turn (after the model saw the error; calls made in parallel with <c>e</c> do not count);
/// 2. succeeded (<c>ErrorClass == none</c>);
/// 3. acts on the same target: same family and equal exact or loose key, or both verifiers of the same folder;
/// 4. is not a blind retry: its tool or input differs, or some action between them changed state;
/// 5. is at most <see cref="Window"/> actions later.
/// Several failures may share one recovering action. To-do list tools never count (they are bookkeeping).
/// </summary>
internal static class RecoveryAnalyzer
{
    /// <summary>§10.2 rule 5: how far after a failure a recovery may be, in actions.</summary>
    public const int Window = 30;

    public static (IReadOnlyList<Recovery> Recoveries, IReadOnlyList<int> Unrecovered) Analyze(IReadOnlyList<Action> actions, string? cwd) =>
        Analyze(new ActionKeys(actions, cwd));

    /// <summary>
    /// The pairing, with keys worked out once per action and shared with the outcome (<see cref="ActionKeys"/>). A long
    /// trace's failures are searched in chunks on up to <paramref name="threads"/> threads (<see cref="ActionChunks"/>):
    /// each failure's search is its own, so the chunks' results, put back in order, are the one pass's.
    /// </summary>
    public static (IReadOnlyList<Recovery> Recoveries, IReadOnlyList<int> Unrecovered) Analyze(ActionKeys keys, int threads = 1)
    {
        var count = keys.Actions.Count;
        if (threads < 2 || ActionChunks.Count(count) < 2)
        {
            var (recoveries, unrecovered) = (new List<Recovery>(), new List<int>());
            Pair(keys, 0, count, recoveries, unrecovered);
            return (recoveries, unrecovered);
        }
        var parts = new (List<Recovery> Recoveries, List<int> Unrecovered)[ActionChunks.Count(count)];
        ActionChunks.ForEach(count, threads, (k, start, end) =>
        {
            parts[k] = (new List<Recovery>(), new List<int>());
            Pair(keys, start, end, parts[k].Recoveries, parts[k].Unrecovered);
        });
        var (allRecoveries, allUnrecovered) = (new List<Recovery>(), new List<int>());
        foreach (var part in parts)
        {
            allRecoveries.AddRange(part.Recoveries);
            allUnrecovered.AddRange(part.Unrecovered);
        }
        return (allRecoveries, allUnrecovered);
    }

    /// <summary>The failures among actions <paramref name="from"/> to <paramref name="to"/> - 1, each paired with its recovery or counted unrecovered.</summary>
    private static void Pair(ActionKeys keys, int from, int to, List<Recovery> recoveries, List<int> unrecovered)
    {
        // Keys are computed only for the actions the rule looks at (shell parsing is the costly part): a candidate of
        // another family cannot match (a verifier key is a shell action's), so its keys are not worked out, and whether
        // an action between changed state is asked only of a blind retry, the one case where it decides.
        var actions = keys.Actions;
        for (var i = from; i < to; i++)
        {
            var e = actions[i];
            var family = keys.Family(i);
            if (!e.Failed || family == ToolFamily.Todo) continue;
            var found = false;
            var changes = new StateChanges(keys, i);
            for (var j = i + 1; j < actions.Count && j - i <= Window; j++)
            {
                var r = actions[j];
                if (LaterTurn(e, r) && !r.Failed && ErrorClassifier.ClassUnlessPattern(r) is ErrorClasses.None or null && !r.Interrupted && !r.Rejected
                    && keys.Family(j) == family && Match(keys.Keys(i), keys.Keys(j)) is { } strength && (!SameInput(e, r) || changes.Before(j)))
                {
                    recoveries.Add(new Recovery(e.Index, r.Index) { Strength = strength });
                    found = true;
                    break;
                }
            }
            if (!found) unrecovered.Add(e.Index);
        }
    }

    /// <summary>
    /// §10.2 rule 4's "some action between them changed state", for the actions after one failure: worked out up to
    /// the candidate asked about and no further, and not again once one is found.
    /// </summary>
    private struct StateChanges(ActionKeys keys, int failure)
    {
        private int _next = failure + 1;
        private bool _changed;

        /// <summary>Whether an action after the failure and before <paramref name="j"/> changed state.</summary>
        public bool Before(int j)
        {
            while (!_changed && _next < j) _changed = keys.ChangesState(_next++);
            return _changed;
        }
    }

    private static bool LaterTurn(Action e, Action r) => r.Turn > e.Turn || (r.Turn == 0 && e.Turn == 0);

    private static RecoveryStrength? Match(TargetKeys e, TargetKeys r)
    {
        if (e.Verifier is not null && e.Verifier == r.Verifier) return RecoveryStrength.Strong;
        if (e.Family != r.Family || r.Family == ToolFamily.Todo) return null;
        if (e.Exact == r.Exact) return RecoveryStrength.Strong;
        return e.Loose == r.Loose ? RecoveryStrength.Weak : null;
    }

    /// <summary>A blind retry repeats the same call: same tool and same input (another tool with the same input is not one).</summary>
    private static bool SameInput(Action e, Action r) =>
        string.Equals(e.Name, r.Name, StringComparison.Ordinal) && string.Equals(e.Input ?? e.Arguments?.GetRawText(), r.Input ?? r.Arguments?.GetRawText(), StringComparison.Ordinal);
}
