using TraceCurate.Manifests;


namespace TraceCurate.Outputs;

/// <summary>
/// Staging folders left by versions before the commit journal: the new files at their relative paths directly in the
/// folder, and the files they replaced under <c>.replaced/</c> as they were moved, one by one, the manifest last. Such
/// a folder with <c>.replaced/</c> belongs to a commit that was under way, so every new file was complete (the manifest
/// was written before the first move): moving the rest into place finishes the new build. Deleting the folder, as
/// the old docs said, would have lost the only copy of the replaced files and left a mix of two builds.
/// </summary>
internal static class LegacyCommit
{
    private const string Replaced = ".replaced";

    public static bool WasInterrupted(string staging) =>
        !Directory.Exists(Path.Combine(staging, CommitJournal.NewFolder)) && Directory.Exists(Path.Combine(staging, Replaced));

    /// <summary>Moves every file still staged into place, the manifest last; returns how many.</summary>
    public static int Finish(string outDir, string staging)
    {
        var files = Directory.EnumerateFiles(staging, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(staging, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith(Replaced + "/", StringComparison.Ordinal) && f != StagingLock.FileName)
            .ToList();
        static bool Last(string f) => f is ManifestJson.FileName or PartManifest.FileName;
        files.Sort((x, y) => Last(x).CompareTo(Last(y)) is var last and not 0 ? last : string.CompareOrdinal(x, y));
        foreach (var relative in files)
        {
            var final = Path.Combine(outDir, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(Path.Combine(staging, relative), final, overwrite: true); // rename(2) over the file in place
        }
        return files.Count;
    }
}
