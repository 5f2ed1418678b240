using System.Diagnostics;
using TraceCurate.Outputs;
using TraceCurate.Tests.Support;
using Xunit.Abstractions;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// The kill test of issue 28: a real <c>dotnet TraceCurate.dll run</c> replaces a build with a large session-folder
/// output and is sent SIGKILL at many instants, spread over the whole run and placed inside each rename of the commit
/// (slowed by the test-only TRACE_CURATE_TEST_COMMIT_PAUSE_MS); after <c>recover</c>, the output folder must hold
/// exactly the old build or exactly the new one, file for file and byte for byte, and match its own manifest.
/// Sizes come from TRACE_CURATE_KILL_TEST_SESSIONS and TRACE_CURATE_KILL_TEST_KILLS (bench/commit-kill.sh runs a long
/// mode); the defaults keep it under a minute.
/// </summary>
public sealed class CommitKillTests(ITestOutputHelper output)
{
    private const int PauseMs = 150;

    /// <summary>Renames of a commit that replaces all.jsonl, sessions/ and manifest.json: each moved aside, then the new one in.</summary>
    private const int CommitPauses = 6 + 1; // and one pause after the commit point, before the clean-up

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;

    [Fact]
    public void A_run_replacing_a_large_session_folder_killed_at_any_instant_leaves_the_old_or_the_new_build_after_recover()
    {
        var sessions = Setting("TRACE_CURATE_KILL_TEST_SESSIONS", 1200);
        var spreadKills = Setting("TRACE_CURATE_KILL_TEST_KILLS", 6);
        using var s = new TempFolder();
        var recipe = s.Write("r.yaml", CommitTests.SessionsRecipe.Replace("inputs: [in/]", "inputs: [in-old/]"));
        // The old build: `sessions` sessions. The new one: fewer (stale files would show), the same names with other text.
        PiSessions.Write(s.File("in-old"), sessions);
        PiSessions.Write(s.File("in-new"), sessions * 2 / 3, variant: " again");
        var oldDir = s.File("old");
        var newDir = s.File("new");
        Assert.Equal(0, s.Cli("run", recipe, "--out", oldDir).Exit);
        var built = s.Cli("run", recipe, "--out", newDir, "-i", s.File("in-new"));
        Assert.True(built.Exit == 0, built.Err);
        CommitTests.AssertMatchesManifest(oldDir);
        CommitTests.AssertMatchesManifest(newDir);
        var oldBuild = TempFolder.Snapshot(oldDir);
        var newBuild = TempFolder.Snapshot(newDir);
        Assert.Equal(sessions + 2, oldBuild.Count);
        Assert.Equal(sessions * 2 / 3 + 2, newBuild.Count);

        var outDir = s.File("out");
        var outcomes = new List<string>();
        var undone = 0;
        var finished = 0;

        void KillAndRecover(string label, Func<Process, bool> waitToKill)
        {
            Restore(oldBuild, outDir);
            using var child = Start(s.Path, recipe, outDir, s.File("in-new"));
            var killed = waitToKill(child);
            if (killed) child.Kill(); // SIGKILL on Unix
            child.WaitForExit();
            var recover = s.Cli("recover", outDir);
            Assert.True(recover.Exit == 0, recover.Err);
            if (recover.Err.Contains("undid the commit")) undone++;
            if (recover.Err.Contains("finished the commit")) finished++;
            var after = TempFolder.Snapshot(outDir);
            var outcome = Same(after, oldBuild) ? "old" : Same(after, newBuild) ? "new" : null;
            outcomes.Add($"{label}: {(killed ? "killed" : $"exited {child.ExitCode}")}, {outcome ?? "TORN"}");
            Assert.True(outcome is not null, "torn build after recover: " + string.Join("; ", outcomes) +
                $" ({after.Keys.Count(k => oldBuild.ContainsKey(k) && !newBuild.ContainsKey(k))} files only in the old build, " +
                $"{after.Count} files) {recover.Err}");
            Assert.Empty(Directory.EnumerateDirectories(outDir, StagedOutputs.StagingPrefix + "*"));
        }

        // How long a whole run takes here, commit pauses included, to spread the kills over it.
        var clock = Stopwatch.StartNew();
        KillAndRecover("uninterrupted", child => false);
        var duration = clock.Elapsed;
        Assert.Equal("new", outcomes[^1].Split(", ")[^1]);

        for (var i = 0; i < spreadKills; i++)
        {
            var at = duration * ((i + 0.5) / spreadKills);
            KillAndRecover($"at {at.TotalMilliseconds:f0} ms", child => !child.WaitForExit(at));
        }
        // Inside each pause of the commit: after the journal appears, in the middle of pause j.
        for (var j = 0; j < CommitPauses; j++)
        {
            var offset = TimeSpan.FromMilliseconds(j * PauseMs + PauseMs / 2);
            KillAndRecover($"commit pause {j}", child =>
            {
                var deadline = Stopwatch.StartNew();
                while (!JournalExists(outDir))
                {
                    if (child.HasExited) return false;
                    Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(120), "no commit journal appeared");
                    Thread.Sleep(2);
                }
                return !child.WaitForExit(offset);
            });
        }

        var summary = string.Join("; ", outcomes);
        output.WriteLine($"{sessions} sessions, a whole run {duration.TotalSeconds:f1} s: {summary}; undone {undone}, finished {finished}");
        // Both ends were reached, and recovery had both decisions to take: the kills landed where they were meant to.
        Assert.True(outcomes.Any(o => o.EndsWith("killed, old")) && outcomes.Any(o => o.EndsWith(", new")), summary);
        Assert.True(undone >= 1 && finished >= 1, $"undone {undone}, finished {finished}: {summary}");
    }

    private static bool JournalExists(string outDir)
    {
        try
        {
            return Directory.EnumerateDirectories(outDir, StagedOutputs.StagingPrefix + "*")
                .Any(d => File.Exists(Path.Combine(d, CommitJournal.FileName)));
        }
        catch (DirectoryNotFoundException)
        {
            return false; // a staging folder went away while listing
        }
    }

    private static bool Same(SortedDictionary<string, byte[]> a, SortedDictionary<string, byte[]> b) =>
        a.Keys.SequenceEqual(b.Keys) && a.All(f => f.Value.AsSpan().SequenceEqual(b[f.Key]));

    private static void Restore(SortedDictionary<string, byte[]> build, string outDir)
    {
        if (Directory.Exists(outDir)) Directory.Delete(outDir, recursive: true);
        foreach (var (relative, bytes) in build)
        {
            var path = Path.Combine(outDir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
        }
    }

    /// <summary>The tool as a child process, with the commit slowed (test-only) so kills can land between renames.</summary>
    private static Process Start(string workingDirectory, string recipe, string outDir, string input)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { RepoPaths.ToolDll, "run", recipe, "--out", outDir, "-i", input, "--threads", "2" }) info.ArgumentList.Add(arg);
        info.Environment["TRACE_CURATE_CACHE"] = TempFolder.SharedCache;
        info.Environment[CommitJournal.PauseVariable] = PauseMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(info)!;
        process.ErrorDataReceived += (_, _) => { };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }
}
