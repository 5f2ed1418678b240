namespace TraceCurate.Tests.Support;

/// <summary>Folders of the repository, found by walking up from the test assembly to the folder holding Tool.sln.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples(string relative) => Path.Combine(Root, "samples", relative);

    public static string[] SampleLines(string relative) =>
        File.ReadAllLines(Samples(relative)).Where(l => l.Trim().Length > 0).ToArray();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tool.sln"))) return dir.FullName;
        throw new InvalidOperationException("Tool.sln not found above " + AppContext.BaseDirectory);
    }
}
