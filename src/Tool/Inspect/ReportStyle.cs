namespace TraceCurate.Inspect;

/// <summary>
/// The report's whole stylesheet, inlined (no fonts or files to fetch). Colours are CSS variables so that one set of
/// charts reads in light mode, dark mode (<c>prefers-color-scheme</c>) and print (<c>@media print</c>: black on white,
/// no chart split across pages). The series colours differ in lightness as well as hue, for readers who do not see hue.
/// </summary>
internal static class ReportStyle
{
    public const string Css = """
        :root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --card: #f6f8fa;
          --ok: #2f6fdf; --failed: #cf222e; --interrupted: #bf8700; --recovered: #1a7f37; --user: #8250df; --system: #e16f24;
          --input: #2f6fdf; --output: #8250df; --cacheread: #0a9396; --cachewrite: #bf8700; --p95: #a5c4f5; --p50: #2f6fdf; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --card: #151b23;
            --ok: #4c8dff; --failed: #ff6b6b; --interrupted: #e3b341; --recovered: #3fb950; --user: #b392f0; --system: #ffa657;
            --input: #4c8dff; --output: #b392f0; --cacheread: #39c5cf; --cachewrite: #e3b341; --p95: #27456f; --p50: #4c8dff; }
        }
        * { box-sizing: border-box; }
        body { margin: 0 auto; max-width: 1000px; padding: 24px; background: var(--bg); color: var(--fg);
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
        h1 { font-size: 1.6em; margin: 0 0 4px; } h2 { font-size: 1.25em; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
        h3 { font-size: 1em; margin: 16px 0 4px; } p.meta, p.empty { color: var(--muted); margin: 4px 0; }
        dl.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 8px; margin: 16px 0; }
        dl.cards div { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; }
        dl.cards dt { color: var(--muted); font-size: 0.85em; } dl.cards dd { margin: 0; font-size: 1.3em; font-weight: 600; }
        figure { margin: 8px 0 16px; break-inside: avoid; } figcaption { font-weight: 600; margin-bottom: 4px; }
        svg.chart { display: block; max-width: 100%; height: auto; font-size: 12px; }
        svg text { fill: var(--fg); } svg text.note { fill: var(--muted); } svg line.axis { stroke: var(--line); }
        .s-ok { fill: var(--ok); } .s-failed { fill: var(--failed); } .s-interrupted { fill: var(--interrupted); }
        .s-recovered { fill: var(--recovered); } .s-user { fill: var(--user); } .s-system { fill: var(--system); }
        .s-input { fill: var(--input); } .s-output { fill: var(--output); } .s-cacheread { fill: var(--cacheread); }
        .s-cachewrite { fill: var(--cachewrite); } .s-p95 { fill: var(--p95); } .s-p50 { fill: var(--p50); }
        table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 0.9em; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: right; white-space: nowrap; }
        th:first-child, td:first-child { text-align: left; white-space: normal; word-break: break-all; }
        th { color: var(--muted); font-weight: 600; }
        @media print {
          :root { --bg: #ffffff; --fg: #000000; --muted: #444444; --line: #bbbbbb; --card: #ffffff; }
          body { max-width: none; padding: 0; font-size: 11pt; } h2 { break-after: avoid; } table, figure { break-inside: avoid; }
        }
        """;
}
