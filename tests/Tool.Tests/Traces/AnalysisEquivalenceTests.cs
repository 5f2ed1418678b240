using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;
using static TraceCurate.Tests.Support.TraceBuilder;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Tests.Traces;

/// <summary>
/// The analyses work out less than they used to (keys only of candidates of the failure's family, state changes only
/// for a blind retry, failure classes from the §9.3 patterns not at all): their results must be those of the plain rule,
/// written here as it was before (every key, every state change, every class worked out), on every trace of the corpus
/// and the samples and on generated traces of shell commands, edits and retries.
/// </summary>
public sealed class AnalysisEquivalenceTests
{
    [CorpusFact]
    public void Every_corpus_and_sample_trace_gets_the_results_of_the_plain_rule()
    {
        var files = RepoPaths.CorpusAndSampleFiles();
        var (traces, failures, formats) = (0, 0, new HashSet<string>(StringComparer.Ordinal));
        foreach (var path in files)
        {
            foreach (var t in Traces(path))
            {
                AssertSameAsPlainRule(t, path);
                traces++;
                failures += t.Actions.Count(a => a.Failed);
                formats.Add(t.Format);
            }
        }
        Assert.True(traces >= 70 && failures >= 150, $"only {traces} traces with {failures} failed actions");
        Assert.Superset(new HashSet<string> { "claude-code", "codex", "pi", "swe-agent", "mini-swe-agent", "openhands", "agenttrace" }, formats);
    }

    [Fact]
    public void Generated_traces_get_the_results_of_the_plain_rule()
    {
        var random = new Random(27);
        var (recovered, pending) = (0, 0);
        for (var n = 0; n < 600; n++)
        {
            var builder = new TraceBuilder(format: Pick(random, ["test", "claude-code", "agenttrace"])) { Cwd = random.Next(2) == 0 ? "/repo" : null };
            for (var turn = random.Next(1, 25); turn > 0; turn--)
            {
                var calls = new Call[random.Next(1, 3)];
                for (var c = 0; c < calls.Length; c++) calls[c] = RandomCall(random);
                builder.Turn(random.Next(5) == 0 ? "Done." : null, calls);
            }
            if (random.Next(2) == 0) builder.Turn("All done.");
            var t = builder.Analyzed();
            pending += AssertSameAsPlainRule(t, $"trace {n}");
            recovered += t.Recoveries.Count;
        }
        Assert.True(recovered > 500, $"only {recovered} recoveries: the cases do not exercise the pairing");
        Assert.True(pending > 500, $"only {pending} failures left without their class: the cases do not exercise that path");
    }

    [Fact]
    public void Long_traces_analysed_in_chunks_on_threads_get_the_results_of_the_plain_rule()
    {
        // Traces of a few chunks of actions (ActionChunks.Size), analysed with the threads the reading lends: the
        // classification and the pairing then go in chunks on threads, and a failure near a chunk's end looks for its
        // recovery in the next chunk.
        var random = new Random(2716);
        var across = 0;
        for (var n = 0; n < 4; n++)
        {
            var builder = new TraceBuilder(format: Pick(random, ["test", "claude-code", "codex"])) { Cwd = "/repo" };
            for (var calls = 0; calls < 2 * ActionChunks.Size + 700; calls++)
                builder.Turn(random.Next(7) == 0 ? "Done." : null, RandomCall(random));
            var built = builder.Build();
            var asked = 0;
            var t = TraceAnalyzer.Analyze(built, built.Source, built.ReadIssues, () => { Interlocked.Increment(ref asked); return 2 + n % 2; });
            var onePass = TraceAnalyzer.Analyze(built);

            AssertSameAsPlainRule(t, $"long trace {n}");
            Assert.Equal(2, asked); // once for the classification, once for the pairing
            Assert.Equal(onePass.Actions.Select(a => (a.Index, a.Failed, a.ErrorClass)), t.Actions.Select(a => (a.Index, a.Failed, a.ErrorClass)));
            Assert.Equal(onePass.Recoveries, t.Recoveries);
            Assert.Equal(onePass.UnrecoveredErrors, t.UnrecoveredErrors);
            Assert.Equal((onePass.Outcome, onePass.OutcomeEvidence), (t.Outcome, t.OutcomeEvidence));
            across += t.Recoveries.Count(r => r.Failed / ActionChunks.Size != r.RecoveredBy / ActionChunks.Size);
        }
        Assert.True(across >= 3, $"only {across} recoveries across a chunk's end: the cases do not exercise the chunks' seams");
    }

    [Fact]
    public void A_short_trace_or_no_lent_threads_is_analysed_in_one_pass_without_asking()
    {
        var builder = new TraceBuilder { Cwd = "/repo" };
        for (var i = 0; i < 2 * ActionChunks.Size - 1; i++) builder.Turn(null, Bash("pytest -q", "1 failed", 1));
        var built = builder.Build();
        var asked = 0;
        var t = TraceAnalyzer.Analyze(built, built.Source, built.ReadIssues, () => ++asked);
        _ = t.Recoveries;
        Assert.Equal(0, asked);
        Assert.Equal(built.Actions.Count, t.UnrecoveredErrors.Count); // the same failing command over and over: no recovery
    }

    private static readonly string[] Commands =
    [
        "pytest -q tests/test_a.py", "python -m pytest", "cd /repo && make", "npm test", "npm run build", "go test ./...",
        "git commit -m 'fix'", "git status", "gh pr create --fill", "cat a.py | grep foo", "grep -n foo a.py", "ls -la",
        "sed -i 's/a/b/' a.py", "sed -n 1,10p a.py", "echo hi > a.txt", "FOO=1 sudo -E make test", "timeout 10 cargo test",
        "cd sub; python3 run_tests.py", "diff a b", "git diff --exit-code", "cat <<'EOF' > f.py\nprint(1)\nEOF", "\"unbalanced",
        "uv run pytest -x", "env A=1 B=2 ./gradlew test 2>&1 | tail -5", "rg 'é中' src || true", "python3 reproduce.py",
    ];

    private static readonly string[] Outputs =
    [
        "", "ok", "3 passed", "FAILED tests/test_a.py::t - assert 1 == 2\n1 failed", "Traceback (most recent call last):\n  File x\nValueError: bad",
        "bash: foo: command not found", "The user doesn't want to proceed with this tool use", "Command aborted", "error CS1002: ; expected",
        "fatal: not a git repository", "Could not resolve host: example.com", "nothing special\nmore lines",
    ];

    private static Call RandomCall(Random random)
    {
        var output = random.Next(8) == 0 ? null : Pick(random, Outputs);
        return random.Next(6) switch
        {
            0 or 1 or 2 => Bash(Pick(random, Commands), output ?? "", Pick<int?>(random, [0, 0, 1, 2, 127, null])),
            3 => new Call(Pick(random, ["Edit", "Write", "str_replace_editor"]), $$"""{"file_path":"{{Pick(random, ["a.py", "./a.py", "/repo/b.py"])}}","x":1}""", output, null)
                { NativeIsError = random.Next(3) == 0 },
            4 => new Call(Pick(random, ["Read", "Grep", "TodoWrite", "python_interpreter"]), $$"""{"path":"a.py","pattern":"foo","code":"def f(): pass"}""", output,
                Pick<int?>(random, [0, 1, null])) { NativeIsError = random.Next(4) == 0 ? true : null },
            _ => new Call("WebFetch", $$"""{"url":"https://x/{{random.Next(3)}}"}""", output, null) { NativeIsError = random.Next(3) == 0 },
        };
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    /// <summary>The analyzed traces of a file, none when it is not a trace file.</summary>
    internal static IEnumerable<Trace> Traces(string path)
    {
        ITraceReader reader;
        try { reader = FormatDetector.Detect(path); }
        catch (Exception) { yield break; } // not a trace file (a README, a recipe, a sub-agent's meta file)
        List<Trace> traces;
        try { traces = ReaderRun.File(reader, path); }
        catch (Exception) { yield break; } // a sample that is bad on purpose
        foreach (var t in traces) yield return TraceAnalyzer.Analyze(t);
    }

    /// <summary>The analyses' results first, as they are worked out now; then every class worked out and the plain rule.</summary>
    /// <returns>How many failures' classes the analyses left unworked out.</returns>
    private static int AssertSameAsPlainRule(Trace t, string context)
    {
        var (outcome, evidence) = (t.Outcome, t.OutcomeEvidence);
        var recoveries = t.Recoveries.Select(r => (r.Failed, r.RecoveredBy, r.Strength)).ToList();
        var unrecovered = t.UnrecoveredErrors.ToList();
        var pending = t.Actions.Count(a => a.ErrorClassPending);

        // Arguments parsed, so that no shortcut reads their bytes (a Pi command's commit evidence: OutcomeAnalyzer.SpellsNoGit).
        var classified = t with { Actions = t.Actions.Select(a => a with { ErrorClass = a.ErrorClass, Arguments = a.Arguments }).ToList() };
        var (plainRecoveries, plainUnrecovered) = PlainRecoveries(classified.Actions, t.Cwd);
        Assert.True(plainRecoveries.SequenceEqual(recoveries), $"{context} ({t.Id}): recoveries differ");
        Assert.True(plainUnrecovered.SequenceEqual(unrecovered), $"{context} ({t.Id}): unrecovered errors differ");
        var (plainOutcome, plainEvidence) = OutcomeAnalyzer.Analyze(classified);
        Assert.Equal((plainOutcome, plainEvidence.Count == 0 ? null : string.Join(',', plainEvidence)), (outcome, evidence));
        return pending;
    }

    /// <summary>§10.2 as written, every action's keys and state change worked out (the analyzer before it skipped any).</summary>
    private static (List<(int, int, RecoveryStrength)>, List<int>) PlainRecoveries(IReadOnlyList<Action> actions, string? cwd)
    {
        var keys = actions.Select(a => ToolFamilies.KeysOf(a, cwd)).ToList();
        var changes = actions.Select(ToolFamilies.ChangesState).ToList();
        var recoveries = new List<(int, int, RecoveryStrength)>();
        var unrecovered = new List<int>();
        for (var i = 0; i < actions.Count; i++)
        {
            var e = actions[i];
            if (!e.Failed || keys[i].Family == ToolFamily.Todo) continue;
            var (changed, found) = (false, false);
            for (var j = i + 1; j < actions.Count && j - i <= RecoveryAnalyzer.Window && !found; j++)
            {
                var r = actions[j];
                var later = r.Turn > e.Turn || (r.Turn == 0 && e.Turn == 0);
                if (later && !r.Failed && r.ErrorClass is ErrorClasses.None or null && !r.Interrupted && !r.Rejected
                    && Strength(keys[i], keys[j]) is { } strength && (changed || !SameCall(e, r)))
                {
                    recoveries.Add((e.Index, r.Index, strength));
                    found = true;
                }
                changed |= changes[j];
            }
            if (!found) unrecovered.Add(e.Index);
        }
        return (recoveries, unrecovered);
    }

    private static RecoveryStrength? Strength(TargetKeys e, TargetKeys r) =>
        e.Verifier is not null && e.Verifier == r.Verifier ? RecoveryStrength.Strong
        : e.Family != r.Family || r.Family == ToolFamily.Todo ? null
        : e.Exact == r.Exact ? RecoveryStrength.Strong
        : e.Loose == r.Loose ? RecoveryStrength.Weak : null;

    private static bool SameCall(Action e, Action r) =>
        e.Name == r.Name && (e.Input ?? e.Arguments?.GetRawText()) == (r.Input ?? r.Arguments?.GetRawText());
}
