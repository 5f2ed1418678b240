namespace TraceCurate.Traces;

/// <summary>
/// Infers <see cref="Trace.Outcome"/> (output-formats §11; docs/analysis.md): the first rule that decides wins, and its
/// code leads <see cref="Trace.OutcomeEvidence"/>. Native terminal status, then blocked work, then the last verifier
/// (test/build run), then an unrecovered error at the end, then a clean finish. A heuristic without an external
/// verifier: recipes that have one (a SWE-bench report) should map it rather than trust this.
/// </summary>
internal static class OutcomeAnalyzer
{
    private static readonly HashSet<string> SweFailures = new(StringComparer.Ordinal)
    {
        "exit_cost", "exit_context", "exit_format", "exit_error", "exit_command_timeout",
    };

    /// <summary>The outcome of a trace whose actions are classified and whose recoveries are known.</summary>
    public static (Outcome Outcome, IReadOnlyList<string> Evidence) Analyze(Trace t) => Analyze(t, new ActionKeys(t.Actions, t.Cwd));

    /// <summary>As <see cref="Analyze(Trace)"/>, with the keys of <paramref name="t"/>'s actions shared with its recoveries.</summary>
    public static (Outcome Outcome, IReadOnlyList<string> Evidence) Analyze(Trace t, ActionKeys keys)
    {
        var evidence = new List<string>();
        var decided = Decide(t, keys, evidence);
        var extra = Extra(t, keys);
        return decided is { } d ? (d.Outcome, [d.Code, .. extra]) : (Outcome.Unknown, extra);
    }

    private static (Outcome Outcome, string Code)? Decide(Trace t, ActionKeys keys, List<string> evidence)
    {
        var actions = t.Actions;
        var unrecovered = t.UnrecoveredErrors.ToHashSet();

        // Rule 2: the format's own terminal status.
        if (t.Format is "swe-agent" or "mini-swe-agent" && ExitStatus(t) is { } status)
        {
            var failed = t.Format == "mini-swe-agent" ? status != "Submitted" : SweFailures.Contains(status);
            if (failed) return (Outcome.Failure, "exit_status:" + status);
        }
        if (t.Agent == "openhands" && OpenHandsVerdict(t.NativeOutcome) is { } verdict) return verdict;
        // Chat dataset rows: a boolean resolved column (nebius: target) is the evaluation's own verdict.
        if (t.Format == "chat-rows" && Resolved(t) is { } resolved) return resolved ? (Outcome.Success, "resolved") : (Outcome.Failure, "not_resolved");
        var lastAssistant = t.Messages.LastOrDefault(m => m.Role == Role.Assistant && !m.IsSidechain);
        if (lastAssistant?.StopReason == "error") return (Outcome.Failure, "ended_api_error");
        if (lastAssistant?.StopReason == "aborted") return (Outcome.Unknown, "ended_aborted");
        if (t.NativeOutcome?.Contains("turn_aborted", StringComparison.Ordinal) == true
            || (actions.Count > 0 && (actions[^1].Interrupted || actions[^1].Rejected) && EndsWithAction(t)))
            return (Outcome.Unknown, "ended_interrupted");

        // Rule 3: an edit the user refused and nothing later redid.
        for (var i = 0; i < actions.Count; i++)
        {
            var a = actions[i];
            if (ToolFamilies.Of(a.Name) != ToolFamily.Edit || ErrorClassifier.ClassUnlessPattern(a) is not (ErrorClasses.Rejected or ErrorClasses.PermissionDenied)) continue;
            var key = keys.Keys(i).Exact;
            var redone = false;
            for (var j = i + 1; j < actions.Count && !redone; j++)
            {
                var b = actions[j];
                redone = ToolFamilies.Of(b.Name) == ToolFamily.Edit && !b.Failed && ErrorClassifier.ClassUnlessPattern(b) == ErrorClasses.None && keys.Keys(j).Exact == key;
            }
            if (!redone) return (Outcome.Unknown, "blocked_not_redone");
        }

        // Rule 4: the last test or build run.
        var last = -1;
        for (var i = actions.Count - 1; i >= 0 && last < 0; i--)
            if (keys.IsVerifier(i) && ErrorClassifier.ClassUnlessPattern(actions[i]) is not (ErrorClasses.NoResult or ErrorClasses.Interrupted or ErrorClasses.Rejected))
                last = i;
        if (last >= 0)
        {
            if (actions[last].Failed) return (Outcome.Failure, "last_verifier_failed");
            if (!actions.Skip(last + 1).Any(a => unrecovered.Contains(a.Index))) return (Outcome.Success, "last_verifier_passed");
        }

        // Rule 5: an error among the last five actions that nothing recovered.
        if (actions.Skip(Math.Max(0, actions.Count - 5)).Any(a => unrecovered.Contains(a.Index)))
            return (Outcome.Failure, "unrecovered_error_at_end");

        // Rule 6: a clean finish (AgentTrace: a successful final_answer call is the final turn).
        if (unrecovered.Count > 0) return null;
        if (t.Format == "agenttrace" && actions.Count > 0 && actions[^1].Name == "final_answer" && ErrorClassifier.ClassUnlessPattern(actions[^1]) == ErrorClasses.None)
            return (Outcome.Success, "final_answer");
        if (lastAssistant is { ToolCalls.Count: 0 } && !string.IsNullOrWhiteSpace(lastAssistant.Text)
            && lastAssistant.StopReason is null or "stop" or "end_turn" && !InterruptAfter(t, lastAssistant))
            return (Outcome.Success, "clean_finish");
        return null;
    }

    /// <summary>Evidence that does not decide: a submission, a commit, a pull request.</summary>
    private static List<string> Extra(Trace t, ActionKeys keys)
    {
        var extra = new List<string>();
        if (t.Format is "swe-agent" or "mini-swe-agent" && ExitStatus(t) is { } s && s.StartsWith("submitted", StringComparison.OrdinalIgnoreCase))
            extra.Add("submitted");
        // Only commands that mention git or gh can be a commit or a pull request; the rest are not parsed.
        var commit = false;
        var pullRequest = false;
        for (var i = 0; i < t.Actions.Count; i++)
        {
            var a = t.Actions[i];
            if (ErrorClassifier.ClassUnlessPattern(a) != ErrorClasses.None || ToolFamilies.Of(a.Name) != ToolFamily.Shell || SpellsNoGit(a)) continue;
            var shell = keys.Shell(i);
            if (shell.Text is not { } text || !(text.Contains("git", StringComparison.Ordinal) || text.Contains("gh", StringComparison.Ordinal))) continue;
            commit |= shell.Signature?.Loose == "git commit";
            pullRequest |= shell.Signature?.Exact == "gh pr create";
        }
        if (commit) extra.Add("has_commit");
        if (pullRequest) extra.Add("has_pr");
        return extra;
    }

    /// <summary>
    /// True when <paramref name="a"/>'s command text cannot hold <c>git</c> or <c>gh</c>, told from the bytes of its
    /// arguments without decoding them (the text is worked out for nothing else in most traces). Only where the reader
    /// kept the input as those same bytes (<see cref="Action.PendingRawInput"/>): the text is then the <c>command</c>
    /// (or <c>cmd</c>) field, parts of it joined by spaces, or the input, and each is made of runs of the bytes between
    /// escapes. A letter can come from an escape only as a <c>\u</c> one, so bytes that hold neither word nor a
    /// <c>\u</c> give a text without the words; false (decode and look) otherwise.
    /// </summary>
    internal static bool SpellsNoGit(Action a)
    {
        if (a.PendingRawArguments is not { } args || a.PendingRawInput is not { } input || !input.Raw.Equals(args.Raw)) return false;
        var raw = args.Raw.Span;
        return raw.IndexOf("git"u8) < 0 && raw.IndexOf("gh"u8) < 0 && raw.IndexOf("\\u"u8) < 0;
    }

    /// <summary>OpenHands (input-formats-2 §4): the SWE-bench report, the resolver's judgement, a run error or an error state.</summary>
    private static (Outcome, string)? OpenHandsVerdict(string? native) => native switch
    {
        "resolved" or "resolver_success" => (Outcome.Success, native),
        "unresolved" or "resolver_failure" or "agent_state:error" => (Outcome.Failure, native),
        "reject" => (Outcome.Failure, "rejected_task"),
        not null when native.StartsWith("error: ", StringComparison.Ordinal) => (Outcome.Failure, "run_error"),
        _ => null,
    };
    /// <summary><c>resolved</c>, else <c>target</c>, else a boolean <c>exit_status</c>: true/false, 1/0 or "True"/"False".</summary>
    private static bool? Resolved(Trace t)
    {
        foreach (var key in (string[])["resolved", "target", "exit_status"])
            switch (t.Meta(key))
            {
                case "true" or "True" or "1": return true;
                case "false" or "False" or "0": return false;
            }
        return null;
    }

    private static string? ExitStatus(Trace t) =>
        t.Meta("info.exit_status") ?? t.Meta("exit_status") ?? t.NativeOutcome;

    /// <summary>True when the last message of the main conversation is a tool call or its result, not model text.</summary>
    private static bool EndsWithAction(Trace t) =>
        t.Messages.LastOrDefault(m => !m.IsSidechain && m.Kind == MessageKind.Normal) is not { Role: Role.Assistant, ToolCalls.Count: 0 };

    private static bool InterruptAfter(Trace t, Message lastAssistant)
    {
        var after = false;
        foreach (var m in t.Messages)
        {
            if (ReferenceEquals(m, lastAssistant)) { after = true; continue; }
            if (after && m.Role == Role.User && m.Text?.StartsWith("[Request interrupted by user", StringComparison.Ordinal) == true) return true;
        }
        return false;
    }
}
