using System.IO.Compression;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;

namespace TraceCurate.Tests.Build;

/// <summary>
/// The packages `dotnet pack src/Tool` writes (docs/install.md): a pointer package, a self-contained linux-x64 package
/// whose assemblies (the runtime's included) share one composite ReadyToRun image for linux-x64, and an IL-only,
/// framework-dependent `any` package for every other platform. The runtime refuses a ReadyToRun image built for another
/// OS or architecture (BadImageFormatException), so native code in `any` would break the tool everywhere but linux-x64.
/// </summary>
[Collection(nameof(PackedFeedCollection))]
[Trait("Category", PackedFeedFixture.Category)]
public sealed class ToolPackageTests(PackedFeedFixture feed)
{
    /// <summary>IMAGE_FILE_MACHINE_AMD64 XOR the Linux marker crossgen2 writes into a ReadyToRun image for linux-x64.</summary>
    private const Machine LinuxX64ReadyToRun = (Machine)(0x8664 ^ 0x7B79);

    /// <summary>"RTR": the signature at the start of a READYTORUN_HEADER.</summary>
    private const uint ReadyToRunSignature = 0x00525452;

    /// <summary>READYTORUN_FLAG_COMPONENT: the assembly's native code lives in a composite image (dotnet/runtime, readytorun.h).</summary>
    private const uint ReadyToRunFlagComponent = 0x20;

    /// <summary>READYTORUN_FLAG_MULTIMODULE_VERSION_BUBBLE: set on a composite image, whose assemblies share one version bubble.</summary>
    private const uint ReadyToRunFlagComposite = 0x40;

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

    [Fact]
    public void The_linux_x64_package_runs_its_own_executable_and_the_any_package_runs_TraceCurate_dll_with_dotnet()
    {
        using var linux = Open("TraceCurate.linux-x64");
        using var any = Open("TraceCurate.any");

        Assert.Equal(("dotnet-trace-curate", "TraceCurate", "executable"), Command(linux, "tools/any/linux-x64"));
        Assert.Equal(("dotnet-trace-curate", "TraceCurate.dll", "dotnet"), Command(any, "tools/net10.0/any"));
    }

    [Fact]
    public void The_linux_x64_package_carries_its_own_runtime()
    {
        using var package = Open("TraceCurate.linux-x64");
        var files = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);

        foreach (var file in new[] { "TraceCurate", "libcoreclr.so", "libclrjit.so", "System.Private.CoreLib.dll", "System.Runtime.dll" })
            Assert.Contains($"tools/any/linux-x64/{file}", files);
        // The snippets compile against the assemblies the tool runs on (MetadataReferences): those must be in the package.
        Assert.Contains("tools/any/linux-x64/System.Linq.dll", files);
    }

    [Fact]
    public void Tiered_compilation_is_off_in_the_precompiled_linux_x64_package_only()
    {
        using var linux = Open("TraceCurate.linux-x64");
        using var any = Open("TraceCurate.any");

        Assert.Equal("False", RuntimeOption(linux, "tools/any/linux-x64", "System.Runtime.TieredCompilation"));
        Assert.Null(RuntimeOption(any, "tools/net10.0/any", "System.Runtime.TieredCompilation"));
    }

    [Theory]
    [InlineData("TraceCurate.linux-x64", "tools/any/linux-x64")]
    [InlineData("TraceCurate.any", "tools/net10.0/any")]
    public void Both_packages_collect_garbage_on_the_workstation_GC_with_gen0s_budget_capped_at_32_MB(string id, string folder)
    {
        using var package = Open(id);

        Assert.Equal("False", RuntimeOption(package, folder, "System.GC.Server"));
        Assert.Equal("False", RuntimeOption(package, folder, "System.GC.Concurrent"));
        // Read by the runtime as decimal bytes (bench/README.md, "GC setting"): 32 MiB.
        Assert.Equal("33554432", RuntimeOption(package, folder, "System.GC.Gen0MaxBudget"));
        Assert.Null(RuntimeOption(package, folder, "System.GC.HeapCount"));
    }

    [Theory]
    [InlineData("TraceCurate.linux-x64", "tools/any/linux-x64")]
    [InlineData("TraceCurate.any", "tools/net10.0/any")]
    public void Both_packages_leave_EventSource_out(string id, string folder)
    {
        using var package = Open(id);

        // Set up at every start for events nobody listens to in a command-line run (Tool.csproj, docs/performance.md).
        Assert.Equal("False", RuntimeOption(package, folder, "System.Diagnostics.Tracing.EventSource.IsSupported"));
    }

    [Fact]
    public void Every_assembly_of_the_linux_x64_package_is_a_component_of_one_composite_ReadyToRun_image_for_linux_x64()
    {
        using var package = Open("TraceCurate.linux-x64");
        var assemblies = Assemblies(package, "tools/any/linux-x64/");

        var composite = assemblies["TraceCurate.r2r.dll"];
        using (var pe = new PEReader(new MemoryStream(composite)))
        {
            Assert.True(pe.PEHeaders.CoffHeader.Machine == LinuxX64ReadyToRun, "the composite image is not compiled for linux-x64");
            var flags = ReadyToRunFlags(pe) ?? 0;
            Assert.Equal((ReadyToRunFlagComposite, 0u), (flags & ReadyToRunFlagComposite, flags & ReadyToRunFlagComponent));
        }
        Assert.Contains("Microsoft.CodeAnalysis.CSharp.dll", assemblies.Keys);
        Assert.Contains("System.Private.CoreLib.dll", assemblies.Keys);
        foreach (var (name, image) in assemblies.Where(a => a.Key != "TraceCurate.r2r.dll"))
        {
            using var pe = new PEReader(new MemoryStream(image));
            Assert.True(pe.PEHeaders.CoffHeader.Machine == LinuxX64ReadyToRun, $"{name} is not compiled for linux-x64");
            Assert.True((ReadyToRunFlags(pe) & ReadyToRunFlagComponent) != 0, $"{name} is not a component of the composite image");
        }
    }

    [Fact]
    public void The_any_package_holds_the_tools_own_assemblies_as_IL_only_and_the_linux_x64_package_holds_them_too()
    {
        using var any = Open("TraceCurate.any");
        using var linux = Open("TraceCurate.linux-x64");
        var assemblies = Assemblies(any, "tools/net10.0/any/");

        Assert.Contains("TraceCurate.dll", assemblies.Keys);
        Assert.DoesNotContain("System.Private.CoreLib.dll", assemblies.Keys);
        Assert.Subset(Assemblies(linux, "tools/any/linux-x64/").Keys.ToHashSet(StringComparer.Ordinal), assemblies.Keys.ToHashSet(StringComparer.Ordinal));
        foreach (var (name, image) in assemblies)
        {
            using var pe = new PEReader(new MemoryStream(image));
            Assert.True(ReadyToRunFlags(pe) is null, $"{name} carries ReadyToRun code");
            Assert.True(pe.PEHeaders.CorHeader!.Flags.HasFlag(CorFlags.ILOnly), $"{name} is not IL-only");
        }
    }

    /// <summary>A configProperties value of the package's TraceCurate.runtimeconfig.json, as text; null when absent.</summary>
    private static string? RuntimeOption(ZipArchive package, string folder, string name)
    {
        var entry = package.GetEntry($"{folder}/TraceCurate.runtimeconfig.json") ?? throw new InvalidOperationException($"{folder} has no runtimeconfig.json");
        using var stream = entry.Open();
        using var config = System.Text.Json.JsonDocument.Parse(stream);
        return config.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties)
            && properties.TryGetProperty(name, out var value) ? value.ToString() : null;
    }

    private static (string?, string?, string?) Command(ZipArchive package, string folder)
    {
        var command = Assert.Single(Settings(package, $"{folder}/DotnetToolSettings.xml").Descendants("Command"));
        return ((string?)command.Attribute("Name"), (string?)command.Attribute("EntryPoint"), (string?)command.Attribute("Runner"));
    }

    private ZipArchive Open(string id) => ZipFile.OpenRead(Path.Combine(feed.Feed, $"{id}.0.1.0.nupkg"));

    private static XDocument Settings(ZipArchive package, string path)
    {
        using var stream = (package.GetEntry(path) ?? throw new InvalidOperationException($"{path} is missing")).Open();
        return XDocument.Load(stream);
    }

    private static Dictionary<string, byte[]> Assemblies(ZipArchive package, string folder) =>
        package.Entries
            .Where(e => e.FullName.StartsWith(folder, StringComparison.Ordinal) && e.Name.EndsWith(".dll", StringComparison.Ordinal))
            .ToDictionary(e => e.Name, e =>
            {
                using var stream = e.Open();
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                return copy.ToArray();
            });

    /// <summary>The flags of the image's READYTORUN_HEADER, or null when it has none (IL only).</summary>
    private static uint? ReadyToRunFlags(PEReader pe)
    {
        var directory = pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory;
        if (directory.Size == 0) return null;
        var header = pe.GetSectionData(directory.RelativeVirtualAddress).GetReader();
        if (header.ReadUInt32() != ReadyToRunSignature) return null;
        header.ReadUInt16(); // major version
        header.ReadUInt16(); // minor version
        return header.ReadUInt32();
    }
}
