using System.Globalization;
using TraceCurate.Manifests;
using TraceCurate.Pipeline;
using TraceCurate.Reading;

namespace TraceCurate.Cli;

/// <summary>The funnel, outputs, time and throughput of a run, as a small table on stderr.</summary>
internal static class RunSummary
{
    public static void Print(RunResult result, TextWriter log)
    {
        var c = CultureInfo.InvariantCulture;
        var bytes = result.Inputs.Sum(i => i.BytesRead);
        var seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-6);
        log.WriteLine(string.Create(c,
            $"read {result.TracesRead:N0} traces from {result.Inputs.Count} file(s), {bytes / 1e6:F1} MB{(result.LimitReached ? " (stopped at --limit)" : "")}; kept {result.TracesKept:N0}"));
        if (result.SkippedUnknown.Count > 0)
        {
            log.WriteLine(string.Create(c, $"skipped {result.SkippedUnknown.Count:N0} file(s) that no reader claims (--skip-unknown; listed in the manifest):"));
            foreach (var path in result.SkippedUnknown) log.WriteLine("  " + Diagnostics.DisplayPath.For(path));
        }
        if (result.Unsafe)
            log.WriteLine("warning: the recipe says 'unsafe: true': its snippets ran without the safety guard (docs/safety.md)");
        var skipped = result.Inputs.Sum(i => i.BadRecords);
        var truncated = result.Inputs.Sum(i => i.Truncated);
        var lines = result.Inputs.Sum(i => i.LinesSkipped);
        if (skipped + truncated > 0)
            log.WriteLine(string.Create(c, $"skipped {skipped:N0} bad record(s) and {truncated:N0} truncated last line(s)"));
        if (lines > 0)
            log.WriteLine(string.Create(c, $"skipped {lines:N0} line(s) inside session files; their sessions were kept, marked with ReadIssues"));
        // One line per input whose read report has something to say: types not understood, lines skipped or split.
        foreach (var input in result.Inputs)
            if (ReadReports.Warning(input.File, input.Read) is { } warning) log.WriteLine(warning);
        if (result.Funnel.Steps.Count > 0)
        {
            var width = Math.Max(4, result.Funnel.Steps.Max(s => s.Name.Length));
            log.WriteLine($"  {"step".PadRight(width)} {"in",10} {"kept",10} {"dropped",10}");
            for (var i = 0; i < result.Funnel.Steps.Count; i++)
            {
                var f = result.Funnel;
                log.WriteLine(string.Create(c, $"  {f.Steps[i].Name.PadRight(width)} {f.Get(i, "in"),10:N0} {f.Get(i, "kept"),10:N0} {f.Get(i, "dropped"),10:N0}"));
                foreach (var (name, value) in f.Counters(i).Skip(3))
                    log.WriteLine(string.Create(c, $"  {"",-4}{name.PadRight(width + 18)} {value,10:N0}"));
            }
        }
        foreach (var output in result.Outputs)
            log.WriteLine(string.Create(c, $"  wrote {output.Path} ({output.Format}, {output.Records:N0} records, {output.Bytes / 1e3:F1} KB{Skips(output)})"));
        if (result.Outputs.FirstOrDefault(o => o.Format == Pipeline.RedactionsFile.Format && o.Records > 0) is { } redactions)
            log.WriteLine(string.Create(c, $"redacted {redactions.Records:N0} field(s): kinds and counts per trace and field (never values) in {redactions.Path}; review it before publishing"));
        log.WriteLine(string.Create(c,
            $"done in {result.Elapsed.TotalSeconds:F2} s: {result.TracesRead / seconds:N0} traces/s, {bytes / 1e6 / seconds:F1} MB/s"));
    }

    /// <summary>
    /// "; skipped 3: no_assistant_turn 1, subagent_inlined 2" (the count alone when there is one reason), and the
    /// sub-agents that <c>subagents: inline</c> wrote on their own: every kept trace an output did not write is named.
    /// </summary>
    internal static string Skips(OutputEntry output)
    {
        var c = CultureInfo.InvariantCulture;
        var text = "";
        var total = output.Skipped.Sum(s => s.Value);
        if (total > 0)
            text = output.Skipped.Count == 1
                ? string.Create(c, $"; skipped {total:N0}: {output.Skipped[0].Key}")
                : string.Create(c, $"; skipped {total:N0}: {string.Join(", ", output.Skipped.Select(s => string.Create(c, $"{s.Key} {s.Value:N0}")))}");
        if (output.SubagentsNotInlined > 0)
            text += string.Create(c, $"; {output.SubagentsNotInlined:N0} sub-agent(s) not inlined, written as records of their own");
        return text;
    }
}
