using System.IO.Compression;
using System.Xml.Linq;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Build;

/// <summary>
/// Issue 26 §5 and §6: the local tool-manifest flow docs/ci.md and the example workflow describe works from a fresh
/// folder with the packed tool, and every package carries its licence, readme, URLs and tags.
/// </summary>
[Collection(nameof(PackedFeedCollection))]
[Trait("Category", "Packing")]
public sealed class LocalToolManifestTests(PackedFeedFixture feed)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    [Fact]
    public void A_fresh_folder_pins_restores_and_runs_the_tool_through_a_local_manifest()
    {
        using var folder = new TempFolder();
        using var home = new TempFolder();
        var environment = new Dictionary<string, string?>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["NUGET_PACKAGES"] = feed.Packages, // a private packages folder: no TraceCurate cached from an older pack
            // dotnet keeps a cache of where each local tool was restored (.dotnet/toolResolverCache under this folder).
            // The user's own cache is shared with everything else on the machine and may point at a packages folder
            // that is gone: a private one makes each phase below start from what it says it starts from.
            ["DOTNET_CLI_HOME"] = home.Path,
            ["MSBuildExtensionsPath"] = null,
            ["MSBuildSDKsPath"] = null,
            ["MSBUILD_EXE_PATH"] = null,
        };
        Processes.Result Dotnet(params string[] args)
        {
            var result = Processes.Run(PackedFeedFixture.Dotnet, args, environment, folder.Path, Limit);
            Assert.True(result.ExitCode == 0, $"dotnet {string.Join(' ', args)} exited {result.ExitCode}:\n{result.Out}\n{result.Err}");
            return result;
        }

        Dotnet("new", "tool-manifest");
        // .NET 10 writes the manifest at the root: the example workflow's paths: filter must name this file.
        Assert.True(File.Exists(folder.File("dotnet-tools.json")), "dotnet new tool-manifest wrote no dotnet-tools.json at the root");
        Dotnet("tool", "install", "--local", "TraceCurate", "--version", "0.1.0", "--add-source", feed.Feed);
        Assert.Contains("\"tracecurate\"", File.ReadAllText(folder.File("dotnet-tools.json")));

        // A clone of the dataset repository on another machine: the manifest alone and an empty packages folder, as CI has.
        using var clean = new TempFolder();
        using var otherHome = new TempFolder();
        environment["NUGET_PACKAGES"] = clean.Path;
        environment["DOTNET_CLI_HOME"] = otherHome.Path;
        Dotnet("tool", "restore", "--add-source", feed.Feed);
        Assert.True(Directory.Exists(Path.Combine(clean.Path, "tracecurate")), "dotnet tool restore put no TraceCurate package in the empty packages folder");
        Assert.Equal("trace-curate 0.1.0", Dotnet("trace-curate", "--version").Out.Trim());
        var check = Dotnet("trace-curate", "check", Path.Combine(RepoPaths.Recipes, "quickstart.yaml"), "--json");
        Assert.Contains("\"ok\": true", check.Out);
    }

    [Theory]
    [InlineData("TraceCurate")]
    [InlineData("TraceCurate.linux-x64")]
    [InlineData("TraceCurate.any")]
    [InlineData("TraceCurate.Build")]
    public void Every_package_names_its_licence_readme_project_repository_and_tags(string id)
    {
        using var package = ZipFile.OpenRead(Path.Combine(feed.Feed, $"{id}.0.1.0.nupkg"));
        var nuspecEntry = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        XDocument nuspec;
        using (var stream = nuspecEntry.Open()) nuspec = XDocument.Load(stream);
        var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;

        var license = metadata.Elements().Single(e => e.Name.LocalName == "license");
        Assert.Equal(("expression", "MIT"), ((string?)license.Attribute("type"), license.Value));
        Assert.Equal("README.md", Value("readme"));
        Assert.NotNull(package.GetEntry("README.md"));
        Assert.StartsWith("https://", Value("projectUrl"));
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        Assert.Equal("git", (string?)repository.Attribute("type"));
        Assert.StartsWith("https://", (string?)repository.Attribute("url"));
        Assert.Contains("agent-traces", Value("tags")!.Split(' '));
    }
}
