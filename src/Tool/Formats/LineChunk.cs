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
    private readonly bool _fileBuffer;

    private LineChunk(byte[] array, bool fileBuffer = false)
    {
        Array = array;
        _fileBuffer = fileBuffer;
    }

    public byte[] Array { get; }

    /// <summary>A chunk of <paramref name="size"/> bytes, its first reference held by the caller; not zeroed.</summary>
    public static LineChunk Rent(int size) =>
        new(size == JsonLines.ChunkBytes && Pool.TryTake(out var pooled) ? pooled : GC.AllocateUninitializedArray<byte>(size));

    /// <summary>
    /// A chunk for a whole session file of <paramref name="length"/> bytes (<see cref="WholeFile"/>), at least one byte
    /// longer, so that reading to the end needs no extra read to tell that the file ends there; not zeroed. Null below
    /// <see cref="FileBuffers.Smallest"/> (a small-object array the gen0 collections take cheaply) and above
    /// <see cref="FileBuffers.Largest"/>: the caller allocates those itself.
    /// </summary>
    public static LineChunk? RentFile(long length) =>
        FileBuffers.Rent(length + 1) is { } array ? new LineChunk(array, fileBuffer: true) : null;

    /// <summary>The length of the array <see cref="RentFile"/> gives for a file of <paramref name="length"/> bytes, or null when it gives none.</summary>
    public static long? RentedFileLength(long length) => FileBuffers.RentedLength(length + 1);

    public void AddReference() => Interlocked.Increment(ref _references);

    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left < 0) throw new InvalidOperationException("a line chunk was released more often than it was referenced");
        if (left == 0 && _fileBuffer) FileBuffers.Return(Array);
        else if (left == 0 && Array.Length == JsonLines.ChunkBytes && Pool.Count < PoolSize) Pool.Add(Array);
    }
}

/// <summary>
/// Arrays for whole session files, pooled by power-of-two size. A session of more than 85,000 bytes read into a fresh
/// array lands on the large-object heap, whose small allocation budget then made the garbage collector run a full,
/// blocking collection every ~15 MB read (113 of them on a 600 MB Claude Code folder, about a fifth of the CPU and
/// all of it on one thread while every other waited). Reused arrays allocate nothing. At most
/// <see cref="RetainedBytes"/> wait in the pool; an array released past that is left to the garbage collector.
/// </summary>
internal static class FileBuffers
{
    /// <summary>The large-object threshold: smaller arrays are small-object allocations and are not pooled.</summary>
    public const int Smallest = 85_000;

    public const int Largest = 64 << 20;

    public const long RetainedBytes = 64L << 20;

    private const int SmallestShift = 17; // 2^17 = 131,072, the first power of two above Smallest

    private static readonly ConcurrentBag<byte[]>[] Buckets = NewBuckets();

    private static long _retained;

    // A loop, not Enumerable.Range(...).Select: LINQ over int is compiled at run time by the installed tool, at every start.
    private static ConcurrentBag<byte[]>[] NewBuckets()
    {
        var buckets = new ConcurrentBag<byte[]>[27 - SmallestShift];
        for (var i = 0; i < buckets.Length; i++) buckets[i] = new ConcurrentBag<byte[]>();
        return buckets;
    }

    /// <summary>The length of the array <see cref="Rent"/> gives for <paramref name="size"/> bytes, or null when it gives none.</summary>
    public static long? RentedLength(long size) => Pools(size) ? 1L << ShiftOf(size) : null;

    private static bool Pools(long size) => size is >= Smallest and <= Largest;

    private static int ShiftOf(long size) => Math.Max(SmallestShift, 64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)size - 1));

    /// <summary>An array of at least <paramref name="size"/> bytes (the next power of two), or null when not pooled.</summary>
    public static byte[]? Rent(long size)
    {
        if (!Pools(size)) return null;
        var shift = ShiftOf(size);
        if (Buckets[shift - SmallestShift].TryTake(out var pooled))
        {
            Interlocked.Add(ref _retained, -pooled.Length);
            return pooled;
        }
        return GC.AllocateUninitializedArray<byte>(1 << shift);
    }

    /// <summary>Gives an array from <see cref="Rent"/> back, unless the pool already holds <see cref="RetainedBytes"/>.</summary>
    public static void Return(byte[] array)
    {
        if (Interlocked.Add(ref _retained, array.Length) > RetainedBytes)
        {
            Interlocked.Add(ref _retained, -array.Length);
            return;
        }
        Buckets[System.Numerics.BitOperations.Log2((uint)array.Length) - SmallestShift].Add(array);
    }
}
