using System.Runtime.InteropServices;
using System.Text.Json;

namespace TraceCurate.Outputs;

/// <summary>
/// The plan of one commit, written into the staging folder before anything in the output folder changes, so that a
/// process killed at any instant of the commit leaves enough behind for <see cref="OutputRecovery"/> to finish it or
/// undo it. A unit is what moves as one rename: a single-file output, a folder output as a whole (so files a previous
/// run wrote into it cannot survive beside the new ones), the rejects file, the manifest. For each unit, in order,
/// <see cref="Apply"/> renames what is in place into <c>previous/</c>, then the staged unit from <c>new/</c> into
/// place; the last unit is the manifest, whose rename is the commit point. Every state between two renames maps to
/// one answer: the last unit is no longer in <c>new/</c> → the new build is complete (drop <c>previous/</c>);
/// otherwise → <see cref="Rollback"/> puts each unit back, each step again a state it can resume from.
/// </summary>
internal sealed record CommitJournal(IReadOnlyList<CommitUnit> Units, IReadOnlyList<string> CreatedFolders)
{
    public const string FileName = "journal.json";
    public const string NewFolder = "new";
    public const string PreviousFolder = "previous";

    /// <summary>
    /// Test-only: milliseconds to sleep before each rename of a commit, so that a kill test can land signals between
    /// renames (docs/safety.md). Never set it otherwise.
    /// </summary>
    public const string PauseVariable = "TRACE_CURATE_TEST_COMMIT_PAUSE_MS";

    private static readonly int PauseMs = int.TryParse(Environment.GetEnvironmentVariable(PauseVariable), out var ms) && ms > 0 ? ms : 0;

    /// <summary>True once the commit point has passed: the last unit left <c>new/</c>.</summary>
    public bool IsCommitted(string staging) =>
        Units.Count == 0 || !Units[^1].HasNew || !Exists(Path.Combine(staging, NewFolder, Units[^1].Path));

    /// <summary>Writes the journal, complete and flushed to disk, under its final name (a rename, so never half of it).</summary>
    public void Write(string staging)
    {
        var temporary = Path.Combine(staging, FileName + ".tmp");
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteNumber("version", 1);
                json.WriteStartArray("units");
                foreach (var unit in Units)
                {
                    json.WriteStartObject();
                    json.WriteString("path", unit.Path);
                    json.WriteBoolean("new", unit.HasNew);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteStartArray("created");
                foreach (var folder in CreatedFolders) json.WriteStringValue(folder);
                json.WriteEndArray();
                json.WriteEndObject();
            }
            stream.Flush(flushToDisk: true);
        }
        Rename(temporary, Path.Combine(staging, FileName));
    }

    public static CommitJournal Read(string staging)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(staging, FileName)));
        var root = document.RootElement;
        var units = root.GetProperty("units").EnumerateArray()
            .Select(u => new CommitUnit(u.GetProperty("path").GetString()!, u.GetProperty("new").GetBoolean())).ToList();
        var created = root.GetProperty("created").EnumerateArray().Select(f => f.GetString()!).ToList();
        return new CommitJournal(units, created);
    }

    /// <summary>Moves the units into place, in order, the last one last; creates the missing folders first.</summary>
    public void Apply(string outDir, string staging)
    {
        foreach (var folder in CreatedFolders) Directory.CreateDirectory(Path.Combine(outDir, folder));
        foreach (var unit in Units)
        {
            var final = Path.Combine(outDir, unit.Path);
            if (Exists(final))
            {
                var aside = Path.Combine(staging, PreviousFolder, unit.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(aside)!);
                Pause();
                Rename(final, aside);
            }
            if (!unit.HasNew) continue;
            Pause();
            Rename(Path.Combine(staging, NewFolder, unit.Path), final);
        }
    }

    /// <summary>
    /// Undoes <see cref="Apply"/> from wherever it stopped, last unit first: a new unit in place goes back to
    /// <c>new/</c>, then the previous one comes back from <c>previous/</c>. Safe to run again after being killed itself.
    /// </summary>
    public void Rollback(string outDir, string staging)
    {
        for (var i = Units.Count - 1; i >= 0; i--)
        {
            var unit = Units[i];
            var final = Path.Combine(outDir, unit.Path);
            var staged = Path.Combine(staging, NewFolder, unit.Path);
            var aside = Path.Combine(staging, PreviousFolder, unit.Path);
            // A new unit that left new/ is the one in place (it moves only after the previous one moved aside).
            if (unit.HasNew && !Exists(staged) && Exists(final))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(staged)!);
                Rename(final, staged);
            }
            if (Exists(aside) && !Exists(final)) Rename(aside, final);
        }
        for (var i = CreatedFolders.Count - 1; i >= 0; i--) // deepest last in the list, so first here
        {
            try
            {
                Directory.Delete(Path.Combine(outDir, CreatedFolders[i]));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not empty (something else was put there) or already gone: leave it.
            }
        }
    }

    /// <summary>Sleeps for <see cref="PauseVariable"/> milliseconds when it is set (tests only).</summary>
    internal static void Pause()
    {
        if (PauseMs > 0) Thread.Sleep(PauseMs);
    }

    /// <summary>A file, a folder or a symbolic link (even a dangling one) at this path.</summary>
    public static bool Exists(string path) => Path.Exists(path) || new FileInfo(path).LinkTarget is not null;

    /// <summary>
    /// One rename(2) of a file, folder or link: atomic, so a kill leaves the unit wholly at one of its two names.
    /// File.Move without overwrite links then unlinks on Unix (two names for a moment), and Directory.Move refuses a
    /// link to a folder, so Unix calls rename itself; the destination never exists here.
    /// </summary>
    public static void Rename(string from, string to)
    {
        if (OperatingSystem.IsWindows())
        {
            if (Directory.Exists(from)) Directory.Move(from, to);
            else File.Move(from, to);
            return;
        }
        if (rename(from, to) == 0) return;
        var errno = Marshal.GetLastPInvokeError();
        throw new IOException($"cannot move '{from}' to '{to}': {Marshal.GetPInvokeErrorMessage(errno)}", errno);
    }

    [DllImport("libc", SetLastError = true, CharSet = CharSet.Ansi)]
    private static extern int rename(string oldPath, string newPath);
}

/// <summary>One rename of a commit: a path relative to the output folder; <see cref="HasNew"/> false for a folder output that kept nothing (the previous one is only moved away).</summary>
internal sealed record CommitUnit(string Path, bool HasNew);
