using TraceCurate.Tests.Support;
using System.Diagnostics;
using System.Text;
using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Memory bounds. A 200 MB single line, written streaming into a temporary file, is refused by the record limit without ever being
/// held in memory: the run's working set grows by far less than the line. Own class (and collection), so the memory
/// it measures is not other tests' allocations.
/// </summary>
[Collection(nameof(BigLineCollection))]
public sealed class BigLineTests
{
    private const long LineBytes = 200L << 20;
    private const long Limit = 16L << 20;

    [Fact]
    public void A_200_MB_line_is_a_bad_record_and_memory_stays_bounded()
    {
        using var s = new TempFolder();
        var input = s.File("big.jsonl");
        WriteBigFile(input);
        var recipe = s.Write("r.yaml", "name: big\noutputs:\n  - path: kept.jsonl\n    format: original\n");
        RunOptions Options(bool skip) => new()
        {
            Inputs = [input], Format = "agenttrace", OutDir = s.File("out"), Cache = s.Cache, SkipBadRecords = skip, MaxRecordBytes = Limit,
        };

        var error = Assert.Throws<TraceCurateException>(() => RecipeJob.Run(recipe, Options(skip: false)));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal((input, 2L), (diagnostic.Path, diagnostic.Line));
        Assert.Contains("longer than the 16 MiB limit", diagnostic.Message);

        var (result, growth, elapsed) = Measure(() => RecipeJob.Run(recipe, Options(skip: true)));

        Assert.Equal(2, result.TracesKept); // the lines before and after
        Assert.Equal(1, result.Inputs[0].BadRecords);
        Assert.Equal(new FileInfo(input).Length, result.Inputs[0].Bytes); // the whole file was still read and hashed
        Assert.True(growth < 600L << 20, $"working set grew by {growth >> 20} MiB");
        Assert.True(elapsed < TimeSpan.FromSeconds(60), $"took {elapsed}");
    }

    [Fact]
    public void A_320_MB_input_is_streamed_in_bounded_memory()
    {
        using var s = new TempFolder();
        var input = s.File("many.jsonl");
        const int lines = 20_000;
        var padding = new string('p', 16 * 1024);
        using (var file = new StreamWriter(input, append: false, new UTF8Encoding(false), 1 << 20))
            for (var i = 0; i < lines; i++)
                file.Write($"{{\"trace_id\":\"t{i:D5}\",\"prompt\":\"{padding}\",\"spans\":[],\"llm_steps\":[]}}\n");
        var recipe = s.Write("r.yaml", "name: many\nsteps:\n  - where: t.Id.EndsWith(\"00\")\noutputs:\n  - path: kept.jsonl\n    format: original\n");

        var (result, growth, _) = Measure(() => RecipeJob.Run(recipe, new RunOptions
        {
            Inputs = [input], Format = "agenttrace", OutDir = s.File("out"), Cache = s.Cache,
        }));

        Assert.Equal(lines, result.TracesRead);
        Assert.Equal(lines / 100, result.TracesKept);
        var size = new FileInfo(input).Length;
        Assert.True(size > 320_000_000);
        // Batches are bounded (a channel of four, 16 MiB each): memory does not follow the input's size.
        Assert.True(growth < 256L << 20, $"working set grew by {growth >> 20} MiB reading {size >> 20} MiB");
    }

    /// <summary>Runs <paramref name="run"/> while sampling the process's working set; returns its growth over the baseline.</summary>
    private static (RunResult Result, long Growth, TimeSpan Elapsed) Measure(Func<RunResult> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var me = Process.GetCurrentProcess();
        me.Refresh();
        var baseline = me.WorkingSet64;
        long peak = baseline;
        using var done = new CancellationTokenSource();
        var sampler = new Thread(() =>
        {
            while (!done.IsCancellationRequested)
            {
                me.Refresh();
                peak = Math.Max(peak, me.WorkingSet64);
                Thread.Sleep(10);
            }
        });
        sampler.Start();
        var clock = Stopwatch.StartNew();
        var result = run();
        done.Cancel();
        sampler.Join();
        return (result, peak - baseline, clock.Elapsed);
    }

    private static void WriteBigFile(string path)
    {
        using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20);
        file.Write(Encoding.UTF8.GetBytes(FailingRunTests.Line("before") + "\n{\"trace_id\":\"big\",\"prompt\":\""));
        var chunk = new byte[1 << 20];
        chunk.AsSpan().Fill((byte)'a');
        for (long written = 0; written < LineBytes; written += chunk.Length) file.Write(chunk);
        file.Write(Encoding.UTF8.GetBytes("\",\"spans\":[],\"llm_steps\":[]}\n" + FailingRunTests.Line("after") + "\n"));
    }
}

/// <summary>Runs alone, after the parallel tests, so its memory measurement is its own.</summary>
[CollectionDefinition(nameof(BigLineCollection), DisableParallelization = true)]
public sealed class BigLineCollection;
