namespace TraceCurate.Formats;

/// <summary>
/// <see cref="Path.GetFullPath(string)"/> without its work for a path that is full already: a folder walk's paths are,
/// and a folder of ten thousand sessions made each one full again several times over (a scan and a new string each).
/// </summary>
internal static class FullPath
{
    public static string Of(string path) => IsFullAndPlain(path) ? path : Path.GetFullPath(path);

    /// <summary>
    /// A full path with no "." or ".." part and no doubled separator, on a system whose one separator is '/':
    /// <see cref="Path.GetFullPath(string)"/> gives it back as it is.
    /// </summary>
    private static bool IsFullAndPlain(string path) =>
        Path.DirectorySeparatorChar == '/' && Path.AltDirectorySeparatorChar == '/' && Path.IsPathFullyQualified(path)
        && !path.Contains("//", StringComparison.Ordinal) && !path.Contains("/./", StringComparison.Ordinal)
        && !path.Contains("/../", StringComparison.Ordinal) && !path.EndsWith("/.", StringComparison.Ordinal)
        && !path.EndsWith("/..", StringComparison.Ordinal);
}
