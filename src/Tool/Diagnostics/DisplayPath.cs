namespace TraceCurate.Diagnostics;

/// <summary>Paths in messages are shown relative to the current directory when they are below it, as a user typed them.</summary>
public static class DisplayPath
{
    public static string For(string path) =>
        !System.IO.Path.IsPathRooted(path) ? path : For(path, Directory.GetCurrentDirectory());

    /// <summary>
    /// As <see cref="For(string)"/>, relative to <paramref name="cwd"/> as the caller read the current directory once:
    /// a caller that names thousands of inputs (a Codex folder) asked the system for it once per input.
    /// </summary>
    public static string For(string path, string cwd)
    {
        if (!System.IO.Path.IsPathRooted(path)) return path;
        var relative = System.IO.Path.GetRelativePath(cwd, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative) ? path : relative;
    }
}
