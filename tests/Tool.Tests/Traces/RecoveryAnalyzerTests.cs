using TraceCurate.Tests.Support;
using TraceCurate.Traces;
using static TraceCurate.Tests.Support.TraceBuilder;

namespace TraceCurate.Tests.Traces;

/// <summary>The §10.2 rule on hand-made traces, one case each (docs/analysis.md walks through the same cases).</summary>
public sealed class RecoveryAnalyzerTests
{
    private static Call Edit(string tool, string path, string output = "ok", bool error = false) =>
        new(tool, $$"""{"file_path":"{{path}}","old_string":"a","new_string":"b"}""", output, null) { NativeIsError = error };

    [Fact]
    public void A_test_run_that_fails_then_passes_after_an_edit_is_recovered_strongly()
    {
        var t = new TraceBuilder()
            .Turn("Run the tests.", Bash("pytest -q tests/test_text.py", "FAILED tests/test_text.py::test_slug\n1 failed", 1))
            .Turn(null, Edit("Edit", "text.py"))
            .Turn(null, Bash("pytest -q tests/test_text.py", "3 passed", 0))
            .Turn("Fixed.").Analyzed();

        var r = Assert.Single(t.Recoveries);
        Assert.Equal((0, 2, RecoveryStrength.Strong), (r.Failed, r.RecoveredBy, r.Strength));
        Assert.Empty(t.UnrecoveredErrors);
        Assert.True(t.HasErrorRecovery);
    }

    [Fact]
    public void A_failure_nothing_later_fixes_is_unrecovered()
    {
        var t = new TraceBuilder()
            .Turn(null, Bash("make", "make: *** [all] Error 2", 2))
            .Turn(null, Edit("Read", "README.md"))
            .Turn("I could not build it.").Analyzed();

        Assert.Empty(t.Recoveries);
        Assert.Equal([0], t.UnrecoveredErrors);
        Assert.False(t.HasErrorRecovery);
    }

    [Fact]
    public void A_different_tool_of_the_same_family_on_the_same_file_recovers()
    {
        var t = new TraceBuilder()
            .Turn(null, Edit("Edit", "/repo/CLAUDE.md", "<tool_use_error>String to replace not found</tool_use_error>", error: true))
            .Turn(null, Edit("Read", "/repo/CLAUDE.md"))
            .Turn(null, Edit("MultiEdit", "/repo/CLAUDE.md"))
            .Turn("Done.").Analyzed();

        Assert.Equal("tool_misuse", t.Actions[0].ErrorClass);
        var r = Assert.Single(t.Recoveries);
        Assert.Equal((0, 2, RecoveryStrength.Strong), (r.Failed, r.RecoveredBy, r.Strength)); // Read is another family
    }

    [Fact]
    public void Only_the_basename_matching_gives_a_weak_recovery()
    {
        var t = new TraceBuilder()
            .Turn(null, Edit("Read", "config.json", "File does not exist.", error: true))
            .Turn(null, Bash("find . -name config.json", "./src/config.json"))
            .Turn(null, Edit("Read", "./src/config.json", "{}"))
            .Turn("Found it.").Analyzed();

        var r = Assert.Single(t.Recoveries);
        Assert.Equal((0, 2, RecoveryStrength.Weak), (r.Failed, r.RecoveredBy, r.Strength));
    }

    [Fact]
    public void Repeated_failures_share_one_recovering_action()
    {
        var t = new TraceBuilder()
            .Turn(null, Bash("cd myapp && python hoge.py", "bash: python: command not found", 127))
            .Turn(null, Bash("cd myapp && python hoge.py", "bash: python: command not found", 127))
            .Turn(null, Bash("cd myapp && python3 hoge.py", "hello"))
            .Turn("It runs with python3.").Analyzed();

        Assert.Equal([(0, 2), (1, 2)], t.Recoveries.Select(r => (r.Failed, r.RecoveredBy)));
        Assert.All(t.Recoveries, r => Assert.Equal(RecoveryStrength.Strong, r.Strength));
        Assert.Empty(t.UnrecoveredErrors);
    }

    [Fact]
    public void Grep_exit_1_is_not_a_failure_so_there_is_nothing_to_recover()
    {
        var t = new TraceBuilder()
            .Turn(null, Bash("grep -rn slugify src", "", 1))
            .Turn(null, Bash("grep -rn slug src", "src/text.py:3:def slug(s):"))
            .Turn("slug is in text.py.").Analyzed();

        Assert.False(t.Actions[0].Failed);
        Assert.Equal("no_match", t.Actions[0].ErrorClass);
        Assert.Empty(t.Recoveries);
        Assert.Empty(t.UnrecoveredErrors);
    }

    [Fact]
    public void A_blind_retry_does_not_recover_but_a_retry_after_a_change_does()
    {
        var blind = new TraceBuilder()
            .Turn(null, Bash("python reproduce.py", "Traceback (most recent call last):\nKeyError: 'x'", 1))
            .Turn(null, Bash("ls", "reproduce.py"))
            .Turn(null, Bash("python reproduce.py", "ok"))
            .Turn("Flaky.").Analyzed();
        Assert.Empty(blind.Recoveries);
        Assert.Equal([0], blind.UnrecoveredErrors);

        var fixedFirst = new TraceBuilder()
            .Turn(null, Bash("python reproduce.py", "Traceback (most recent call last):\nKeyError: 'x'", 1))
            .Turn(null, Edit("Edit", "lib.py"))
            .Turn(null, Bash("python reproduce.py", "ok"))
            .Turn("Fixed.").Analyzed();
        Assert.Equal((0, 2), fixedFirst.Recoveries.Select(r => (r.Failed, r.RecoveredBy)).Single());
    }

    [Fact]
    public void A_call_made_in_parallel_with_the_failure_does_not_recover_it()
    {
        var t = new TraceBuilder()
            .Turn(null, Bash("cat a.txt", "cat: a.txt: No such file or directory", 1), Bash("cat b.txt", "b"))
            .Turn("Only b exists.").Analyzed();

        Assert.Empty(t.Recoveries);
        Assert.Equal([0], t.UnrecoveredErrors);
    }

    [Fact]
    public void A_recovery_more_than_30_actions_later_does_not_count()
    {
        var builder = new TraceBuilder().Turn(null, Bash("make", "error: x", 2));
        for (var i = 0; i < 30; i++) builder.Turn(null, Edit("Read", $"f{i}.c"));
        var t = builder.Turn(null, Bash("make", "ok")).Turn("Built.").Analyzed();

        Assert.Equal(32, t.Actions.Count);
        Assert.Empty(t.Recoveries);
        Assert.Equal([0], t.UnrecoveredErrors);
    }

    [Fact]
    public void A_rejected_call_is_not_a_failure_and_opens_no_recovery()
    {
        var t = new TraceBuilder()
            .Turn(null, Edit("Write", "a.py", "The user doesn't want to proceed with this tool use. The tool use was rejected.", error: true))
            .Turn(null, Edit("Write", "a.py"))
            .Turn("Written.").Analyzed();

        Assert.True(t.Actions[0].Rejected);
        Assert.False(t.Actions[0].Failed);
        Assert.Empty(t.Recoveries);
        Assert.Empty(t.UnrecoveredErrors);
    }
}
