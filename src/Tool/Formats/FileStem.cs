namespace TraceCurate.Formats;

/// <summary>The trace id of formats without one inside the file (SWE-agent: the instance id is the file name).</summary>
public static class FileStem
{
    /// <summary>The file name without <c>.gz</c> and without its last extension: <c>django__django-1.traj.gz</c> → <c>django__django-1</c>.</summary>
    public static string Of(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)) name = name[..^3];
        return Path.GetFileNameWithoutExtension(name);
    }
}
