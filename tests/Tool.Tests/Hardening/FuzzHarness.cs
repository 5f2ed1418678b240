using TraceCurate.Tests.Support;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Pipeline;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Runs one hostile file through the real pipeline (<see cref="RecipeJob.Run"/>) as every registered format, with
/// bad records failing and skipped, and asserts the fuzzing contract: each run ends, within a time bound, in success
/// or a <see cref="TraceCurateException"/> naming the file and a line, and leaves no staging folder. A case that
/// breaks the contract is copied to <c>$TMPDIR/trace-curate-fuzz-failures/</c> to become a regression fixture.
/// </summary>
internal static class FuzzHarness
{
    public static readonly TimeSpan PerRun = TimeSpan.FromSeconds(20);

    private const string Recipe = """
        name: fuzz
        steps:
          - name: touch-everything
            where: |
              t.Messages.Count(m => (m.Text ?? "").Length >= 0) >= 0 && t.Actions.All(a => a.Name != null) && (t.Task ?? t.Id).Length >= 0
        outputs:
          - path: kept.jsonl
            format: original
          - path: kept.traces.jsonl
            format: trace
        """;

    public static void AssertEveryReaderEndsCleanly(TempFolder scratch, string input, string caseName, IEnumerable<ITraceReader>? readers = null,
        long? maxRecordBytes = null)
    {
        var recipe = File.Exists(scratch.File("fuzz.yaml")) ? scratch.File("fuzz.yaml") : scratch.Write("fuzz.yaml", Recipe);
        // Readers run side by side (the suite's time budget); each run uses one thread and its own output folder.
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.ForEach(readers ?? FormatRegistry.Readers, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, reader =>
        {
            foreach (var skip in new[] { false, true })
            {
                var outDir = scratch.File($"out-{reader.Format}-{(skip ? "skip" : "fail")}");
                var options = new RunOptions
                {
                    Inputs = [input], Format = reader.Format, SkipBadRecords = skip, OutDir = outDir, Cache = scratch.Cache, Threads = 1,
                    MaxRecordBytes = maxRecordBytes,
                };
                var what = $"{caseName} read as {reader.Format} with bad records {(skip ? "skipped" : "failing")}";
                var (ended, error) = RunBounded(() => RecipeJob.Run(recipe, options));
                if (!ended) failures.Add($"{what}: did not end within {PerRun.TotalSeconds} s");
                else if (error is TraceCurateException failure)
                {
                    if (!failure.Diagnostics.Any(d => d.Path == input && d.Line > 0))
                        failures.Add($"{what}: the diagnostics name no line of the input: {failure.Message}");
                }
                else if (error is not null) failures.Add($"{what}: threw {error}");
                if (Directory.Exists(outDir) && Directory.EnumerateDirectories(outDir, ".trace-curate-staging-*").Any())
                    failures.Add($"{what}: left a staging folder");
                // A run that succeeded with bad records failing met none, so skipping them would read the same.
                if (!skip && ended && error is null) break;
            }
        });
        if (!failures.IsEmpty) Fail(input, caseName, string.Join("\n", failures.Order(StringComparer.Ordinal)));
    }

    /// <summary>Runs on its own thread so that a hang fails the test instead of stalling the suite.</summary>
    private static (bool Ended, Exception? Error) RunBounded(System.Action run)
    {
        Exception? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                run();
            }
            catch (Exception e)
            {
                error = e;
            }
        }) { IsBackground = true };
        thread.Start();
        return thread.Join(PerRun) ? (true, error) : (false, null);
    }

    private static void Fail(string input, string caseName, string message)
    {
        var keep = Path.Combine(Path.GetTempPath(), "trace-curate-fuzz-failures");
        Directory.CreateDirectory(keep);
        var copy = Path.Combine(keep, string.Concat(caseName.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' ? c : '_')));
        File.Copy(input, copy, overwrite: true);
        Assert.Fail($"{message}\n(the input is kept at {copy})");
    }
}
