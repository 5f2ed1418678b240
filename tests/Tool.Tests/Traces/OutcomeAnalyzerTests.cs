using System.Text.Json;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;
using static TraceCurate.Tests.Support.TraceBuilder;

namespace TraceCurate.Tests.Traces;

/// <summary>§11: the first rule that decides wins, and its code leads the evidence.</summary>
public sealed class OutcomeAnalyzerTests
{
    [Fact]
    public void The_last_verifier_decides_when_it_passed_or_failed()
    {
        var passed = new TraceBuilder()
            .Turn(null, Bash("pytest", "1 failed", 1)).Turn(null, Bash("sed -i s/a/b/ x.py")).Turn(null, Bash("pytest", "3 passed")).Analyzed();
        Assert.Equal((Outcome.Success, "last_verifier_passed"), (passed.Outcome, passed.OutcomeEvidence));

        var failed = new TraceBuilder()
            .Turn(null, Bash("cargo build", "Compiling x")).Turn(null, Bash("cargo test", "test result: FAILED. 1 passed; 1 failed", 101))
            .Turn("One test still fails.").Analyzed();
        Assert.Equal((Outcome.Failure, "last_verifier_failed"), (failed.Outcome, failed.OutcomeEvidence));
    }

    [Fact]
    public void An_unrecovered_error_among_the_last_five_actions_is_a_failure()
    {
        var t = new TraceBuilder().Turn(null, Bash("ls", "a")).Turn(null, Bash("./deploy.sh", "fatal: no remote", 1)).Turn("Sorry.").Analyzed();
        Assert.Equal((Outcome.Failure, "unrecovered_error_at_end"), (t.Outcome, t.OutcomeEvidence));
    }

    [Fact]
    public void A_clean_final_answer_with_nothing_unrecovered_is_a_success()
    {
        var t = new TraceBuilder().Turn(null, Bash("ls", "a")).Turn("All done.", null, "end_turn").Analyzed();
        Assert.Equal((Outcome.Success, "clean_finish"), (t.Outcome, t.OutcomeEvidence));

        var unfinished = new TraceBuilder().Turn("Let me look.", Bash("ls", "a")).Analyzed();
        Assert.Equal(Outcome.Unknown, unfinished.Outcome); // ends with a call, no final text
    }

    [Fact]
    public void Pi_stop_reasons_error_and_aborted_decide_first()
    {
        var error = new TraceBuilder().Turn(null, Bash("pytest", "3 passed")).Turn(null, null, "error").Analyzed();
        Assert.Equal((Outcome.Failure, "ended_api_error"), (error.Outcome, error.OutcomeEvidence));
        var aborted = new TraceBuilder().Turn(null, Bash("pytest", "3 passed")).Turn("Stop", null, "aborted").Analyzed();
        Assert.Equal((Outcome.Unknown, "ended_aborted"), (aborted.Outcome, aborted.OutcomeEvidence));
    }

    [Fact]
    public void SWE_agent_exit_status_decides_and_submission_is_evidence()
    {
        var cost = new TraceBuilder(format: "swe-agent").Turn(null, Bash("python reproduce.py", "ok")).Build() with { NativeOutcome = "exit_cost" };
        Assert.Equal((Outcome.Failure, "exit_status:exit_cost"), (TraceAnalyzer.Analyze(cost).Outcome, TraceAnalyzer.Analyze(cost).OutcomeEvidence));

        var submitted = new TraceBuilder(format: "swe-agent").Turn(null, Bash("python reproduce.py", "ok")).Turn(null, Bash("submit", "diff")).Build()
            with { NativeOutcome = "submitted" };
        var analyzed = TraceAnalyzer.Analyze(submitted);
        Assert.Equal((Outcome.Success, "last_verifier_passed,submitted"), (analyzed.Outcome, analyzed.OutcomeEvidence));
    }

    [Fact]
    public void An_edit_the_user_refused_and_nobody_redid_leaves_the_outcome_unknown()
    {
        var refused = new Call("Write", """{"file_path":"a.py","content":"x"}""", "Permission to use Write has been denied.", null) { NativeIsError = true };
        var t = new TraceBuilder().Turn(null, refused).Turn("I could not write the file.").Analyzed();
        Assert.Equal((Outcome.Unknown, "blocked_not_redone"), (t.Outcome, t.OutcomeEvidence));
    }

    [Fact]
    public void AgentTrace_final_answer_counts_as_the_final_turn()
    {
        var ok = new TraceBuilder(format: "agenttrace")
            .Turn(null, new Call("python_interpreter", """{"code":"print(f(2))"}""", "NameError: name 'f' is not defined", 1))
            .Turn(null, new Call("python_interpreter", """{"code":"def f(x): return x\nprint(f(2))"}""", "2", 0))
            .Turn("Done.", new Call("final_answer", """{"answer":"def f(x): return x"}""", "def f(x): return x", 0)).Analyzed();
        Assert.Equal((Outcome.Success, "final_answer"), (ok.Outcome, ok.OutcomeEvidence));
        Assert.Equal(JsonValueKind.Object, ok.Actions[0].Arguments!.Value.ValueKind);
    }

    [Fact]
    public void A_commit_is_recorded_as_evidence()
    {
        var t = new TraceBuilder().Turn(null, Bash("git commit -am fix", "[main 1a2b3c] fix")).Turn("Committed.").Analyzed();
        Assert.Equal("clean_finish,has_commit", t.OutcomeEvidence);
    }
}
