using TraceCurate.Diagnostics;

namespace TraceCurate.Outputs;

/// <summary>
/// Write-time checks that an output stays inside the output folder: no folder on the way from the output folder to an
/// output (and no folder output itself) may be a symbolic link, since writing through one would replace files elsewhere.
/// The recipe checks refuse such paths when the recipe is validated; these run again when the outputs are moved into
/// place, because the folder may have changed during the run. The output folder itself may be a link: the user named it.
/// </summary>
internal static class OutputPaths
{
    /// <summary>Fails with TC0008 when a folder between <paramref name="outDir"/> and the output is a link or a file.</summary>
    public static void CheckInside(string outDir, string relative, bool isFolder = false)
    {
        var parts = relative.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var path = outDir;
        var checkedParts = isFolder ? parts.Length : parts.Length - 1;
        for (var i = 0; i < checkedParts; i++)
        {
            path = Path.Combine(path, parts[i]);
            var info = new FileInfo(path);
            var shown = string.Join('/', parts[..(i + 1)]);
            if (info.LinkTarget is { } target)
                throw Refused(relative, $"'{shown}' in the output folder is a symbolic link (to {target}); outputs are only written inside the output folder", path);
            if (info.Exists && i < parts.Length - 1)
                throw Refused(relative, $"'{shown}' in the output folder is a file, not a folder", path);
        }
    }

    /// <summary>A relative output path as the file system sees it: '/' separators, no empty or '.' segments, no trailing '/'.</summary>
    public static string Normalize(string relative) =>
        string.Join('/', relative.Split('/', '\\').Where(p => p.Length > 0 && p != "."));

    /// <summary>The folders, relative to <paramref name="outDir"/>, that must be created to hold the output, parents first.</summary>
    public static List<string> MissingParents(string outDir, string relative)
    {
        var missing = new List<string>();
        for (var dir = Path.GetDirectoryName(relative); !string.IsNullOrEmpty(dir); dir = Path.GetDirectoryName(dir))
            if (!Directory.Exists(Path.Combine(outDir, dir))) missing.Insert(0, dir.Replace('\\', '/'));
        return missing;
    }

    /// <summary>The absolute folders that creating <paramref name="fullPath"/> would create, parents first.</summary>
    public static List<string> MissingFolders(string fullPath)
    {
        var missing = new List<string>();
        for (var dir = fullPath; !string.IsNullOrEmpty(dir) && !Directory.Exists(dir); dir = Path.GetDirectoryName(dir))
            missing.Insert(0, dir);
        return missing;
    }

    private static TraceCurateException Refused(string relative, string why, string path) =>
        new(Diagnostic.Error(DiagnosticCodes.OutputFailed, $"cannot write output '{relative}': {why}; no output was replaced", path));
}
