using System.Runtime;
using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>
/// Holds the garbage collector off while one long session file is read and built. A session file is one record whose
/// trace keeps nearly every object it allocates until it is judged, so each generational collection during its build
/// copies the growing trace once more, with every worker stopped: the 100 MB Codex rollout read alone spent 3
/// collections and 55-95 ms of pauses in a run of about 0.35 s, its first a full collection set off by the file's own
/// array on the large-object heap. For a file of at least <see cref="MinBytes"/> whose build fits in
/// <see cref="MaxSmallObjectBytes"/>, the collector is asked (once, before the file's array is allocated) to make room
/// for the file and about <see cref="SmallObjectsPerByte"/> times its size in small objects, and then not to collect
/// until those are allocated (<see cref="GC.TryStartNoGCRegion(long, long, bool)"/>).
/// Nothing ends the window but its budget: when the reading (or anything else in the process) has allocated it, the
/// collector collects as before and the window is over; a run that finishes first simply never collected.
/// The price is memory: what the build allocates and drops in the window is freed only after it (the 100 MB rollout
/// peaked at 267 MB instead of 232; docs/performance.md, "Eighteenth round").
/// <c>TRACE_CURATE_HOLD_COLLECTIONS=0</c> leaves it out, to measure what it buys.
/// </summary>
internal static class LongSessionCollections
{
    public const string Switch = "TRACE_CURATE_HOLD_COLLECTIONS";

    /// <summary>Files smaller than this are read by the dozen at a time; their traces die young, which collections handle well.</summary>
    public const long MinBytes = 32L << 20;

    /// <summary>
    /// Small-object bytes a session's build allocates per byte of file, about: a Codex rollout's inspect 1.2, a Claude Code
    /// session's 0.6-0.65 and its run (which renders the trace too) 1.2-1.3.
    /// </summary>
    public const double SmallObjectsPerByte = 1.5;

    /// <summary>The most the window lets the small-object heap grow by before collecting: files up to 128 MB get one.</summary>
    public const long MaxSmallObjectBytes = 192L << 20;

    private static readonly Lock Gate = new();

    /// <summary>
    /// Called before a whole session file is read: a no-op below <see cref="MinBytes"/>, and for a file not read into an
    /// array of its own size (compressed, or over the record limit, whose array the window could not foresee).
    /// </summary>
    public static void BeforeReading(InputFile file)
    {
        if (file.Length >= MinBytes && WholeFile.ReadAsStored(file)) BeforeReading(file.Length);
    }

    /// <summary>As <see cref="BeforeReading(InputFile)"/> for a plain file of <paramref name="length"/> bytes.</summary>
    internal static void BeforeReading(long length)
    {
        if (length < MinBytes || Environment.GetEnvironmentVariable(Switch) == "0") return;
        // Only a window that covers the whole build: one that ends midway collects the half-built trace all at once,
        // which costs about what the window saved (a 200 MB rollout: 0.97x the wall) and keeps its garbage meanwhile
        // (peak 374 -> 460 MB). At most a sixteenth of the memory the process may use, so a container's limit is far.
        var small = (long)(length * SmallObjectsPerByte);
        if (small > Math.Min(MaxSmallObjectBytes, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 16)) return;
        // The file's array: a pooled one is the next power of two above the file's size.
        var large = (LineChunk.RentedFileLength(length) ?? length + 1) + (1 << 20);
        lock (Gate)
        {
            // One window at a time: a second long file read meanwhile shares the first one's budget.
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion) return;
            try
            {
                GC.TryStartNoGCRegion(small + large, large, disallowFullBlockingGC: false);
            }
            catch (ArgumentOutOfRangeException)
            {
                // More than the runtime can set aside at once: the file is read with collections, as before.
            }
            catch (InvalidOperationException)
            {
                // A window began on a thread that does not take this lock (none does today): leave it be.
            }
        }
    }
}
