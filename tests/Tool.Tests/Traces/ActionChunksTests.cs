using TraceCurate.Traces;

namespace TraceCurate.Tests.Traces;

/// <summary>The chunks a long trace's analysis is cut into: every action once, in its chunk, and one pass's failure.</summary>
public sealed class ActionChunksTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(ActionChunks.Size, 2)]
    [InlineData(ActionChunks.Size + 1, 1)]
    [InlineData(5 * ActionChunks.Size - 3, 2)]
    [InlineData(5 * ActionChunks.Size - 3, 3)]
    public void Every_action_is_in_exactly_one_chunk_of_at_most_the_size(int count, int threads)
    {
        var seen = new int[count];
        var chunks = new int[ActionChunks.Count(count)];
        ActionChunks.ForEach(count, threads, (k, start, end) =>
        {
            Assert.InRange(end - start, 1, ActionChunks.Size);
            Assert.Equal(k * ActionChunks.Size, start);
            Interlocked.Increment(ref chunks[k]);
            for (var i = start; i < end; i++) Interlocked.Increment(ref seen[i]);
        });
        Assert.All(seen, n => Assert.Equal(1, n));
        Assert.All(chunks, n => Assert.Equal(1, n));
        Assert.Equal((count + ActionChunks.Size - 1) / ActionChunks.Size, chunks.Length);
    }

    [Fact]
    public void Every_chunk_runs_and_the_first_chunks_failure_is_thrown()
    {
        var ran = 0;
        var e = Assert.Throws<InvalidOperationException>(() => ActionChunks.ForEach(4 * ActionChunks.Size, 2, (k, _, _) =>
        {
            Interlocked.Increment(ref ran);
            if (k is 1 or 3) throw new InvalidOperationException($"chunk {k}");
        }));
        Assert.Equal("chunk 1", e.Message);
        Assert.Equal(4, ran);
    }

    [Theory]
    [InlineData(2 * ActionChunks.Size - 1, 2, 1)]
    [InlineData(2 * ActionChunks.Size, 2, 2)]
    [InlineData(2 * ActionChunks.Size, 0, 1)]
    public void A_trace_uses_what_the_reading_lends_only_from_two_chunks(int count, int lent, int expected)
    {
        Assert.Equal(expected, ActionChunks.Threads(count, () => lent));
        Assert.Equal(1, ActionChunks.Threads(count, null));
    }
}
