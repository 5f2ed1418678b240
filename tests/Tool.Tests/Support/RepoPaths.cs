namespace TraceCurate.Tests.Support;

/// <summary>Finds the repository (the folder holding Tool.sln) and the shared corpus beside it.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>A path under <c>samples/</c> (the folder itself when <paramref name="relative"/> is empty).</summary>
    public static string Samples(string relative = "") => Path.Combine(Root, "samples", relative);

    public static string[] SampleLines(string relative) =>
        File.ReadAllLines(Samples(relative)).Where(l => l.Trim().Length > 0).ToArray();

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

    public static string HostileFixtures => Path.Combine(Root, "tests", "Tool.Tests", "Fixtures", "hostile");

    /// <summary>The built tool next to the test assembly (the project reference copies it there).</summary>
    public static string ToolDll => Path.Combine(AppContext.BaseDirectory, "TraceCurate.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tool.sln"))) return dir.FullName;
        throw new InvalidOperationException("Tool.sln not found above " + AppContext.BaseDirectory);
    }
}
