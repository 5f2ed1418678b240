using System.Threading.Channels;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>A run of consecutive records and the ordinal of its first, which fixes where its traces go in the output.</summary>
internal sealed record Batch(List<RawRecord> Records, long Ordinal);

/// <summary>
/// The runner's producer: on one thread, opens each work unit (a whole file, hashed as it is read, or a byte range of
/// one), cuts it into records with its reader, and hands them on in batches. Read failures end the channel with a
/// diagnostic naming the file and where reading stopped.
/// </summary>
internal static class RecordBatches
{
    // A batch is what one worker judges at a time, and what waits to be written: 1 MB keeps a few in flight per core
    // without holding much (measured on the 400 MB filter run against 4 MB batches: 0.93x the wall, peak 227 -> 112 MB).
    private const int BatchRecords = 256;
    private const int BatchBytes = 1 << 20;

    /// <summary>Whether a batch of this many records and bytes is full (for <see cref="TraceReading"/> too).</summary>
    internal static bool Full(int records, long bytes) => records >= BatchRecords || bytes >= BatchBytes;

    public static async Task Produce(IReadOnlyList<WorkUnit> units, InputStats[] stats, InputHashCache hashes, ChannelWriter<Batch> writer, RunActivity activity,
        CancellationToken cancel)
    {
        InputFile? current = null;
        long lastLine = 0;
        try
        {
            long ordinal = 0;
            // Line ends counted so far per file, so consecutive ranges of one file scan each byte once, not the whole prefix.
            var linesBefore = new Dictionary<string, (long Offset, long Lines)>(StringComparer.Ordinal);
            foreach (var unit in units)
            {
                if (cancel.IsCancellationRequested) break;
                var input = stats[unit.File.Index];
                var file = unit.File;
                current = file;
                lastLine = 0;
                activity.Reading = file.Path;
                var raw = FormatDetector.OpenRaw(file.Path); // a pipe's one read, its detected head included
                HashingStream? hashing = null;
                string? knownHash = null;
                Stream content;
                if (unit.IsWholeFile)
                {
                    // Whole files are hashed in the same pass that reads them, unless unchanged since a run that did.
                    knownHash = file.IsStream ? null : hashes.TryGet(file.Path); // a pipe's inode is reused: never trust a cache
                    input.Stream = hashing = new HashingStream(raw, knownHash);
                    content = FormatDetector.Decompress(hashing, file.Path);
                }
                else
                {
                    var known = linesBefore.GetValueOrDefault(file.Path);
                    var lines = known.Lines + RangeStream.CountLines(file.Path, known.Offset, unit.Start);
                    linesBefore[file.Path] = (unit.End, lines + RangeStream.CountLines(file.Path, unit.Start, unit.End));
                    file = file with { FirstLine = 1 + lines };
                    current = file;
                    lastLine = lines;
                    content = new RangeStream(raw, unit.Start, unit.End - unit.Start);
                    input.RangeBytes += unit.End - unit.Start;
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
                    if (hashing is not null)
                    {
                        content.CopyTo(Stream.Null); // a reader that stops early still hashes the whole file
                        input.Finish();
                        if (knownHash is null && !file.IsStream) hashes.Remember(file.Path, input.Sha256!);
                    }
                    else if (unit.OwnsFile)
                    {
                        input.HashWholeFile(); // the shard with a file's first range reports the file's size and SHA-256
                    }
                }
            }
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
            // A file that cannot be read to its end (a corrupt .gz, an I/O error) fails the run naming it and where it stopped.
            writer.TryComplete(InputReadFailure.Describe(e, current!.Path, lastLine + 1));
        }
    }
}
