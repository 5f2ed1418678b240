using System.Text.Json;
using System.Text.RegularExpressions;

namespace TraceCurate.Tests.Inspect;

public sealed class ReportHtmlTests
{
    internal static (string Html, JsonElement Json) ReportAndJson(string dir)
    {
        var path = Path.Combine(dir, "report.html");
        var report = InspectFixtures.Cli("report", InspectFixtures.Samples, "-o", path, "--by", "model");
        Assert.True(report.Code == 0, report.Err);
        var json = InspectFixtures.Cli("inspect", InspectFixtures.Samples, "--json", "--by", "model");
        return (File.ReadAllText(path), JsonDocument.Parse(json.Out).RootElement.Clone());
    }

    /// <summary>The rect elements of one chart: (label, series, value), read with a regex, not with the tool's own code.</summary>
    internal static List<(string Label, string Series, double Value)> Bars(string html, string chartId)
    {
        var svg = Regex.Match(html, $"<svg id=\"{chartId}\".*?</svg>", RegexOptions.Singleline);
        Assert.True(svg.Success, $"no chart {chartId}");
        return Regex.Matches(svg.Value, "<rect class=\"bar[^>]*data-label=\"([^\"]*)\" data-series=\"([^\"]*)\" data-value=\"([^\"]*)\"")
            .Select(m => (System.Net.WebUtility.HtmlDecode(m.Groups[1].Value), m.Groups[2].Value,
                double.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
    }

    [Fact]
    public void Each_chart_is_one_svg_in_its_own_figure()
    {
        var (html, _) = ReportAndJson(InspectFixtures.TempDir());
        var figures = Regex.Matches(html, "<figure>.*?</figure>", RegexOptions.Singleline);
        Assert.True(figures.Count >= 10, $"only {figures.Count} charts");
        Assert.All(figures, f => Assert.Single(Regex.Matches(f.Value, "<svg ")));
        Assert.Equal(figures.Count, Regex.Matches(html, "<svg ").Count);
        foreach (var id in new[] { "tool-usage", "tool-failure-rate", "recovery-funnel", "tokens-per-trace", "trace-duration", "tool-duration", "tool-cpu", "peak-rss", "by-traces", "by-failure-rate" })
            Assert.Contains($"<svg id=\"{id}\"", html);
    }

    [Fact]
    public void The_report_fetches_nothing()
    {
        var (html, _) = ReportAndJson(InspectFixtures.TempDir());
        Assert.DoesNotMatch(new Regex("(src|href)\\s*=\\s*[\"']?\\s*(https?:)?//", RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("@import", html);
        Assert.DoesNotMatch("<script[^>]*src", html);
        Assert.Contains("prefers-color-scheme: dark", html);
        Assert.Contains("@media print", html);
    }

    [Fact]
    public void Tool_bars_show_the_calls_and_failures_of_inspect_json()
    {
        var (html, json) = ReportAndJson(InspectFixtures.TempDir());
        var bars = Bars(html, "tool-usage");
        foreach (var tool in json.GetProperty("by_tool").EnumerateObject())
        {
            var mine = bars.Where(b => b.Label == tool.Name).ToList();
            Assert.Equal(tool.Value.GetProperty("calls").GetDouble(), mine.Sum(b => b.Value));
            Assert.Equal(tool.Value.GetProperty("failed").GetDouble(), mine.Single(b => b.Series == "failed").Value);
        }
        Assert.Equal(json.GetProperty("by_tool").EnumerateObject().Count(), bars.Select(b => b.Label).Distinct().Count());
    }

    [Fact]
    public void Funnel_and_comparison_bars_show_the_figures_of_inspect_json()
    {
        var (html, json) = ReportAndJson(InspectFixtures.TempDir());
        var funnel = Bars(html, "recovery-funnel").ToDictionary(b => b.Label, b => b.Value);
        Assert.Equal(json.GetProperty("actions").GetDouble(), funnel["actions"]);
        Assert.Equal(json.GetProperty("failed_actions").GetDouble(), funnel["failed actions"]);
        Assert.Equal(json.GetProperty("error_recoveries").GetDouble(), funnel["recovered later"]);
        var byTraces = Bars(html, "by-traces").ToDictionary(b => b.Label, b => b.Value);
        foreach (var group in json.GetProperty("groups").EnumerateArray())
            Assert.Equal(group.GetProperty("traces").GetDouble(), byTraces[group.GetProperty("key").GetString()!]);
        var histogram = Bars(html, "trace-duration");
        Assert.Equal(json.GetProperty("trace_duration_ms").GetProperty("count").GetDouble(), histogram.Sum(b => b.Value));
    }

    [Fact]
    public void The_same_traces_give_the_same_report_bytes()
    {
        var a = ReportAndJson(InspectFixtures.TempDir()).Html;
        var b = ReportAndJson(InspectFixtures.TempDir()).Html;
        Assert.Equal(a, b);
    }

    [Fact]
    public void Report_without_out_is_a_usage_error()
    {
        Assert.Equal(2, InspectFixtures.Cli("report", InspectFixtures.Samples).Code);
    }
}
