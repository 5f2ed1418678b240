using System.Diagnostics;
using System.Text;
using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// A 200 MB single line, written streaming into a temporary file, is refused by the record limit without ever being
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
        using var s = new Scratch();
        var input = s.Path_("big.jsonl");
        WriteBigFile(input);
        var recipe = s.Write("r.yaml", "name: big\noutputs:\n  - path: kept.jsonl\n    format: original\n");
        RunOptions Options(bool skip) => new()
        {
            Inputs = [input], Format = "agenttrace", OutDir = s.Path_("out"), Cache = s.Cache, SkipBadRecords = skip, MaxRecordBytes = Limit,
        };

        var error = Assert.Throws<TraceCurateException>(() => RecipeJob.Run(recipe, Options(skip: false)));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal((input, 2L), (diagnostic.Path, diagnostic.Line));
        Assert.Contains("longer than the 16 MiB limit", diagnostic.Message);

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
        var result = RecipeJob.Run(recipe, Options(skip: true));
        done.Cancel();
        sampler.Join();

        Assert.Equal(2, result.TracesKept); // the lines before and after
        Assert.Equal(1, result.Inputs[0].BadRecords);
        Assert.Equal(new FileInfo(input).Length, result.Inputs[0].Bytes); // the whole file was still read and hashed
        Assert.True(peak - baseline < 600L << 20, $"working set grew by {(peak - baseline) >> 20} MiB");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"took {clock.Elapsed}");
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
