using System.Runtime;
using TraceCurate.Formats;
using TraceCurate.Reading;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Reading;

/// <summary>
/// A long session file is read with the collector held off until about its build's allocations are made
/// (<see cref="LongSessionCollections"/>): the window opens before a file of at least
/// <see cref="LongSessionCollections.MinBytes"/> is read on a worker and for no smaller file nor one whose build would
/// outgrow it, a second long file shares it,
/// <c>TRACE_CURATE_HOLD_COLLECTIONS=0</c> leaves it out, and nothing needs to close it: allocating past its budget makes
/// the runtime collect and leave the window, which is what the product relies on. The collector's mode is the process's,
/// so these tests run alone and close any window they leave.
/// </summary>
[Collection(nameof(CollectorModeCollection))]
public sealed class LongSessionCollectionsTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(LongSessionCollections.Switch, null);
        if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) GC.EndNoGCRegion();
        _dir.Dispose();
    }

    private static bool InWindow => GCSettings.LatencyMode == GCLatencyMode.NoGCRegion;

    [Fact]
    public void A_file_below_the_threshold_is_read_with_collections_as_before()
    {
        LongSessionCollections.BeforeReading(LongSessionCollections.MinBytes - 1);
        Assert.False(InWindow);
    }

    [Fact]
    public void A_file_whose_build_would_outgrow_the_window_is_read_with_collections_as_before()
    {
        var fits = (long)(LongSessionCollections.MaxSmallObjectBytes / LongSessionCollections.SmallObjectsPerByte);
        LongSessionCollections.BeforeReading(fits + (1 << 20));
        Assert.False(InWindow);
        LongSessionCollections.BeforeReading(fits - (1 << 20));
        Assert.True(InWindow);
    }

    [Fact]
    public void A_long_file_opens_a_window_that_ends_by_itself_once_its_budget_is_allocated()
    {
        LongSessionCollections.BeforeReading(LongSessionCollections.MinBytes);
        Assert.True(InWindow);
        // A second long file read meanwhile shares the window instead of failing on it.
        LongSessionCollections.BeforeReading(2 * LongSessionCollections.MinBytes);
        Assert.True(InWindow);
        var started = GC.CollectionCount(0); // opening the window collected once, to make its room
        // Its budget is the first file's: an array of up to twice its size and 1.5 times its size in small objects.
        // Small, short-lived arrays of more than the whole budget spend its small-object part.
        var budget = (long)(LongSessionCollections.MinBytes * LongSessionCollections.SmallObjectsPerByte) + 2 * LongSessionCollections.MinBytes;
        long allocated = 0;
        var keep = 0;
        while (allocated < 2 * budget)
        {
            var chunk = new byte[16 << 10];
            keep += chunk.Length;
            allocated += chunk.Length;
        }
        Assert.True(keep > 0);
        Assert.False(InWindow);
        Assert.True(GC.CollectionCount(0) > started, "the runtime collected when the window's budget was spent");
    }

    [Fact]
    public void A_long_file_not_read_into_an_array_of_its_size_opens_no_window()
    {
        var codex = FormatRegistry.Find("codex")!;
        var length = 2 * LongSessionCollections.MinBytes;
        // Compressed: its array is its content's size, which the stored length does not tell.
        LongSessionCollections.BeforeReading(new InputFile(Path.Combine(_dir.Path, "rollout.jsonl.gz"), codex, ReadOptions.Default) { Length = length });
        Assert.False(InWindow);
        // Over the record limit: a bad record, no array at all.
        var limited = ReadOptions.Default with { Limits = ReadOptions.Default.Limits with { MaxRecordBytes = length - 1 } };
        LongSessionCollections.BeforeReading(new InputFile(Path.Combine(_dir.Path, "rollout.jsonl"), codex, limited) { Length = length });
        Assert.False(InWindow);
        // The same plain file within the limit does open one.
        LongSessionCollections.BeforeReading(new InputFile(Path.Combine(_dir.Path, "rollout.jsonl"), codex, ReadOptions.Default) { Length = length });
        Assert.True(InWindow);
    }

    [Fact]
    public void The_switch_leaves_the_window_out()
    {
        Environment.SetEnvironmentVariable(LongSessionCollections.Switch, "0");
        LongSessionCollections.BeforeReading(LongSessionCollections.MinBytes);
        Assert.False(InWindow);
    }

    [Fact]
    public void A_worker_opens_the_window_before_it_reads_a_long_session_file()
    {
        // A Codex rollout of just over the threshold: its lines are what a real rollout holds, repeated.
        var path = Path.Combine(_dir.Path, "rollout-long.jsonl");
        var sample = Directory.GetFiles(RepoPaths.Samples("codex"), "*.jsonl").Order(StringComparer.Ordinal).First();
        var line = File.ReadAllLines(sample)[^1] + "\n";
        using (var w = new StreamWriter(path))
            for (long written = 0; written <= LongSessionCollections.MinBytes; written += line.Length) w.Write(line);
        var file = new InputFile(path, FormatRegistry.Find("codex")!, ReadOptions.Default) { Length = new FileInfo(path).Length };
        var records = new List<RawRecord>();
        var failure = new UnreadFiles([new WorkUnit(file, 0, file.Length) { IsWholeFile = true }], null, null, CancellationToken.None)
            .ReadInto(records);
        Assert.Null(failure);
        Assert.Equal(file.Length, records.Single().Bytes.Length);
        Assert.True(InWindow, "the file is read inside the window, which its build then shares");
    }
}

[CollectionDefinition(nameof(CollectorModeCollection), DisableParallelization = true)]
public sealed class CollectorModeCollection;
