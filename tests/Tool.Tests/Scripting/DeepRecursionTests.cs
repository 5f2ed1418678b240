using TraceCurate.Tests.Hardening;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Scripting;

/// <summary>
/// .NET cannot catch a stack overflow: it ends the process with "Stack overflow", no TC code and the staging folder
/// left behind. Snippet code is emitted with a stack probe on entry to every method, lambda and local function, so
/// runaway recursion throws instead, fails the step with TC0005 naming it, and rolls the run back.
/// </summary>
public sealed class DeepRecursionTests
{
    private static string Recipe(string where, string extra = "", string step = "where") =>
        $"name: deep\n{extra}inputs: [in.jsonl]\nimports: [helpers.csx]\nsteps:\n  - name: judge\n    {step}: {where}\noutputs:\n  - path: kept.jsonl\n    format: original\n";

    /// <summary>Runs a good recipe, then the recursive one over the same output folder, and checks the failure left it as it was.</summary>
    private static string FailsAndRollsBack(string helper, string where, string extra = "", string step = "where", params string[] options)
    {
        using var s = new TempFolder();
        s.Write("in.jsonl", FailingRunTests.Lines(20));
        var outDir = s.File("out");
        s.Write("helpers.csx", "static bool Fine(Trace t) => t.Id.Length > 0;\n");
        var first = s.Cli("run", s.Write("r.yaml", Recipe("Fine(t)")), "--out", outDir);
        Assert.True(first.Exit == 0, first.Err);
        Assert.Equal(20, File.ReadAllLines(Path.Combine(outDir, "kept.jsonl")).Length);
        var before = TempFolder.Snapshot(outDir);

        s.Write("helpers.csx", helper);
        var failed = s.Cli(["run", s.Write("r.yaml", Recipe(where, extra, step)), "--out", outDir, .. options]);
        Assert.True(failed.Exit == 1, $"exit {failed.Exit}: {failed.Err}");
        TempFolder.AssertSame(before, TempFolder.Snapshot(outDir));
        FailingRunTests.AssertNoStaging(outDir);
        return failed.Err;
    }

    private const string Expected = "in.jsonl(1): error TC0005: step 'judge' threw InsufficientExecutionStackException on trace 't0001': " +
                                    "the stack ran out: a snippet or helper recursed without end, or too deep; no output was replaced";

    [Theory]
    [InlineData("static int Depth(int n) => n <= 0 ? 0 : 1 + Depth(n - 1);\n", "Depth(t.Turns + 100_000_000) > 0")]
    [InlineData("static readonly Func<int, int> Down = n => n <= 0 ? 0 : 1 + Down(n - 1);\n", "Down(100_000_000) > 0")]
    [InlineData("static int Outer() { int Inner(int n) => n <= 0 ? 0 : 1 + Inner(n - 1); return Inner(100_000_000); }\n", "Outer() > 0")]
    [InlineData("static int Ping(int n) => n <= 0 ? 0 : 1 + Pong(n - 1);\nstatic int Pong(int n) => n <= 0 ? 0 : 1 + Ping(n - 1);\n", "Ping(100_000_000) > 0")]
    public void Deep_recursion_in_a_helper_fails_the_step_with_TC0005_and_leaves_the_previous_output(string helper, string where) =>
        Assert.Contains(Expected, FailsAndRollsBack(helper, where));

    [Fact]
    public void Deep_recursion_on_worker_threads_fails_the_same_way() =>
        Assert.Contains(Expected, FailsAndRollsBack("static int Depth(int n) => n <= 0 ? 0 : 1 + Depth(n - 1);\n", "Depth(100_000_000) > 0",
            options: ["--threads", "2"]));

    [Fact]
    public void Deep_recursion_is_caught_under_unsafe_true_too_since_the_probes_are_not_part_of_the_guard() =>
        Assert.Contains(Expected, FailsAndRollsBack("static int Depth(int n) => n <= 0 ? 0 : 1 + Depth(n - 1);\n", "Depth(100_000_000) > 0",
            extra: "unsafe: true\n"));

    [Theory]
    [InlineData("readonly int Deep = Depth(100_000_000);\n", "InsufficientExecutionStackException: the stack ran out: a snippet or helper recursed without end, or too deep")]
    [InlineData("readonly int Broken = int.Parse(\"x\");\n", "FormatException: The input string 'x' was not in a correct format.")]
    public void A_helper_field_initialiser_that_throws_fails_the_run_before_any_trace(string field, string expected)
    {
        var err = FailsAndRollsBack("static int Depth(int n) => n <= 0 ? 0 : 1 + Depth(n - 1);\n" + field, "t.Id != null");
        Assert.Contains("error TC0005: initialising the helpers' fields threw " + expected, err);
        Assert.DoesNotContain("   at ", err); // a diagnostic, not a .NET stack trace
    }

    [Fact]
    public void A_key_whose_ToString_recurses_fails_the_step() =>
        Assert.Contains(Expected, FailsAndRollsBack(
            "sealed class Loop { public override string ToString() => \"x\" + ToString(); }\n", "{per: new Loop(), max: 1}", step: "cap"));

    [Fact]
    public void A_key_that_contains_itself_fails_the_step_instead_of_overflowing_the_tool()
    {
        // The recursion is in the tool's canonical key text, not in user code: it probes the stack as well.
        var err = FailsAndRollsBack("static object[] Self() { var a = new object[1]; a[0] = a; return a; }\n", "{per: Self(), max: 1}", step: "cap");
        Assert.Contains(Expected, err);
    }
}
