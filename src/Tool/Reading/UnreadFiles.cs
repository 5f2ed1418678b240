using TraceCurate.Diagnostics;
using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>
/// Whole session files handed to a worker unread, a batch of them (up to about 1 MB) at a time: the worker that parses
/// the batch opens, reads, decompresses and (for a run) hashes each file itself, so reading runs on every core instead
/// of on the one producer thread. With a folder of thousands of small Codex sessions the producer's reads and the
/// hand-off of every file's bytes between threads cost more than the second core gave (<c>--threads 2</c> was no faster
/// than 1). Each file is read exactly as the producer reads it (<see cref="FormatDetector.OpenRaw"/>, the file's
/// reader's splitter, <see cref="HashingStream"/>, the input-hash cache), and gives one record, so the batch's ordinals
/// are known before it is read.
/// </summary>
internal sealed class UnreadFiles(List<WorkUnit> units, InputHashing? hashing, RunActivity? activity, CancellationToken cancel)
{
    public IReadOnlyList<WorkUnit> Units => units;

    /// <summary>
    /// Whether a unit may be read on a worker: a whole plain or compressed file (never a pipe, which is read once, in
    /// order, by the producer) whose reader keeps the whole file as its one record (<see cref="WholeFile.Split"/>).
    /// </summary>
    public static bool Takes(WorkUnit unit) =>
        unit is { IsWholeFile: true, Start: 0, File.IsStream: false } && OneWholeFileRecord(unit.File.Reader);

    /// <summary>The readers whose splitter is <see cref="WholeFile.Split"/>: exactly one record per file, whatever its content.</summary>
    internal static bool OneWholeFileRecord(ITraceReader reader) => reader.SplitsAsWholeFile;

    /// <summary>
    /// Reads the files into <paramref name="records"/>, one record each in order, on the calling worker. A file that
    /// cannot be read ends the batch there: the error (naming the file and line 1, where reading a whole file stops) is
    /// returned, to be thrown after the records before it were consumed, as the producer's read failures are.
    /// </summary>
    /// <param name="threads">The threads a large file's read may use (<see cref="WholeFile.ReadPlain"/>).</param>
    public TraceCurateException? ReadInto(List<RawRecord> records, int threads = 1)
    {
        foreach (var unit in units)
        {
            // The consumer stopped: nothing more is read, and a batch cut short here must never be taken for a whole one.
            cancel.ThrowIfCancellationRequested();
            var before = records.Count;
            try
            {
                Read(unit, records, threads);
            }
            catch (Exception e)
            {
                return InputReadFailure.Describe(e, unit.File.Path, 1);
            }
            // The batch's ordinals counted one record per file: a splitter that gave another number is a bug, not bad input.
            if (records.Count != before + 1)
                throw new InvalidOperationException($"{unit.File.Reader.GetType().Name} gave {records.Count - before} records for a whole file");
        }
        return null;
    }

    private void Read(WorkUnit unit, List<RawRecord> records, int threads)
    {
        if (activity is not null) activity.Reading = unit.File.Path;
        LongSessionCollections.BeforeReading(unit.File);
        // Without hashing (inspect, report), a plain file is read by its handle: the record the stream path gives, with
        // fewer calls into the kernel per file. A run hashes each file as it reads it, through the stream.
        if (hashing is null && WholeFile.ReadPlain(unit.File, threads) is { } record)
        {
            records.Add(record);
            return;
        }
        using var whole = WholeInput.Open(unit.File, hashing);
        records.AddRange(unit.File.Reader.Split(whole.Content, unit.File));
        whole.FinishHashing();
    }
}
