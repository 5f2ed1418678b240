using System.Text.Json;
using TraceCurate.Diagnostics;

namespace TraceCurate.Outputs;

/// <summary>
/// Cleans up after runs that were killed (SIGKILL, the OOM killer, a power cut of the process) in an output folder:
/// every staging folder no live process holds is either an unfinished build (no journal: the output folder still holds
/// one complete build; the folder is deleted) or an interrupted commit (a <see cref="CommitJournal"/>: finished when
/// its commit point had passed, otherwise undone so the previous build is back). Runs at the start of <c>run</c>,
/// <c>merge</c> and <c>verify</c>, and as <c>trace-curate recover OUT</c>.
/// </summary>
public static class OutputRecovery
{
    /// <summary>Resolves every abandoned staging folder in <paramref name="outDir"/>; returns a warning per interrupted commit, for the user.</summary>
    public static IReadOnlyList<Diagnostic> Recover(string outDir)
    {
        var notes = new List<Diagnostic>();
        if (!Directory.Exists(outDir)) return notes;
        List<string> stagings;
        try
        {
            stagings = Directory.EnumerateDirectories(outDir, StagedOutputs.StagingPrefix + "*").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.OutputFailed, $"cannot look for the staging folders of killed runs: {e.Message}", outDir));
        }
        foreach (var staging in stagings)
        {
            if (new DirectoryInfo(staging).LinkTarget is not null) continue; // never ours
            string? note;
            try
            {
                note = RecoverOne(outDir, staging);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Each step can be taken again from where this one stopped (CommitJournal), so nothing is lost by stopping.
                throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.OutputFailed,
                    $"cannot resolve what a killed run left ({Path.GetFileName(staging)}): {e.Message}; run 'trace-curate recover' again once the cause is fixed",
                    outDir));
            }
            if (note is not null) notes.Add(Diagnostic.Warning(DiagnosticCodes.RunInterrupted, note, outDir));
        }
        return notes;
    }

    private static string? RecoverOne(string outDir, string staging)
    {
        var name = Path.GetFileName(staging);
        using (var held = StagingLock.TryTake(staging))
        {
            if (held is null) return null; // a live run owns it
            if (LegacyCommit.WasInterrupted(staging))
            {
                var moved = LegacyCommit.Finish(outDir, staging);
                StagingLock.Release(held);
                Delete(staging);
                return $"finished the commit of a run of an earlier version killed while moving its outputs ({name}, {moved} file(s) moved): the new build is complete";
            }
            if (!File.Exists(Path.Combine(staging, CommitJournal.FileName)))
            {
                StagingLock.Release(held);
                Delete(staging);
                return null; // an unfinished build: the output folder was never touched
            }
            CommitJournal journal;
            try
            {
                journal = CommitJournal.Read(staging);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                // Only a machine crash (not a killed process) can leave it unreadable. Guessing could lose outputs.
                throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.OutputFailed,
                    $"the commit journal of a killed run cannot be read ({e.Message}); nothing was changed: the outputs it replaced are in " +
                    $"{Path.Combine(name, CommitJournal.PreviousFolder)}, its new ones in {Path.Combine(name, CommitJournal.NewFolder)}; " +
                    "put back the ones you want and delete the folder", Path.Combine(staging, CommitJournal.FileName)));
            }
            string note;
            if (journal.IsCommitted(staging))
                note = $"finished the commit of a killed run ({name}): the new build is complete";
            else
            {
                journal.Rollback(outDir, staging);
                note = $"undid the commit of a killed run ({name}): the previous build is back in place";
            }
            // The journal goes first: from here on the folder is an unfinished build's, safe to delete at any instant.
            File.Delete(Path.Combine(staging, CommitJournal.FileName));
            StagingLock.Release(held);
            Delete(staging);
            return note;
        }
    }

    internal static void Delete(string staging)
    {
        try
        {
            Directory.Delete(staging, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process removed it meanwhile, or a file in it cannot go: the next recovery tries again.
        }
    }
}

/// <summary>
/// The lock file in a staging folder, held (opened with FileShare.None: flock on Unix) by the run that owns it for as
/// long as it lives; the kernel drops it when the process dies, however it dies.
/// </summary>
internal static class StagingLock
{
    public const string FileName = "lock";

    /// <summary>Creates and takes the lock of a new staging folder.</summary>
    public static FileStream Create(string staging) =>
        new(Path.Combine(staging, FileName), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);

    /// <summary>
    /// Takes the lock of an existing staging folder; null when a live process holds it. A folder without a lock file was
    /// left between its creation and its lock's: its process is alive when the id in its name is (a reused id only
    /// delays the clean-up).
    /// </summary>
    public static FileStream? TryTake(string staging)
    {
        var path = Path.Combine(staging, FileName);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
        }
        catch (FileNotFoundException)
        {
            if (OwnerMayLive(Path.GetFileName(staging))) return null;
            try
            {
                return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                return null; // created meanwhile: by its owner or another recovery
            }
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Closes the lock before its folder is deleted (Windows cannot delete an open file).</summary>
    public static void Release(FileStream held) => held.Dispose();

    private static bool OwnerMayLive(string name)
    {
        var rest = name[StagedOutputs.StagingPrefix.Length..];
        var dash = rest.IndexOf('-');
        if (dash <= 0 || !int.TryParse(rest[..dash], out var pid)) return false;
        if (pid == Environment.ProcessId) return false;
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
