namespace TraceCurate.Tests.Support;

/// <summary>Finds the repository (the folder holding Tool.sln) and the shared corpus beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples");

    public static string Recipes => Path.Combine(Root, "recipes");

    /// <summary>The shared corpus of real traces (../shared/corpus), or null when this checkout has none beside it.</summary>
    public static string? Corpus
    {
        get
        {
            var dir = Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus"));
            return Directory.Exists(dir) ? dir : null;
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tool.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("cannot find Tool.sln above " + AppContext.BaseDirectory);
    }
}
