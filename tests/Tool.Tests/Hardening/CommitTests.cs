using System.Security.Cryptography;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Outputs;
using TraceCurate.Pipeline;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// The commit of a build into its output folder (docs/safety.md, "Failing and interrupted runs lose nothing"): folder
/// outputs replaced whole, nothing written through a symbolic link, no folder left by a failed first run, the journal
/// resolved by <c>recover</c>. The SIGKILL test is <see cref="CommitKillTests"/>.
/// </summary>
public sealed class CommitTests
{
    internal const string SessionsRecipe =
        "name: sessions\ninputs: [in/]\noutputs:\n  - path: sessions/\n    format: original\n  - path: all.jsonl\n    format: trace\n";

    [Fact]
    public void A_run_with_fewer_sessions_leaves_no_stale_file_of_the_previous_run_in_a_session_folder_output()
    {
        using var s = new TempFolder();
        var recipe = s.Write("r.yaml", SessionsRecipe);
        var outDir = s.File("out");
        PiSessions.Write(s.File("in"), 5);
        var first = s.Cli("run", recipe, "--out", outDir);
        Assert.True(first.Exit == 0, first.Err);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(outDir, "sessions")).Length);

        foreach (var gone in new[] { "s0001.jsonl", "s0003.jsonl" }) File.Delete(s.File("in/" + gone));
        var second = s.Cli("run", recipe, "--out", outDir);
        Assert.True(second.Exit == 0, second.Err);
        // The folder holds the three input sessions, and exactly the files the new manifest lists.
        Assert.Equal(["s0000.jsonl", "s0002.jsonl", "s0004.jsonl"],
            Directory.GetFiles(Path.Combine(outDir, "sessions")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        AssertMatchesManifest(outDir);
    }

    [Fact]
    public void Verify_names_a_file_in_a_session_folder_output_that_the_build_did_not_write()
    {
        using var s = new TempFolder();
        var recipe = s.Write("r.yaml", SessionsRecipe);
        var outDir = s.File("out");
        PiSessions.Write(s.File("in"), 3);
        Assert.Equal(0, s.Cli("run", recipe, "--out", outDir).Exit);
        Assert.Equal(0, s.Cli("verify", recipe, "--out", outDir).Exit);

        s.Write("out/sessions/s0007.jsonl", File.ReadAllText(s.File("in/s0001.jsonl")));
        var verify = s.Cli("verify", recipe, "--out", outDir);
        Assert.Equal(1, verify.Exit);
        Assert.Contains("error TC0023: output folder sessions/ holds sessions/s0007.jsonl, which the build did not write", verify.Err);
    }

    [Fact]
    public void A_session_folder_output_that_keeps_nothing_removes_the_previous_runs_folder()
    {
        using var s = new TempFolder();
        var recipe = s.Write("r.yaml", SessionsRecipe.Replace("outputs:", "steps:\n  - where: t.Turns >= 0\noutputs:"));
        var outDir = s.File("out");
        PiSessions.Write(s.File("in"), 3);
        Assert.Equal(0, s.Cli("run", recipe, "--out", outDir).Exit);
        Assert.Equal(3, Directory.GetFiles(Path.Combine(outDir, "sessions")).Length);

        File.WriteAllText(recipe, File.ReadAllText(recipe).Replace("t.Turns >= 0", "t.Turns < 0"));
        var second = s.Cli("run", recipe, "--out", outDir);
        Assert.True(second.Exit == 0, second.Err);
        Assert.False(Directory.Exists(Path.Combine(outDir, "sessions")), "the previous run's sessions/ survived a build that kept none");
        AssertMatchesManifest(outDir);
    }

    [Fact]
    public void An_output_through_a_symlinked_folder_fails_and_leaves_the_file_outside_the_output_folder_unchanged()
    {
        using var s = new TempFolder();
        PiSessions.Write(s.File("in"), 2);
        var recipe = s.Write("r.yaml", "name: escape\ninputs: [in/]\noutputs:\n  - path: sub/x.jsonl\n    format: trace\n");
        var outside = s.Write("elsewhere/x.jsonl", "precious\n");
        Directory.CreateDirectory(s.File("out"));
        Directory.CreateSymbolicLink(s.File("out/sub"), s.File("elsewhere"));

        var run = s.Cli("run", recipe, "--out", s.File("out"));
        Assert.Equal(1, run.Exit);
        // Refused before anything is read, at the output's entry in the recipe (line 4); the commit's own guard (TC0008)
        // is the next test's, for a link that appears after this check.
        Assert.Contains("r.yaml(4,5): error TC0002: output 'sub/x.jsonl' would be written outside the output folder", run.Err);
        Assert.Equal("precious\n", File.ReadAllText(outside));
        Assert.Equal(["sub"], Directory.EnumerateFileSystemEntries(s.File("out")).Select(Path.GetFileName));
    }

    [Fact]
    public void A_folder_replaced_by_a_symbolic_link_during_the_run_is_refused_when_the_outputs_are_moved_into_place()
    {
        // The recipe checks and the start of the run saw a plain folder; the commit must look again.
        using var s = new TempFolder();
        var outDir = s.File("out");
        var outside = s.Write("elsewhere/x.jsonl", "precious\n");
        Directory.CreateDirectory(Path.Combine(outDir, "sub"));
        using var outputs = new StagedOutputs(outDir, []);
        Directory.CreateDirectory(Path.Combine(outputs.StagingDirectory, "sub"));
        File.WriteAllText(Path.Combine(outputs.StagingDirectory, "sub", "x.jsonl"), "new\n");
        outputs.AddFile("manifest.json", "{}"u8.ToArray());
        Directory.Delete(Path.Combine(outDir, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(outDir, "sub"), s.File("elsewhere"));

        var e = Assert.Throws<TraceCurateException>(() => outputs.Commit("manifest.json"));
        Assert.Contains("'sub' in the output folder is a symbolic link", e.Message);
        Assert.Equal("precious\n", File.ReadAllText(outside));
        Assert.False(File.Exists(Path.Combine(outDir, "manifest.json")));
    }

    [Fact]
    public void A_failed_first_run_leaves_no_output_folder()
    {
        using var s = new TempFolder();
        s.Write("in.jsonl", FailingRunTests.Lines(5));
        var recipe = s.Write("r.yaml",
            "name: fails\ninputs: [in.jsonl]\nsteps:\n  - name: judge\n    where: |\n      t.Id == \"t0003\" ? throw new InvalidOperationException(\"no\") : true\n" +
            "outputs:\n  - path: kept.jsonl\n    format: original\n");
        var run = s.Cli("run", recipe, "--out", s.File("new/a/b"));
        Assert.Equal(1, run.Exit);
        Assert.True(run.Err.Contains("error TC0005"), run.Err);
        Assert.False(Directory.Exists(s.File("new")), "the failed run left " + string.Join(", ", Directory.EnumerateFileSystemEntries(s.Path, "*", SearchOption.AllDirectories)));
    }

    [Fact]
    public void Recover_leaves_the_staging_folder_of_a_live_run_alone_and_deletes_an_abandoned_one()
    {
        using var s = new TempFolder();
        var outDir = s.File("out");
        using var live = new StagedOutputs(outDir, []);
        File.WriteAllText(Path.Combine(live.StagingDirectory, "half.jsonl"), "written so far\n");
        // What a run killed before its commit leaves: a staging folder with its lock file, held by nobody.
        var abandoned = Path.Combine(outDir, StagedOutputs.StagingPrefix + "999999999-0123456789abcdef");
        Directory.CreateDirectory(Path.Combine(abandoned, "new"));
        File.WriteAllText(Path.Combine(abandoned, "lock"), "");
        File.WriteAllText(Path.Combine(abandoned, "new", "half.jsonl"), "written so far\n");

        var recover = s.Cli("recover", outDir);
        Assert.True(recover.Exit == 0, recover.Err);
        Assert.True(File.Exists(Path.Combine(live.StagingDirectory, "half.jsonl")), "recover deleted a live run's staging folder");
        Assert.False(Directory.Exists(abandoned));
    }

    [Fact]
    public void Recover_undoes_a_commit_killed_after_moving_some_outputs_and_finishes_one_killed_after_the_manifest()
    {
        foreach (var committed in new[] { false, true })
        {
            using var s = new TempFolder();
            var outDir = s.File("out");
            s.Write("out/a.jsonl", "old a\n");
            s.Write("out/sessions/x.jsonl", "old x\n");
            s.Write("out/sessions/stale.jsonl", "old stale\n");
            s.Write("out/manifest.json", "old manifest\n");
            var old = TempFolder.Snapshot(outDir);
            // A journal and the renames a killed commit had done: a.jsonl and sessions/ swapped, the manifest not yet
            // (or, committed, the manifest too): the state Apply leaves between two renames.
            var staging = Path.Combine(outDir, StagedOutputs.StagingPrefix + "999999999-fedcba9876543210");
            s.Write(Path.Combine(staging, "lock"), "");
            s.Write(Path.Combine(staging, "new", "manifest.json"), "new manifest\n");
            s.Write(Path.Combine(staging, "new", "a.jsonl"), "new a\n");
            s.Write(Path.Combine(staging, "new", "sessions", "x.jsonl"), "new x\n");
            var journal = new CommitJournal([new("a.jsonl", true), new("sessions", true), new("manifest.json", true)], []);
            journal.Write(staging);
            Directory.CreateDirectory(Path.Combine(staging, "previous"));
            foreach (var unit in committed ? new[] { "a.jsonl", "sessions", "manifest.json" } : ["a.jsonl", "sessions"])
            {
                CommitJournal.Rename(Path.Combine(outDir, unit), Path.Combine(staging, "previous", unit));
                CommitJournal.Rename(Path.Combine(staging, "new", unit), Path.Combine(outDir, unit));
            }

            var recover = s.Cli("recover", outDir);
            Assert.True(recover.Exit == 0, recover.Err);
            if (committed)
            {
                Assert.Contains("warning TC0014: finished the commit of a killed run", recover.Err);
                Assert.Equal(["a.jsonl", "manifest.json", "sessions/x.jsonl"], TempFolder.Snapshot(outDir).Keys.Select(k => k.Replace('\\', '/')));
                Assert.Equal("new manifest\n", File.ReadAllText(Path.Combine(outDir, "manifest.json")));
            }
            else
            {
                Assert.Contains("warning TC0014: undid the commit of a killed run", recover.Err);
                TempFolder.AssertSame(old, TempFolder.Snapshot(outDir));
            }
            Assert.Equal("nothing to recover", s.Cli("recover", outDir).Out.Trim());
        }
    }

    [Fact]
    public void Recover_finishes_a_commit_an_earlier_version_was_killed_in_instead_of_losing_the_files_it_had_moved_aside()
    {
        // The layout before the journal: new files directly in the staging folder, replaced ones under .replaced/,
        // moved one by one in ordinal order, the manifest last. Killed after a.jsonl: b.jsonl and the manifest wait.
        using var s = new TempFolder();
        var outDir = s.File("out");
        var staging = Path.Combine(outDir, StagedOutputs.StagingPrefix + "999999999-00000000000000000000000000000000");
        s.Write("out/a.jsonl", "new a\n");
        s.Write("out/b.jsonl", "old b\n");
        s.Write("out/manifest.json", "old manifest\n");
        s.Write(Path.Combine(staging, ".replaced", "a.jsonl"), "old a\n");
        s.Write(Path.Combine(staging, "b.jsonl"), "new b\n");
        s.Write(Path.Combine(staging, "manifest.json"), "new manifest\n");

        var recover = s.Cli("recover", outDir);
        Assert.True(recover.Exit == 0, recover.Err);
        Assert.Contains("finished the commit of a run of an earlier version", recover.Err);
        var after = TempFolder.Snapshot(outDir);
        Assert.Equal(["a.jsonl", "b.jsonl", "manifest.json"], after.Keys);
        Assert.Equal(["new a\n", "new b\n", "new manifest\n"], after.Values.Select(System.Text.Encoding.UTF8.GetString));
    }

    /// <summary>
    /// The files under <paramref name="outDir"/> are exactly manifest.json and the files its outputs list, each with
    /// the size and SHA-256 it records (computed here, not by the tool).
    /// </summary>
    internal static void AssertMatchesManifest(string outDir)
    {
        var listed = ManifestFiles(outDir);
        var present = Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(outDir, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(listed.Keys.Append("manifest.json").Order(StringComparer.Ordinal), present);
        foreach (var (path, sha256) in listed)
            Assert.True(sha256 == Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(outDir, path)))), $"{path} differs from the manifest");
    }

    /// <summary>Every file a manifest lists, with its SHA-256: a single-file output is its own entry, a folder output lists <c>files</c>.</summary>
    internal static Dictionary<string, string> ManifestFiles(string outDir)
    {
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "manifest.json")));
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var output in manifest.RootElement.GetProperty("outputs").EnumerateArray())
        {
            if (output.TryGetProperty("files", out var list))
                foreach (var file in list.EnumerateArray()) files.Add(file.GetProperty("path").GetString()!, file.GetProperty("sha256").GetString()!);
            else
                files.Add(output.GetProperty("path").GetString()!, output.GetProperty("sha256").GetString()!);
        }
        return files;
    }
}
