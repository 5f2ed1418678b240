using System.Collections.Concurrent;

namespace TraceCurate.Formats;

/// <summary>
/// A piece of a line-format file that records are sliced from (<see cref="JsonLines"/>). The splitter and every record
/// cut from it hold a reference; the runner releases a record once its batch is written, and the last release hands the
/// array to a small pool for a later chunk. Fresh 4 MB arrays live on the large-object heap, and allocating one per
/// chunk made the garbage collector run a full collection every few dozen megabytes. A consumer that never releases
/// (inspect, tests) leaves its chunks to the garbage collector: an array is only reused after every record of it was
/// released, so a record can never see another chunk's bytes.
/// </summary>
internal sealed class LineChunk
{
    /// <summary>Enough for the chunks in flight in a run (two queued batches, one judged, one being cut).</summary>
    internal const int PoolSize = 8;

    private static readonly ConcurrentBag<byte[]> Pool = [];
    private int _references = 1; // the splitter's

    private LineChunk(byte[] array) => Array = array;

    public byte[] Array { get; }

    /// <summary>A chunk of <paramref name="size"/> bytes, its first reference held by the caller; not zeroed.</summary>
    public static LineChunk Rent(int size) =>
        new(size == JsonLines.ChunkBytes && Pool.TryTake(out var pooled) ? pooled : GC.AllocateUninitializedArray<byte>(size));

    public void AddReference() => Interlocked.Increment(ref _references);

    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left < 0) throw new InvalidOperationException("a line chunk was released more often than it was referenced");
        if (left == 0 && Array.Length == JsonLines.ChunkBytes && Pool.Count < PoolSize) Pool.Add(Array);
    }
}
