using System.Threading.Channels;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>A run of consecutive records and the ordinal of its first, which fixes where its traces go in the output.</summary>
internal sealed record Batch(List<RawRecord> Records, long Ordinal)
{
    /// <summary>Whole files the worker mapping this batch reads into <see cref="Records"/> first (null: read already).</summary>
    internal UnreadFiles? Unread { get; init; }

    /// <summary>Why reading <see cref="Unread"/> stopped before its end: thrown once the records before it are consumed.</summary>
    internal TraceCurateException? ReadFailure { get; set; }
}

/// <summary>
/// Hashing of the inputs as they are read, which only a run needs (its manifest records each file's size and SHA-256):
/// one <see cref="InputStats"/> per input, by <see cref="InputFile.Index"/>, and the cache of hashes of unchanged files.
/// </summary>
internal sealed record InputHashing(IReadOnlyList<InputStats> Stats, InputHashCache Cache);

/// <summary>
/// The one producer of every command that reads inputs (<c>run</c>, <c>inspect</c>, <c>report</c>): on one thread, opens
/// each work unit (a whole file, or a byte range of one), cuts it into records with its reader, and hands them on in
/// batches. Whole session files are handed on unread instead, several to a batch, for the worker that maps the batch to
/// read (<see cref="UnreadFiles"/>, <see cref="Map"/>). With <see cref="InputHashing"/> (a run) whole files are hashed in the same pass and ranges' bytes counted;
/// without it (inspect, report) nothing is hashed. Read failures end the channel with a diagnostic naming the file and
/// where reading stopped.
/// </summary>
internal static class RecordBatches
{
    // A batch is what one worker judges at a time, and what waits to be written: 1 MB keeps a few in flight per core
    // without holding much (measured on the 400 MB filter run against 4 MB batches: 0.93x the wall, peak 227 -> 112 MB).
    private const int BatchRecords = 256;
    private const int BatchBytes = 1 << 20;

    // A batch of files handed on unread is full at half the bytes: now that the workers read, the traces wait for the
    // consumer, not the workers for the producer, so the batches in flight are full of parsed traces (21,000 Codex files,
    // inspect: peak 213-226 -> 204 MB, CPU 0.93x against 1 MB batches of files).
    private const int UnreadBatchBytes = BatchBytes / 2;

    /// <summary>Whether a batch of this many records and bytes is full.</summary>
    internal static bool Full(int records, long bytes) => records >= BatchRecords || bytes >= BatchBytes;

    /// <summary>
    /// The inputs as every reading command gives them to the producer: each knows its position in the list (its counts
    /// and its traces' order) and whether bad session lines may be skipped (the bad-record policy, <see cref="BadRecords"/>).
    /// </summary>
    public static List<InputFile> Indexed(IReadOnlyList<InputFile> inputs, bool skipBadRecords) => IndexedAsTheyCome(inputs, skipBadRecords).ToList();

    /// <summary><see cref="Indexed"/>, one input at a time as the inputs are enumerated (they may still be coming in).</summary>
    public static IEnumerable<InputFile> IndexedAsTheyCome(IEnumerable<InputFile> inputs, bool skipBadRecords)
    {
        var index = 0;
        foreach (var f in inputs) yield return f with { Index = index++, Options = f.Options with { SkipBadLines = skipBadRecords } };
    }

    /// <summary>Starts <see cref="Produce"/> on its own thread; the reader gets at most one batch ahead of its consumer.</summary>
    public static (ChannelReader<Batch> Batches, Task Producer) Start(IEnumerable<WorkUnit> units, CancellationToken cancel,
        InputHashing? hashing = null, RunActivity? activity = null)
    {
        var batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        return (batches.Reader, Task.Run(() => Produce(units, batches.Writer, cancel, hashing, activity)));
    }

    /// <summary>
    /// <see cref="OrderedBatchMap.Run"/> over the producer's batches: a batch of unread files is read by the worker that
    /// maps it, just before <paramref name="map"/>; a file that could not be read is thrown here once the batch's records
    /// before it were consumed, where the producer's own read failures surface too.
    /// </summary>
    public static IEnumerable<(Batch Batch, TOut Result)> Map<TOut>(ChannelReader<Batch> batches, Func<Batch, TOut> map, int threads,
        CancellationToken cancel)
    {
        var load = new ReadingLoad();
        foreach (var (batch, result) in OrderedBatchMap.Run(batches, b => MapCounted(b, map, threads, load), threads, cancel))
        {
            yield return (batch, result);
            if (batch.ReadFailure is { } failure) throw failure;
        }
    }

    /// <summary>A batch read and mapped by a worker, counted as at work meanwhile (<see cref="ReadingLoad"/>).</summary>
    private static TOut MapCounted<TOut>(Batch batch, Func<Batch, TOut> map, int threads, ReadingLoad load)
    {
        load.Enter();
        try
        {
            return map(Read(batch, threads, load));
        }
        finally
        {
            load.Leave();
        }
    }

    private static Batch Read(Batch batch, int threads, ReadingLoad load)
    {
        if (batch.Unread is { } unread) batch.ReadFailure = unread.ReadInto(batch.Records, threads);
        // A large session may be read on every thread of the reading (SessionParts); the others keep to the worker's.
        foreach (var record in batch.Records)
        {
            record.Threads = threads;
            record.Load = load;
        }
        return batch;
    }

    private static async Task Produce(IEnumerable<WorkUnit> units, ChannelWriter<Batch> writer, CancellationToken cancel,
        InputHashing? hashing, RunActivity? activity)
    {
        InputFile? current = null;
        long lastLine = 0;
        try
        {
            long ordinal = 0;
            // Line ends counted so far per file, so consecutive ranges of one file scan each byte once, not the whole prefix.
            var linesBefore = new Dictionary<string, (long Offset, long Lines)>(StringComparer.Ordinal);
            var unread = new List<WorkUnit>();
            var unreadBytes = 0L;
            foreach (var unit in units)
            {
                if (cancel.IsCancellationRequested) break;
                if (UnreadFiles.Takes(unit))
                {
                    // Sized by the files' lengths, as read batches are by their bytes (a compressed file counts as stored).
                    unread.Add(unit);
                    unreadBytes += unit.File.Length;
                    if (unread.Count < BatchRecords && unreadBytes < UnreadBatchBytes) continue;
                    ordinal = await HandOn(unread, ordinal);
                    unread = [];
                    unreadBytes = 0;
                    continue;
                }
                if (unread.Count > 0)
                {
                    ordinal = await HandOn(unread, ordinal); // the files before this unit go first: order is input order
                    unread = [];
                    unreadBytes = 0;
                }
                var input = hashing?.Stats[unit.File.Index];
                var file = unit.File;
                current = file;
                lastLine = 0;
                if (activity is not null) activity.Reading = file.Path;
                WholeInput? whole = null;
                Stream content;
                if (unit.IsWholeFile)
                {
                    whole = WholeInput.Open(file, hashing);
                    content = whole.Content;
                }
                else
                {
                    var raw = FormatDetector.OpenRaw(file.Path);
                    var known = linesBefore.GetValueOrDefault(file.Path);
                    var lines = known.Lines + RangeStream.CountLines(file.Path, known.Offset, unit.Start);
                    linesBefore[file.Path] = (unit.End, lines + RangeStream.CountLines(file.Path, unit.Start, unit.End));
                    file = file with { FirstLine = 1 + lines };
                    current = file;
                    lastLine = lines;
                    content = new RangeStream(raw, unit.Start, unit.End - unit.Start);
                    if (input is not null) input.RangeBytes += unit.End - unit.Start;
                }
                using (content)
                {
                    var records = new List<RawRecord>(BatchRecords);
                    var bytes = 0L;
                    foreach (var record in file.Reader.Split(content, file))
                    {
                        if (cancel.IsCancellationRequested) return;
                        lastLine = record.Line;
                        records.Add(record);
                        bytes += record.Bytes.Length;
                        if (!Full(records.Count, bytes)) continue;
                        await writer.WriteAsync(new Batch(records, ordinal), cancel);
                        ordinal += records.Count;
                        records = new List<RawRecord>(BatchRecords);
                        bytes = 0;
                    }
                    if (records.Count > 0)
                    {
                        await writer.WriteAsync(new Batch(records, ordinal), cancel);
                        ordinal += records.Count;
                    }
                    if (whole is not null)
                    {
                        whole.FinishHashing();
                    }
                    else if (input is not null && unit.OwnsFile)
                    {
                        input.HashWholeFile(); // the shard with a file's first range reports the file's size and SHA-256
                    }
                }
            }
            if (unread.Count > 0 && !cancel.IsCancellationRequested) await HandOn(unread, ordinal);
            writer.Complete();
        }
        catch (OperationCanceledException)
        {
            writer.TryComplete();
        }
        catch (Exception e) when (e is TraceCurateException || current is null)
        {
            writer.TryComplete(e);
        }
        catch (Exception e)
        {
            // A file that cannot be read to its end (a corrupt .gz or Parquet file, an I/O error) is an error naming it
            // and where reading stopped, thrown to the consumer after every trace before it.
            writer.TryComplete(InputReadFailure.Describe(e, current!.Path, lastLine + 1));
        }

        // Unread files take one ordinal each: each gives exactly one record (UnreadFiles.Takes).
        async Task<long> HandOn(List<WorkUnit> files, long first)
        {
            var batch = new Batch(new List<RawRecord>(files.Count), first) { Unread = new UnreadFiles(files, hashing, activity, cancel) };
            await writer.WriteAsync(batch, cancel);
            return first + files.Count;
        }
    }
}
