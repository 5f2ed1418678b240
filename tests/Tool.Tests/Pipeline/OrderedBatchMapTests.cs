using System.Threading.Channels;
using TraceCurate.Reading;

namespace TraceCurate.Tests.Pipeline;

/// <summary>
/// The runner's parallel map: results come back in input order whatever order the workers finish in, no more workers
/// run at once than asked, a failed source fails after the items before it, and leaving early stops the workers.
/// </summary>
public sealed class OrderedBatchMapTests
{
    private static ChannelReader<int> Source(int count, Exception? endWith = null)
    {
        var channel = Channel.CreateBounded<int>(2);
        _ = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++) await channel.Writer.WriteAsync(i);
            channel.Writer.Complete(endWith);
        });
        return channel.Reader;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(8)]
    public void Results_come_back_in_input_order_and_no_more_than_the_asked_workers_run_at_once(int threads)
    {
        var running = 0;
        var most = 0;
        var results = OrderedBatchMap.Run(Source(300), item =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            // Later items often finish first: a reversed delay pattern within each group of eight.
            Thread.Sleep(item % 8 == 0 ? 3 : 0);
            Thread.SpinWait(1000 * (8 - item % 8));
            Interlocked.Decrement(ref running);
            return item * 10;
        }, threads, CancellationToken.None).ToList();

        Assert.Equal(Enumerable.Range(0, 300), results.Select(r => r.Item));
        Assert.All(results, r => Assert.Equal(r.Item * 10, r.Result));
        Assert.InRange(most, 1, threads);
    }

    [Fact]
    public void A_source_that_fails_yields_every_item_before_the_failure_then_throws_it()
    {
        var seen = new List<int>();
        var error = Assert.Throws<InvalidDataException>(() =>
        {
            foreach (var (item, _) in OrderedBatchMap.Run(Source(10, new InvalidDataException("cut short")), i => i, 2, CancellationToken.None))
                seen.Add(item);
        });
        Assert.Equal("cut short", error.Message);
        Assert.Equal(Enumerable.Range(0, 10), seen);
    }

    [Fact]
    public void A_map_that_throws_fails_at_its_own_item()
    {
        var seen = new List<int>();
        Assert.Throws<FormatException>(() =>
        {
            foreach (var (item, _) in OrderedBatchMap.Run(Source(50), i => i == 20 ? throw new FormatException() : i, 3, CancellationToken.None))
                seen.Add(item);
        });
        Assert.Equal(Enumerable.Range(0, 20), seen);
    }

    [Fact]
    public void Leaving_early_stops_the_workers_and_takes_no_more_items_than_are_in_flight()
    {
        var mapped = 0;
        var endless = Channel.CreateUnbounded<int>();
        for (var i = 0; i < 10_000; i++) endless.Writer.TryWrite(i);
        var taken = OrderedBatchMap.Run(endless.Reader, i =>
        {
            Interlocked.Increment(ref mapped);
            Thread.Sleep(1);
            return i;
        }, 2, CancellationToken.None).Take(5).ToList();

        Assert.Equal(Enumerable.Range(0, 5), taken.Select(t => t.Item));
        var after = Volatile.Read(ref mapped);
        Thread.Sleep(100);
        Assert.Equal(after, Volatile.Read(ref mapped)); // the workers have stopped: Run waited for them
        Assert.InRange(after, 5, 5 + 2 + 1 + 2); // the taken, plus at most the bounded queue and one per worker
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen) { }
    }
}
