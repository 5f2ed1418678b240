namespace TraceCurate.Formats;

/// <summary>The trace id of formats without one inside the file (SWE-agent: the instance id is the file name).</summary>
public static class FileStem
{
    /// <summary>
    /// The file name without <c>.gz</c> or <c>.zst</c>, without its last extension, and without a <c>.traj</c> before it:
    /// <c>django__django-1.traj.gz</c> and <c>django__django-1.traj.json</c> (mini-swe-agent) → <c>django__django-1</c>.
    /// </summary>
    public static string Of(string path)
    {
        var name = Path.GetFileName(path);
        name = ZstdInput.WithoutCompressionSuffix(name);
        var stem = Path.GetFileNameWithoutExtension(name);
        return stem.EndsWith(".traj", StringComparison.Ordinal) ? stem[..^5] : stem;
    }
}
