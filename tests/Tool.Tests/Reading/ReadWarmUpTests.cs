using TraceCurate.Formats;
using TraceCurate.Reading;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Reading;

/// <summary>
/// The read path's warm-up (ReadWarmUp) runs the code a worker runs, on samples embedded in the tool: it must read them
/// into the traces the same files on disk give through the real read path (else it warms other code, or none, and its
/// failures are silent by design), cover the three session readers and the analysis, and hand its traces on.
/// </summary>
public sealed class ReadWarmUpTests
{
    /// <summary>The embedded samples are these files of samples/ (Tool.csproj).</summary>
    private static readonly (string Resource, string Sample)[] Embedded =
    [
        ("warm-up/claude-code.jsonl", RepoPaths.Samples("claude-code", "no-parent-links.jsonl")),
        ("warm-up/claude-code-compacted.jsonl", RepoPaths.Samples("claude-code", "compact-boundary-linked.jsonl")),
        ("warm-up/codex.jsonl", RepoPaths.Samples("codex", "rollout-2025-10-14T09-12-03-0199a3c2-5b1e-7d40-9f1a-3c2b8e4d7a10.jsonl")),
        ("warm-up/pi.jsonl", RepoPaths.Samples("pi", "fix-grid-snap.jsonl")),
    ];

    [Fact]
    public void Every_sample_is_embedded_whole_and_small_enough_that_detection_in_memory_is_detection_on_disk()
    {
        Assert.Equal(Embedded.Select(e => e.Resource), ReadWarmUp.Samples);
        foreach (var (resource, sample) in Embedded)
        {
            using var stream = typeof(ReadWarmUp).Assembly.GetManifestResourceStream(resource);
            Assert.NotNull(stream);
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            Assert.Equal(File.ReadAllBytes(sample), bytes);
            Assert.True(bytes.Length < FormatDetector.SmallHeadBytes, $"{sample} is {bytes.Length} bytes: its detection on disk reads a cut head");
            Assert.Equal(FormatDetector.Detect(sample).Format, FormatDetector.DetectWhole(Path.GetFileName(sample), bytes).Format);
        }
    }

    [Fact]
    public void The_warm_up_reads_the_samples_into_the_traces_the_real_read_path_gives()
    {
        var warm = ReadWarmUp.Read();
        var inputs = InputResolver.Resolve(Embedded.Select(e => new InputSpec(e.Sample, RepoPaths.Root, new RecipePosition("test", 0, 0))), forcedFormat: null);
        var real = TraceReading.Read(RecordBatches.Indexed(inputs, skipBadRecords: false), new TraceReadingOptions { Threads = 1 })
            .Select(r => r.Trace).ToList();

        Assert.Equal(real.Count, warm.Count);
        for (var i = 0; i < real.Count; i++)
        {
            Assert.Equal(real[i].Format, warm[i].Format);
            Assert.Equal(real[i].Id, warm[i].Id);
            Assert.Equal(real[i].Messages.Count, warm[i].Messages.Count);
            Assert.Equal(real[i].Actions.Select(a => (a.Name, a.Failed, a.ErrorClass)), warm[i].Actions.Select(a => (a.Name, a.Failed, a.ErrorClass)));
            Assert.Equal(real[i].Recoveries, warm[i].Recoveries);
            Assert.Equal(real[i].Outcome, warm[i].Outcome);
            Assert.Equal(real[i].Usage, warm[i].Usage);
        }
        // What it warms: the three session readers, and the analysis of failures and of recoveries from them.
        Assert.Equal(["claude-code", "codex", "pi"], warm.Select(t => t.Format).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(warm, t => t.Actions.Any(a => a.Failed));
        Assert.Contains(warm, t => t.Recoveries.Count > 0);
    }

    [Fact]
    public void Started_it_hands_its_traces_to_the_command_s_own_work_when_there_is_a_core_to_spare()
    {
        using var done = new ManualResetEventSlim();
        IReadOnlyList<Trace>? handed = null;
        ReadWarmUp.Start(traces =>
        {
            handed = traces;
            done.Set();
        });
        if (Environment.ProcessorCount < 2 || Environment.GetEnvironmentVariable(ReadWarmUp.Switch) == "0")
        {
            Assert.False(done.Wait(TimeSpan.FromSeconds(1)), "the warm-up ran where it should not");
            return;
        }
        Assert.True(done.Wait(TimeSpan.FromSeconds(60)), "the warm-up did not finish");
        Assert.Equal(ReadWarmUp.Read().Count, handed!.Count);
    }
}
