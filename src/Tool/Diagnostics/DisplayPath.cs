namespace TraceCurate.Diagnostics;

/// <summary>Paths in messages are shown relative to the current directory when they are below it, as a user typed them.</summary>
public static class DisplayPath
{
    public static string For(string path)
    {
        if (!System.IO.Path.IsPathRooted(path)) return path;
        var cwd = Directory.GetCurrentDirectory();
        var relative = System.IO.Path.GetRelativePath(cwd, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative) ? path : relative;
    }
}
