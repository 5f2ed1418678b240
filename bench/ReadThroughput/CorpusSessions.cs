using System.Diagnostics;
using System.Globalization;
using TraceCurate.Formats;

namespace TraceCurate.Bench;

/// <summary>
/// Read throughput on real session files: every top-level file of the shared corpus's <c>claude-code</c>, <c>codex</c>,
/// <c>pi</c> and <c>gemini-cli</c> folders (opencode's three fixture files are too small to time), read (Split + Parse, one thread) over and over until about <c>SIZE_MB</c> megabytes per format
/// have gone through the reader. Real files have the shapes generated ones miss (compaction, sub-agents, streamed
/// assistant lines, damaged lines), so this is the figure that shows whether fidelity work cost speed.
/// </summary>
internal static class CorpusSessions
{
    private static readonly string[] Formats = ["claude-code", "codex", "pi", "gemini-cli"];

    /// <param name="skip">File names left out, so that a build that refuses a file can be compared with one that reads it.</param>
    public static int Run(string corpus, double sizeMb, IReadOnlySet<string> skip)
    {
        var c = CultureInfo.InvariantCulture;
        var target = (long)(sizeMb * 1_000_000);
        Console.WriteLine(string.Create(c, $"{"format",-15} {"files",6} {"MB read",9} {"traces",8} {"actions",9} {"MB/s",8}"));
        foreach (var format in Formats)
        {
            var folder = Path.Combine(corpus, format);
            if (!Directory.Exists(folder)) continue;
            var reader = FormatRegistry.Find(format)!;
            var files = Directory.GetFiles(folder).Where(f => (f.EndsWith(".jsonl", StringComparison.Ordinal) || format == "gemini-cli" && f.EndsWith(".json", StringComparison.Ordinal)) && !skip.Contains(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList();
            var best = double.MaxValue;
            (long Bytes, long Traces, long Actions) counts = default;
            for (var run = 0; run < 3; run++)
            {
                var clock = Stopwatch.StartNew();
                counts = default;
                while (counts.Bytes < target)
                {
                    foreach (var path in files)
                    {
                        var (traces, actions) = ReaderPass.ReadAll(path, reader);
                        counts = (counts.Bytes + new FileInfo(path).Length, counts.Traces + traces, counts.Actions + actions);
                    }
                }
                best = Math.Min(best, clock.Elapsed.TotalSeconds);
            }
            Console.WriteLine(string.Create(c,
                $"{format,-15} {files.Count,6} {counts.Bytes / 1e6,9:F1} {counts.Traces,8:N0} {counts.Actions,9:N0} {counts.Bytes / 1e6 / best,8:F1}"));
        }
        return 0;
    }
}
