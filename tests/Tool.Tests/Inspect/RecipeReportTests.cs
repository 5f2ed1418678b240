using System.Text.Json;

namespace TraceCurate.Tests.Inspect;

public sealed class RecipeReportTests
{
    private static string Recipe(string dir, string report)
    {
        var samples = InspectFixtures.Samples.Replace('\\', '/');
        var path = Path.Combine(dir, "recipe.yaml");
        File.WriteAllText(path, $"""
            name: reported
            inputs: ['{samples}/*.jsonl']
            steps:
              - where: t.Actions.Any(a => a.Failed)
            outputs:
              - path: kept.jsonl
                format: original
            {report}
            """);
        return path;
    }

    [Fact]
    public void A_recipe_report_describes_the_kept_traces_and_is_listed_in_the_manifest()
    {
        var dir = InspectFixtures.TempDir();
        var recipe = Recipe(dir, "report: {path: report.html, by: model}");
        var run = InspectFixtures.Cli("run", recipe, "-o", Path.Combine(dir, "out"), "--no-cache");
        Assert.True(run.Code == 0, run.Err);
        var kept = File.ReadAllLines(Path.Combine(dir, "out", "kept.jsonl")).Length;
        var html = File.ReadAllText(Path.Combine(dir, "out", "report.html"));
        var traces = ReportHtmlTests.Bars(html, "trace-funnel").Single(b => b.Label == "traces").Value;
        Assert.Equal(kept, traces);
        Assert.Equal(kept, ReportHtmlTests.Bars(html, "by-traces").Sum(b => b.Value));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "out", "manifest.json")));
        var entry = manifest.RootElement.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("path").GetString() == "report.html");
        Assert.Equal("report", entry.GetProperty("format").GetString());
        Assert.Equal(kept, entry.GetProperty("records").GetInt32());
        Assert.Empty(Directory.GetDirectories(Path.Combine(dir, "out"))); // no staging folder left behind
    }

    [Fact]
    public void A_report_path_outside_the_output_folder_is_an_error_at_its_line()
    {
        var dir = InspectFixtures.TempDir();
        var check = InspectFixtures.Cli("check", Recipe(dir, "report: ../report.html"), "--no-cache");
        Assert.Equal(1, check.Code);
        Assert.Contains("recipe.yaml(8,9): error TC0002", check.Err);
    }

    [Fact]
    public void A_report_with_an_unknown_by_key_is_an_error()
    {
        var dir = InspectFixtures.TempDir();
        var check = InspectFixtures.Cli("check", Recipe(dir, "report: {path: r.html, by: colour}"), "--no-cache");
        Assert.Equal(1, check.Code);
        Assert.Contains("TC0002", check.Err);
        Assert.Contains("colour", check.Err);
    }
}
