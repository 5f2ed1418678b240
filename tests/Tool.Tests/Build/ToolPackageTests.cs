using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace TraceCurate.Tests.Build;

/// <summary>
/// The packages `dotnet pack src/Tool` writes (docs/install.md): a pointer package, a linux-x64 package whose assemblies
/// carry ReadyToRun code for linux-x64, and an IL-only `any` package for every other platform. The runtime refuses a
/// ReadyToRun image built for another OS or architecture (BadImageFormatException), so native code in `any` would break
/// the tool everywhere but linux-x64.
/// </summary>
[Collection(nameof(PackedFeedCollection))]
public sealed class ToolPackageTests(PackedFeedFixture feed)
{
    /// <summary>IMAGE_FILE_MACHINE_AMD64 XOR the Linux marker crossgen2 writes into a ReadyToRun image for linux-x64.</summary>
    private const Machine LinuxX64ReadyToRun = (Machine)(0x8664 ^ 0x7B79);

    /// <summary>"RTR": the signature at the start of a READYTORUN_HEADER.</summary>
    private const uint ReadyToRunSignature = 0x00525452;

    [Fact]
    public void The_tool_package_points_to_a_linux_x64_package_and_an_any_fallback_and_carries_no_assembly()
    {
        using var pointer = Open("TraceCurate");
        var settings = Settings(pointer, "tools/any/any/DotnetToolSettings.xml");

        var packages = settings.Descendants("RuntimeIdentifierPackage")
            .Select(p => ((string?)p.Attribute("RuntimeIdentifier"), (string?)p.Attribute("Id"))).ToList();
        Assert.Equal([("linux-x64", "TraceCurate.linux-x64"), ("any", "TraceCurate.any")], packages);
        Assert.DoesNotContain(pointer.Entries, e => e.FullName.EndsWith(".dll", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("linux-x64")]
    [InlineData("any")]
    public void Both_packages_run_TraceCurate_dll_with_dotnet(string rid)
    {
        using var package = Open($"TraceCurate.{rid}");
        var command = Assert.Single(Settings(package, $"tools/net10.0/{rid}/DotnetToolSettings.xml").Descendants("Command"));

        Assert.Equal("dotnet-trace-curate", (string?)command.Attribute("Name"));
        Assert.Equal("TraceCurate.dll", (string?)command.Attribute("EntryPoint"));
        Assert.Equal("dotnet", (string?)command.Attribute("Runner"));
    }

    [Fact]
    public void Every_assembly_of_the_linux_x64_package_carries_ReadyToRun_code_for_linux_x64()
    {
        using var package = Open("TraceCurate.linux-x64");
        var assemblies = Assemblies(package, "linux-x64");

        Assert.Contains("Microsoft.CodeAnalysis.CSharp.dll", assemblies.Keys);
        foreach (var (name, image) in assemblies)
        {
            using var pe = new PEReader(new MemoryStream(image));
            Assert.True(HasReadyToRunHeader(pe), $"{name} has no ReadyToRun header");
            Assert.True(pe.PEHeaders.CoffHeader.Machine == LinuxX64ReadyToRun, $"{name} is not compiled for linux-x64");
        }
    }

    [Fact]
    public void The_any_package_holds_the_same_assemblies_as_IL_only()
    {
        using var any = Open("TraceCurate.any");
        using var linux = Open("TraceCurate.linux-x64");
        var assemblies = Assemblies(any, "any");

        Assert.Equal(Assemblies(linux, "linux-x64").Keys.Order(StringComparer.Ordinal), assemblies.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, image) in assemblies)
        {
            using var pe = new PEReader(new MemoryStream(image));
            Assert.False(HasReadyToRunHeader(pe), $"{name} carries ReadyToRun code");
            Assert.True(pe.PEHeaders.CorHeader!.Flags.HasFlag(CorFlags.ILOnly), $"{name} is not IL-only");
        }
    }

    private ZipArchive Open(string id) => ZipFile.OpenRead(Path.Combine(feed.Feed, $"{id}.0.1.0.nupkg"));

    private static XDocument Settings(ZipArchive package, string path)
    {
        using var stream = (package.GetEntry(path) ?? throw new InvalidOperationException($"{path} is missing")).Open();
        return XDocument.Load(stream);
    }

    private static Dictionary<string, byte[]> Assemblies(ZipArchive package, string rid) =>
        package.Entries
            .Where(e => e.FullName.StartsWith($"tools/net10.0/{rid}/", StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal))
            .ToDictionary(e => e.Name, e =>
            {
                using var stream = e.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            });

    private static bool HasReadyToRunHeader(PEReader pe)
    {
        var directory = pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory;
        return directory.Size > 0 && pe.GetSectionData(directory.RelativeVirtualAddress).GetReader().ReadUInt32() == ReadyToRunSignature;
    }
}
