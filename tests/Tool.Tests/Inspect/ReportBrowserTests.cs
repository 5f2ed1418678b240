using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Inspect;

/// <summary>
/// Renders the report in headless Chromium (Debian's <c>chromium</c>, installed by .ci/run) and checks that the charts
/// are drawn: the rendered DOM has every bar laid out with a size, and the screenshot shows the bar colours.
/// </summary>
public sealed class ReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static string Browse(string dir, string page, params string[] mode)
    {
        var start = new ProcessStartInfo(Chromium)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync",
                     $"--user-data-dir={Path.Combine(dir, "profile-" + Guid.NewGuid().ToString("N"))}", "--window-size=1200,2400" })
            start.ArgumentList.Add(arg);
        foreach (var arg in mode) start.ArgumentList.Add(arg);
        start.ArgumentList.Add(new Uri(page).AbsoluteUri);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(120_000), "chromium did not finish in 2 minutes");
        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {stderr.Result}");
        return stdout;
    }

    [RequiresFact(Chromium)] // skipped without it, failing under CI=true (.ci/run installs Debian's chromium)
    public void Chromium_lays_out_every_bar_with_a_size_matching_its_value()
    {
        var dir = InspectFixtures.TempDir();
        ReportHtmlTests.ReportAndJson(dir);
        var dom = Browse(dir, Path.Combine(dir, "report.html"), "--dump-dom");
        // data-drawn is set by the page's script from getBoundingClientRect, i.e. by the browser's own layout.
        var bars = Regex.Matches(dom, "<rect class=\"bar[^>]*?data-label=\"([^\"]*)\"[^>]*?data-value=\"([^\"]*)\"[^>]*?data-drawn=\"([0-9.]+)x([0-9.]+)\"")
            .Select(m => (Label: m.Groups[1].Value, Value: double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
                W: double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), H: double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(Regex.Matches(dom, "<rect class=\"bar").Count, bars.Count);
        Assert.True(bars.Count(b => b.Value > 0) >= 30, $"only {bars.Count(b => b.Value > 0)} drawn bars");
        Assert.All(bars.Where(b => b.Value > 0), b => Assert.True(b.W > 0 && b.H > 0, $"bar {b.Label} = {b.Value} drawn {b.W}x{b.H}"));
        Assert.All(bars.Where(b => b.Value == 0), b => Assert.True(b.W == 0 || b.H == 0, $"bar {b.Label} = 0 drawn {b.W}x{b.H}"));
        // In the tool chart python_interpreter (7 calls) is drawn longer than final_answer (6 calls).
        var usage = Regex.Match(dom, "<svg id=\"tool-usage\".*?</svg>", RegexOptions.Singleline).Value;
        double Width(string tool) => Regex.Matches(usage, $"data-label=\"{tool}\"[^>]*?data-drawn=\"([0-9.]+)x")
            .Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        Assert.True(Width("python_interpreter") > Width("final_answer"));
    }

    [RequiresFact(Chromium)]
    public void The_screenshot_shows_the_bars_in_their_colours()
    {
        var dir = InspectFixtures.TempDir();
        ReportHtmlTests.ReportAndJson(dir);
        var png = Path.Combine(dir, "shot.png");
        Browse(dir, Path.Combine(dir, "report.html"), $"--screenshot={png}");
        var (width, height, rgb) = PngPixels.Decode(File.ReadAllBytes(png));
        Assert.Equal((1200, 2400), (width, height));
        Assert.True(rgb.Distinct().Count() > 50, "the screenshot is nearly blank");
        // The light theme's bar colours (--ok #2f6fdf, --failed #cf222e): whole bars, not a few anti-aliased pixels.
        Assert.True(rgb.Count(p => p == 0x2f6fdf) > 20_000, "few 'succeeded' bar pixels");
        Assert.True(rgb.Count(p => p == 0xcf222e) > 5_000, "few 'failed' bar pixels");
    }
}
