using System.Collections.Concurrent;
using System.Diagnostics;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Runs many fuzz cases on one worker thread per core, each case in its own folder, while the calling thread watches
/// the clock: a case still running after <see cref="PerCase"/> is a hang (the test fails at once and names it; its
/// thread is left behind, in the background). A failing case keeps its input in
/// <c>$TMPDIR/trace-curate-fuzz-failures/</c> and prints its seed and mutation. Stops after <see cref="MaxFailures"/>.
/// </summary>
internal static class FuzzDriver
{
    public static readonly TimeSpan PerCase = TimeSpan.FromSeconds(20);

    private const int MaxFailures = 10;

    /// <param name="ByMutation">Cases and total seconds per mutation, to see where the time goes.</param>
    public sealed record Result(int Ran, int Damaged, IReadOnlyList<string> Failures, TimeSpan Elapsed, IReadOnlyDictionary<string, (int Cases, double Seconds)> ByMutation);

    public static Result Run(IReadOnlyList<FuzzCase> cases, Func<FuzzCase, string, (List<string> Failures, bool Damaged)> check)
    {
        var root = Path.Combine(Path.GetTempPath(), "trace-curate-fuzz-" + Guid.NewGuid().ToString("N"));
        var failures = new ConcurrentQueue<string>();
        var next = -1;
        var ran = 0;
        var damaged = 0;
        var workers = Math.Max(1, Math.Min(Environment.ProcessorCount, 4));
        var byMutation = new ConcurrentDictionary<string, (int Cases, double Seconds)>();
        var running = new (FuzzCase? Case, long Since)[workers];
        var clock = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            int i;
            while (failures.Count < MaxFailures && (i = Interlocked.Increment(ref next)) < cases.Count)
            {
                var fuzzCase = cases[i];
                running[w] = (fuzzCase, clock.ElapsedTicks);
                var folder = Path.Combine(root, $"w{w}");
                Directory.CreateDirectory(folder);
                var (bytes, name) = FuzzCases.Make(fuzzCase);
                var input = Path.Combine(folder, name);
                File.WriteAllBytes(input, bytes);
                List<string> found;
                bool isDamaged;
                try
                {
                    (found, isDamaged) = check(fuzzCase, input);
                }
                catch (Exception e)
                {
                    (found, isDamaged) = ([$"the check itself threw {e}"], false);
                }
                var seconds = Stopwatch.GetElapsedTime(0, clock.ElapsedTicks - running[w].Since).TotalSeconds;
                byMutation.AddOrUpdate(fuzzCase.Mutation, (1, seconds), (_, t) => (t.Cases + 1, t.Seconds + seconds));
                if (isDamaged) Interlocked.Increment(ref damaged);
                if (found.Count > 0) failures.Enqueue(Describe(fuzzCase, input, found));
                Directory.Delete(folder, recursive: true);
                Interlocked.Increment(ref ran);
                running[w] = (null, 0);
            }
        }) { IsBackground = true, Name = $"fuzz-{w}" }).ToList();
        threads.ForEach(t => t.Start());
        while (!threads.All(t => t.Join(TimeSpan.FromMilliseconds(200))))
        {
            foreach (var (fuzzCase, since) in running)
            {
                if (fuzzCase is null || Stopwatch.GetElapsedTime(0, clock.ElapsedTicks - since) < PerCase) continue;
                var (bytes, name) = FuzzCases.Make(fuzzCase);
                var kept = Keep(fuzzCase, name, bytes);
                return new Result(ran, damaged, [$"{fuzzCase}: did not end within {PerCase.TotalSeconds} s (a hang); the input is kept at {kept}"], clock.Elapsed, byMutation);
            }
        }
        try { Directory.Delete(root, recursive: true); } catch (IOException) { /* a worker's folder still open: left in TMPDIR */ }
        return new Result(ran, damaged, [.. failures.Order(StringComparer.Ordinal)], clock.Elapsed, byMutation);
    }

    private static string Describe(FuzzCase fuzzCase, string input, List<string> found)
    {
        var kept = Keep(fuzzCase, Path.GetFileName(input), File.ReadAllBytes(input));
        return $"{fuzzCase}; the input is kept at {kept}:\n  " + string.Join("\n  ", found.Select(Short));
    }

    /// <summary>A failure with its stack cut to the frames that matter (the first twelve lines).</summary>
    private static string Short(string failure) => string.Join("\n    ", failure.Split('\n').Take(12).Select(l => l.TrimEnd()));

    private static string Keep(FuzzCase fuzzCase, string name, byte[] bytes)
    {
        var keep = Path.Combine(Path.GetTempPath(), "trace-curate-fuzz-failures");
        Directory.CreateDirectory(keep);
        var path = Path.Combine(keep, $"{fuzzCase.Run}-{fuzzCase.Format}-{fuzzCase.Index}-{fuzzCase.Mutation}-{name}");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
