using System.Diagnostics;
using System.Globalization;
using TraceCurate.Bench;
using TraceCurate.Formats;

// Read throughput per input format, parse only (Split + Parse on one thread, no recipe, no writer).
//   dotnet run -c Release --project bench/ReadThroughput -- [SIZE_MB] [--keep DIR] [--format NAME]
//   dotnet run -c Release --project bench/ReadThroughput -- [SIZE_MB] --corpus ../shared/corpus [--skip F,…]   (real session files)
// SIZE_MB (default 50) is the size of the one generated file per format. Files are generated deterministically (no
// clock, no random seed from the environment), so two runs read the same bytes. Report: MB/s, best of 3 runs.
var c = CultureInfo.InvariantCulture;
var sizeMb = 50.0;
string? keep = null, only = null, corpus = null;
var skip = new HashSet<string>(StringComparer.Ordinal);
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--keep" && i + 1 < args.Length) keep = args[++i];
    else if (args[i] == "--format" && i + 1 < args.Length) only = args[++i];
    else if (args[i] == "--corpus" && i + 1 < args.Length) corpus = args[++i];
    else if (args[i] == "--skip" && i + 1 < args.Length) skip.UnionWith(args[++i].Split(','));
    else if (!double.TryParse(args[i], NumberStyles.Float, c, out sizeMb) || sizeMb <= 0)
    {
        Console.Error.WriteLine("usage: ReadThroughput [SIZE_MB] [--keep DIR] [--format NAME] [--corpus DIR [--skip FILE,…]]");
        return 2;
    }
}
if (corpus is not null) return CorpusSessions.Run(corpus, sizeMb, skip);

var dir = keep ?? Path.Combine(Path.GetTempPath(), "tc-bench-" + Environment.ProcessId.ToString(c));
Directory.CreateDirectory(dir);
var target = (long)(sizeMb * 1_000_000);
Console.WriteLine(string.Create(c, $"{"format",-15} {"file MB",9} {"traces",8} {"actions",9} {"MB/s",8}"));
try
{
    foreach (var generator in Generators.All.Where(g => only is null || g.Format == only))
    {
        var path = Path.Combine(dir, generator.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!); // a storage format's input sits in its folders
        using (var file = File.Create(path)) generator.Write(file, target);
        var reader = FormatRegistry.Find(generator.Format)!;
        if (FormatDetector.Detect(path).Format != generator.Format)
            throw new InvalidOperationException($"{path} is not detected as {generator.Format}");
        var bytes = generator.Bytes(path);
        var best = double.MaxValue;
        (long Traces, long Actions) counts = default;
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            counts = ReaderPass.ReadAll(path, reader);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        Console.WriteLine(string.Create(c, $"{generator.Format,-15} {bytes / 1e6,9:F1} {counts.Traces,8:N0} {counts.Actions,9:N0} {bytes / 1e6 / best,8:F1}"));
    }
}
finally
{
    if (keep is null) Directory.Delete(dir, recursive: true);
}
return 0;
