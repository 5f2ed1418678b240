using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Architecture;

/// <summary>
/// The rooms of <c>src/Tool</c> depend one way, as the table in docs/architecture.md says: the table is parsed from the
/// page, so the page and the code cannot drift apart.
/// </summary>
public class RoomDependencyTests
{
    private static string Doc => File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "architecture.md"));

    private static IReadOnlyList<RoomFile> SourceTree()
    {
        var src = Path.Combine(RepoPaths.Root, "src", "Tool");
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(src, p).Replace('\\', '/'))
            .Where(p => p.Contains('/') && !p.StartsWith("obj/") && !p.StartsWith("bin/")) // files at the top are the entry point and ToolVersion
            .Order(StringComparer.Ordinal)
            .Select(p => new RoomFile(p[..p.IndexOf('/')], p, File.ReadAllText(Path.Combine(src, p))))
            .ToList();
    }

    [Fact]
    public void Every_room_of_the_source_is_in_the_table_and_every_row_is_a_room()
    {
        var table = RoomTable.Parse(Doc);
        var folders = SourceTree().Select(f => f.Room).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.True(folders.Count >= 10, $"expected the rooms of src/Tool, found {string.Join(", ", folders)}");
        Assert.Equal(folders, table.Keys.Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public void The_source_depends_only_as_the_table_allows()
    {
        var edges = RoomGraph.Edges(SourceTree());
        Assert.NotEmpty(edges); // the reader sees the real references (Formats uses Traces, …)
        Assert.Contains(edges, e => e is { From: "Formats", To: "Traces" });
        var violations = RoomGraph.Violations(edges, RoomTable.Parse(Doc));
        Assert.True(violations.Count == 0, "references the table in docs/architecture.md does not allow:\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_table_has_no_cycle()
    {
        var cycle = RoomGraph.Cycle(RoomTable.Parse(Doc));
        Assert.True(cycle.Count == 0, "the rooms table has a cycle: " + string.Join(" -> ", cycle));
    }

    [Fact]
    public void A_cycle_in_a_table_is_found()
    {
        var table = RoomTable.Parse("""
            | room | holds | depends on |
            |---|---|---|
            | `A/` | a | B |
            | `B/` | b | `C` |
            | `C/` | c | A |
            | `D/` | d | nothing |
            """);
        Assert.Equal(["A", "B", "C", "A"], RoomGraph.Cycle(table));
    }

    [Fact]
    public void A_depends_on_cell_that_names_no_room_is_refused()
    {
        var e = Assert.Throws<FormatException>(() => RoomTable.Parse("""
            | `A/` | a | nothing |
            | `B/` | b | A, and the registries for name checks |
            """));
        Assert.Contains("not a room", e.Message);
    }

    /// <summary>
    /// The seven references that closed the cycle before the rooms were split (Cli, Exports, Inspect, Pipeline,
    /// Recipes, Scripting), each as it was written then, in a file of its room beside the type it named.
    /// </summary>
    public static TheoryData<string, string, string, string> BackReferences => new()
    {
        { "Inspect", "Cli", "namespace TraceCurate.Inspect;\nclass InspectJob { void F() { throw new Cli.UsageException(\"give at least one INPUT\"); } }",
            "namespace TraceCurate.Cli;\npublic sealed class UsageException(string message) : Exception(message);" },
        { "Exports", "Inspect", "using TraceCurate.Inspect;\nnamespace TraceCurate.Exports;\nclass ReportWriter { string F() => HtmlReport.Render(); }",
            "namespace TraceCurate.Inspect;\npublic static class HtmlReport { public static string Render() => \"\"; }" },
        { "Exports", "Pipeline", "using TraceCurate.Pipeline.Manifests;\nnamespace TraceCurate.Exports;\nclass HfDatasetCard { string V => ManifestBuilder.ToolVersion; }",
            "namespace TraceCurate.Pipeline.Manifests;\npublic static class ManifestBuilder { public static string ToolVersion => \"\"; }" },
        { "Recipes", "Pipeline", "namespace TraceCurate.Recipes;\nclass RecipeLoader { bool F(string key) => Pipeline.StepRegistry.Find(key) is null; }",
            "namespace TraceCurate.Pipeline;\npublic static class StepRegistry { public static object? Find(string v) => null; }" },
        { "Recipes", "Exports", "namespace TraceCurate.Recipes;\nclass RecipeOutputs { bool F(string format) => Exports.ExportRegistry.Find(format) is not null; }",
            "namespace TraceCurate.Exports;\npublic static class ExportRegistry { public static object? Find(string f) => null; }" },
        { "Recipes", "Inspect", "namespace TraceCurate.Recipes;\nclass RecipeReport { bool F(string key) => Inspect.GroupKey.Parse(key) is null; }",
            "namespace TraceCurate.Inspect;\npublic sealed class GroupKey { public static GroupKey? Parse(string t) => null; }" },
        { "Scripting", "Recipes", "namespace TraceCurate.Scripting;\nclass SnippetCompiler { void Compile(IReadOnlyList<Recipes.RecipeParam>? parameters = null) { } }",
            "namespace TraceCurate.Recipes;\npublic sealed record RecipeParam(string Name, object Value);" },
    };

    [Theory]
    [MemberData(nameof(BackReferences))]
    public void Each_back_reference_of_the_old_cycle_fails_the_check(string from, string to, string code, string target)
    {
        var files = new List<RoomFile> { new(from, $"{from}/Back.cs", code), new(to, $"{to}/Target.cs", target) };
        var violations = RoomGraph.Violations(RoomGraph.Edges(files), RoomTable.Parse(Doc));
        var edge = Assert.Single(violations, v => v.From == from && v.To == to);
        Assert.Equal($"{from}/Back.cs", edge.Path);
    }

    [Fact]
    public void A_reference_through_a_sub_namespace_of_a_room_is_an_edge()
    {
        var files = new List<RoomFile>
        {
            new("Recipes", "Recipes/OutputPaths.cs", "namespace TraceCurate.Recipes;\nclass OutputPaths { string[] R = [Pipeline.Manifests.ManifestJson.FileName]; }"),
            new("Pipeline", "Pipeline/Manifests/ManifestJson.cs", "namespace TraceCurate.Pipeline.Manifests;\npublic static class ManifestJson { public const string FileName = \"m\"; }"),
        };
        Assert.Equal(["Recipes -> Pipeline"], RoomGraph.Edges(files).Select(e => $"{e.From} -> {e.To}"));
    }

    [Fact]
    public void A_room_named_in_a_comment_or_a_string_or_as_a_property_is_no_edge()
    {
        var files = new List<RoomFile>
        {
            new("Recipes", "Recipes/A.cs", """
                namespace TraceCurate.Recipes;
                /// <summary>Checked like <see cref="Exports.ExportRegistry"/> names.</summary>
                class A
                {
                    // Inspect.GroupKey used to be called here.
                    string M => "Exports.ExportRegistry";
                    int N(Recipe r) => r.Steps.Count + Steps.Count;
                    List<int> Steps = [];
                }
                """),
            new("Exports", "Exports/ExportRegistry.cs", "namespace TraceCurate.Exports;\npublic static class ExportRegistry { }"),
            new("Steps", "Steps/StepRegistry.cs", "namespace TraceCurate.Steps;\npublic static class StepRegistry { }"),
        };
        Assert.Empty(RoomGraph.Edges(files));
    }
}
