using System.Globalization;
using System.Net;
using System.Text;

namespace TraceCurate.Inspect;

/// <summary>One bar of a bar chart: a label, one or more segments, and a note printed after it.</summary>
public sealed record Bar(string Label, IReadOnlyList<Segment> Segments, string Note);

/// <summary>A part of a bar. <see cref="Series"/> names its colour (a CSS class <c>s-NAME</c>) and its legend entry.</summary>
public sealed record Segment(string Series, double Value);

/// <summary>
/// Charts as inline SVG, one <c>&lt;svg&gt;</c> per chart, styled by the page's CSS (so they follow light and dark mode).
/// Every bar is a <c>rect</c> carrying <c>data-label</c>, <c>data-series</c> and <c>data-value</c> (the exact figure), and
/// a <c>title</c> a browser shows on hover. A bar whose value is not 0 is at least one unit wide, so it is never lost.
/// </summary>
public static class SvgCharts
{
    private const int Width = 760;
    private const int LabelWidth = 190;
    private const int NoteWidth = 150;
    private const int Row = 24;
    private const int BarHeight = 16;
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>
    /// Horizontal bars, one row per bar. Stacked: segments follow each other. Overlaid: each segment starts at 0 and is
    /// drawn in order, so give the largest first (p95 then p50).
    /// </summary>
    public static string Bars(string id, string title, IReadOnlyList<Bar> bars, IReadOnlyList<(string Series, string Name)> legend, bool stacked = true)
    {
        var plot = Width - LabelWidth - NoteWidth;
        var max = bars.Select(b => stacked ? b.Segments.Sum(s => s.Value) : b.Segments.Select(s => s.Value).DefaultIfEmpty(0).Max()).DefaultIfEmpty(0).Max();
        var legendHeight = legend.Count > 1 ? Row : 0;
        var height = legendHeight + bars.Count * Row + 8;
        var svg = Open(id, title, height);
        if (legend.Count > 1) Legend(svg, legend, LabelWidth);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = legendHeight + i * Row + 4;
            svg.Append(C, $"<text class=\"label\" x=\"{LabelWidth - 8}\" y=\"{y + BarHeight - 3}\" text-anchor=\"end\">{Text(Clip(bar.Label, 28))}</text>");
            double x = LabelWidth;
            foreach (var segment in bar.Segments)
            {
                var w = Scale(segment.Value, max, plot);
                var start = stacked ? x : LabelWidth;
                svg.Append(C, $"<rect class=\"bar s-{segment.Series}\" x=\"{start:0.##}\" y=\"{y}\" width=\"{w:0.##}\" height=\"{BarHeight}\" ");
                svg.Append(C, $"data-label=\"{Attr(bar.Label)}\" data-series=\"{segment.Series}\" data-value=\"{segment.Value.ToString("R", C)}\">");
                svg.Append(C, $"<title>{Text(bar.Label)}: {Text(Name(legend, segment.Series))} {segment.Value.ToString("0.####", C)}</title></rect>");
                if (stacked) x += w;
            }
            var end = stacked ? x : LabelWidth + bar.Segments.Select(s => Scale(s.Value, max, plot)).DefaultIfEmpty(0).Max();
            svg.Append(C, $"<text class=\"note\" x=\"{end + 6:0.##}\" y=\"{y + BarHeight - 3}\">{Text(bar.Note)}</text>");
        }
        return Close(svg);
    }

    /// <summary>
    /// A histogram of <paramref name="values"/>: ⌈√n⌉ equal-width bins (at most 20) from the smallest to the largest
    /// value, each bin [low, high) but the last, which includes the largest value. One bin when all values are equal.
    /// </summary>
    public static string Histogram(string id, string title, Distribution values, Func<double, string> format, string series = "ok")
    {
        var bins = HistogramBins(values);
        const int plotHeight = 150, top = 10, left = 50, bottom = 40;
        var plot = Width - left - 20;
        var height = top + plotHeight + bottom;
        var svg = Open(id, title, height);
        var max = bins.Select(b => b.Count).DefaultIfEmpty(0).Max();
        svg.Append(C, $"<line class=\"axis\" x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{left + plot}\" y2=\"{top + plotHeight}\"/>");
        svg.Append(C, $"<text class=\"note\" x=\"{left - 6}\" y=\"{top + 10}\" text-anchor=\"end\">{max}</text>");
        svg.Append(C, $"<text class=\"note\" x=\"{left - 6}\" y=\"{top + plotHeight}\" text-anchor=\"end\">0</text>");
        var slot = bins.Count == 0 ? plot : (double)plot / bins.Count;
        for (var i = 0; i < bins.Count; i++)
        {
            var (low, high, count) = bins[i];
            var h = Scale(count, max, plotHeight);
            var x = left + i * slot;
            var label = $"{format(low)} to {format(high)}";
            svg.Append(C, $"<rect class=\"bar s-{series}\" x=\"{x + 1:0.##}\" y=\"{top + plotHeight - h:0.##}\" width=\"{Math.Max(slot - 2, 1):0.##}\" height=\"{h:0.##}\" ");
            svg.Append(C, $"data-label=\"{Attr(label)}\" data-series=\"{series}\" data-value=\"{count}\"><title>{Text(label)}: {count}</title></rect>");
        }
        if (bins.Count > 0)
        {
            svg.Append(C, $"<text class=\"note\" x=\"{left}\" y=\"{top + plotHeight + 16}\">{Text(format(bins[0].Low))}</text>");
            svg.Append(C, $"<text class=\"note\" x=\"{left + plot}\" y=\"{top + plotHeight + 16}\" text-anchor=\"end\">{Text(format(bins[^1].High))}</text>");
            svg.Append(C, $"<text class=\"note\" x=\"{left + plot / 2}\" y=\"{top + plotHeight + 32}\" text-anchor=\"middle\">{values.Count} value(s), {bins.Count} bin(s)</text>");
        }
        return Close(svg);
    }

    public static IReadOnlyList<(double Low, double High, int Count)> HistogramBins(Distribution values)
    {
        if (values.Count == 0) return [];
        var min = values.Min!.Value;
        var max = values.Max!.Value;
        var n = max == min ? 1 : Math.Min(20, (int)Math.Ceiling(Math.Sqrt(values.Count)));
        var counts = new int[n];
        var width = (max - min) / n;
        foreach (var v in values.Sorted)
        {
            var i = width == 0 ? 0 : (int)Math.Floor((v - min) / width);
            counts[Math.Clamp(i, 0, n - 1)]++;
        }
        return Enumerable.Range(0, n).Select(i => (min + i * width, i == n - 1 ? max : min + (i + 1) * width, counts[i])).ToList();
    }

    private static double Scale(double value, double max, double length) =>
        value <= 0 || max <= 0 ? 0 : Math.Max(1, value / max * length);

    private static StringBuilder Open(string id, string title, int height) => new StringBuilder()
        .Append(C, $"<svg id=\"{Attr(id)}\" class=\"chart\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{Attr(title)}\">");

    private static string Close(StringBuilder svg) => svg.Append("</svg>").ToString();

    private static void Legend(StringBuilder svg, IReadOnlyList<(string Series, string Name)> legend, int x)
    {
        foreach (var (series, name) in legend)
        {
            svg.Append(C, $"<rect class=\"key s-{series}\" x=\"{x}\" y=\"4\" width=\"12\" height=\"12\"/>");
            svg.Append(C, $"<text class=\"note\" x=\"{x + 16}\" y=\"14\">{Text(name)}</text>");
            x += 24 + name.Length * 7;
        }
    }

    private static string Name(IReadOnlyList<(string Series, string Name)> legend, string series) =>
        legend.FirstOrDefault(l => l.Series == series).Name ?? series;

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    internal static string Text(string text) => WebUtility.HtmlEncode(text);

    internal static string Attr(string text) => WebUtility.HtmlEncode(text);
}
