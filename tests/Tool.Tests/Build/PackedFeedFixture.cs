using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Build;

/// <summary>
/// Packs TraceCurate.Build (and the tool package beside it) once into a temporary local feed and hands out private
/// copies of <c>samples/</c> whose <c>dataset-project/</c> restores from that feed and nuget.org. Restores go to a
/// private packages folder, so a TraceCurate.Build 0.1.0 cached from an older pack can never be used.
/// </summary>
public sealed class PackedFeedFixture : IDisposable
{
    /// <summary>
    /// The trait of every test class that uses this fixture (it packs the tool, minutes): a developer leaves them out
    /// with <c>dotnet test --filter "Category!=Packing"</c>; CI (.ci/run) runs them all.
    /// </summary>
    public const string Category = "Packing";

    /// <summary>The tool's linux-x64 package compiles one composite ReadyToRun image of the runtime, Roslyn and the tool: about four minutes on two cores, longer while other tests run.</summary>
    private static readonly TimeSpan PackLimit = TimeSpan.FromMinutes(15);
    private static readonly TimeSpan BuildLimit = TimeSpan.FromMinutes(3);
    private readonly TempFolder temp = new();
    private int copies;

    public PackedFeedFixture()
    {
        Feed = temp.File("feed");
        Packages = temp.File("packages");
        // Release, as `dotnet pack` builds by default. The tool's fallback package TraceCurate.any is packed from the
        // same (RuntimeIdentifier=any) build output that the build package carries, so both hold the same TraceCurate.dll;
        // the tool is not packed with --no-build, because its linux-x64 package needs a build of its own.
        Pack("src/TraceCurate.Build");
        Pack("src/Tool");
    }

    public string Feed { get; }

    public string Packages { get; }

    public static string Dotnet => Processes.Which("dotnet") ?? "dotnet";

    /// <summary>A fresh copy of samples/ with a nuget.config in dataset-project/; returns the project folder.</summary>
    public string CopyDatasetProject()
    {
        var root = temp.File($"copy{Interlocked.Increment(ref copies)}");
        CopyTree(RepoPaths.Samples(), root);
        var project = Path.Combine(root, "dataset-project");
        File.WriteAllText(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="test-feed" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
            </configuration>
            """);
        return project;
    }

    /// <summary>Runs <c>dotnet VERB</c> in the project folder with the private packages folder and no build servers.</summary>
    public Processes.Result Run(string project, string verb, params string[] args) =>
        Processes.Run(Dotnet, [verb, "-tl:off", "-nologo", "--disable-build-servers", .. args], Environment(Packages), project, BuildLimit);

    /// <summary>The environment of a nested dotnet; <paramref name="packages"/> null keeps the user's packages folder.</summary>
    private static Dictionary<string, string?> Environment(string? packages)
    {
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["MSBUILDDISABLENODEREUSE"] = "1",
            // Set by the `dotnet test` that runs this host; a nested build must find its own SDK and MSBuild.
            ["MSBuildExtensionsPath"] = null,
            ["MSBuildSDKsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
            ["MSBuildLoadMicrosoftTargetsReadOnly"] = null,
        };
        if (packages is not null) environment["NUGET_PACKAGES"] = packages;
        return environment;
    }

    private void Pack(string project, params string[] extra)
    {
        // The user's packages folder: the tool's own dependencies (Roslyn) are restored from there, not downloaded again.
        var result = Processes.Run(Dotnet, ["pack", Path.Combine(RepoPaths.Root, project), "-c", "Release", "-o", Feed, "-nologo", "--disable-build-servers", .. extra],
            Environment(packages: null), RepoPaths.Root, PackLimit);
        if (result.ExitCode != 0) throw new InvalidOperationException($"dotnet pack {project} failed:\n{result.Out}\n{result.Err}");
    }

    /// <summary>Copies a folder's files, leaving out bin/ and obj/ of an in-place build of the sample.</summary>
    private static void CopyTree(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose() => temp.Dispose();
}

/// <summary>One pack for every class that reads the packed feed (the MSBuild integration and the tool package tests).</summary>
[CollectionDefinition(nameof(PackedFeedCollection))]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeedFixture>;
