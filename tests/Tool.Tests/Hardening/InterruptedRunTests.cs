using TraceCurate.Tests.Support;
using System.Diagnostics;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Signals and <c>--timeout</c> end the whole process, so these run the real tool as a child process
/// (<c>dotnet TraceCurate.dll run …</c>) and look at its exit code, stderr and output folder afterwards.
/// </summary>
public sealed class InterruptedRunTests
{
    /// <summary>An import whose helper never returns: a snippet no in-process mechanism can stop.</summary>
    private const string Forever = "static bool Forever(Trace t) { while (true) { } }\n";

    private static TempFolder StuckRun(out string recipe, out string outDir)
    {
        var s = new TempFolder();
        s.Write("in.jsonl", FailingRunTests.Lines(300));
        s.Write("forever.csx", Forever);
        recipe = s.Write("r.yaml",
            "name: stuck\ninputs: [in.jsonl]\nimports: [forever.csx]\nsteps:\n  - name: loops\n    where: t.Id != \"t0200\" || Forever(t)\n" +
            "outputs:\n  - path: kept.jsonl\n    format: original\n");
        outDir = s.File("out");
        // A previous, complete build in the output folder: it must survive the interrupted run byte for byte.
        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, "kept.jsonl"), "previous\n");
        File.WriteAllText(Path.Combine(outDir, "manifest.json"), "{\"previous\": true}\n");
        return s;
    }

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("INT", 130)]
    public void A_signal_mid_run_exits_128_plus_signal_removes_the_staging_folder_and_keeps_the_previous_output(string signal, int code)
    {
        using var s = StuckRun(out var recipe, out var outDir);
        var before = TempFolder.Snapshot(outDir);
        using var child = ToolProcess.Start(s.Path, "run", recipe, "--out", outDir, "--threads", "2");
        // The staging folder exists once the run is under way (snippets compiled, outputs opened).
        var deadline = Stopwatch.StartNew();
        while (!Directory.EnumerateDirectories(outDir, ".trace-curate-staging-*").Any())
        {
            Assert.False(child.Process.HasExited, "the run ended before it could be interrupted: " + child.Stderr);
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "no staging folder appeared");
            Thread.Sleep(50);
        }
        Thread.Sleep(300); // let it reach the looping trace
        using (var kill = Process.Start("kill", $"-{signal} {child.Process.Id}")) kill.WaitForExit();
        var exit = child.Wait(TimeSpan.FromSeconds(30));
        Assert.True(exit == code, $"exit {exit}: {child.Stderr}");
        Assert.Contains($"error TC0014: interrupted by SIG{signal}; no output was replaced", child.Stderr);
        TempFolder.AssertSame(before, TempFolder.Snapshot(outDir));
        FailingRunTests.AssertNoStaging(outDir);
    }

    [Fact]
    public void Timeout_stops_a_snippet_that_loops_forever_naming_the_step_and_the_trace()
    {
        using var s = StuckRun(out var recipe, out var outDir);
        var before = TempFolder.Snapshot(outDir);
        using var child = ToolProcess.Start(s.Path, "run", recipe, "--out", outDir, "--timeout", "3s");
        var exit = child.Wait(TimeSpan.FromSeconds(60));
        Assert.True(exit == 1, $"exit {exit}: {child.Stderr}");
        Assert.Matches(@"in\.jsonl\(200\): error TC0013: the run did not finish within --timeout 3s: step 'loops' had been judging trace 't0200'",
            child.Stderr);
        TempFolder.AssertSame(before, TempFolder.Snapshot(outDir));
        FailingRunTests.AssertNoStaging(outDir);

        // Once the snippet is fixed, the same command succeeds and replaces the previous output.
        File.WriteAllText(recipe, File.ReadAllText(recipe).Replace("|| Forever(t)", "|| t.Turns > 0"));
        using var again = ToolProcess.Start(s.Path, "run", recipe, "--out", outDir, "--timeout", "60s");
        Assert.True(again.Wait(TimeSpan.FromSeconds(60)) == 0, again.Stderr);
        Assert.Equal(299, File.ReadAllLines(Path.Combine(outDir, "kept.jsonl")).Length);
    }

    [Fact]
    public void A_catastrophic_regex_in_a_snippet_fails_its_trace_after_the_default_match_timeout()
    {
        using var s = new TempFolder();
        s.Write("in.jsonl", FailingRunTests.Lines(1));
        var recipe = s.Write("r.yaml",
            "name: regex\ninputs: [in.jsonl]\nsteps:\n  - name: backtracks\n    where: Regex.IsMatch(new string('a', 80) + \"!\", \"^(a|aa)+$\")\n" +
            "outputs:\n  - path: kept.jsonl\n    format: original\n");
        var clock = Stopwatch.StartNew();
        using var child = ToolProcess.Start(s.Path, "run", recipe, "--out", s.File("out"), "--threads", "1", "--timeout", "120s");
        var exit = child.Wait(TimeSpan.FromSeconds(150));
        Assert.True(exit == 1, $"exit {exit}: {child.Stderr}");
        Assert.Contains("error TC0005: step 'backtracks' threw RegexMatchTimeoutException on trace 't0001'", child.Stderr);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
    }
}

/// <summary>The built tool as a child process, with its stderr collected.</summary>
internal sealed class ToolProcess : IDisposable
{
    private readonly System.Text.StringBuilder _stderr = new();

    private ToolProcess(Process process) => Process = process;

    public Process Process { get; }

    public string Stderr
    {
        get
        {
            lock (_stderr) return _stderr.ToString();
        }
    }

    public static ToolProcess Start(string workingDirectory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add(RepoPaths.ToolDll);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["TRACE_CURATE_CACHE"] = TempFolder.SharedCache;
        var tool = new ToolProcess(new Process { StartInfo = info });
        tool.Process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (tool._stderr) tool._stderr.AppendLine(e.Data);
        };
        tool.Process.OutputDataReceived += (_, _) => { };
        tool.Process.Start();
        tool.Process.BeginErrorReadLine();
        tool.Process.BeginOutputReadLine();
        return tool;
    }

    /// <summary>The exit code; kills the child and fails the test when it does not end in time.</summary>
    public int Wait(TimeSpan timeout)
    {
        if (!Process.WaitForExit(timeout))
        {
            Process.Kill(entireProcessTree: true);
            Assert.Fail($"the tool did not exit within {timeout}: {Stderr}");
        }
        Process.WaitForExit(); // flushes the redirected streams
        return Process.ExitCode;
    }

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }
}
