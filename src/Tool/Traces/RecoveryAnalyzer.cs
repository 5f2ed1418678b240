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

    /// <summary>The pairing, with keys worked out once per action and shared with the outcome (<see cref="ActionKeys"/>).</summary>
    public static (IReadOnlyList<Recovery> Recoveries, IReadOnlyList<int> Unrecovered) Analyze(ActionKeys keys)
    {
        // Keys are computed only for the actions the rule looks at (shell parsing is the costly part).
        var actions = keys.Actions;
        TargetKeys Keys(int i) => keys.Keys(i);
        var recoveries = new List<Recovery>();
        var unrecovered = new List<int>();
        for (var i = 0; i < actions.Count; i++)
        {
            var e = actions[i];
            if (!e.Failed || Keys(i).Family == ToolFamily.Todo) continue;
            var found = false;
            var changed = false;
            for (var j = i + 1; j < actions.Count && j - i <= Window; j++)
            {
                var r = actions[j];
                if (LaterTurn(e, r) && !r.Failed && r.ErrorClass is ErrorClasses.None or null && !r.Interrupted && !r.Rejected
                    && Match(Keys(i), Keys(j)) is { } strength && (changed || !SameInput(e, r)))
                {
                    recoveries.Add(new Recovery(e.Index, r.Index) { Strength = strength });
                    found = true;
                    break;
                }
                changed |= keys.ChangesState(j);
            }
            if (!found) unrecovered.Add(e.Index);
        }
        return (recoveries, unrecovered);
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
