using System.Threading.Channels;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Traces;

namespace TraceCurate.Reading;

/// <summary>
/// Reads resolved inputs into traces, in input order, through the same readers as <c>run</c>: Split on a producer
/// thread, Parse on up to <see cref="TraceReadingOptions.Threads"/> worker threads a batch at a time
/// (<see cref="OrderedBatchMap"/>, as the runner does). For commands that look at traces without a recipe
/// (<c>inspect</c>, <c>report</c>). Bad records follow the same rules as <c>run</c>: a malformed record stops with its
/// diagnostic unless skipping is asked for; a cut last line is skipped with a warning.
/// </summary>
public static class TraceReading
{
    public static IEnumerable<ReadTrace> Read(IReadOnlyList<InputFile> inputs, TraceReadingOptions options)
    {
        using var cancel = new CancellationTokenSource();
        var batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => Produce(inputs, options.SkipBadRecords, batches.Writer, cancel.Token));
        try
        {
            foreach (var (batch, results) in OrderedBatchMap.Run(batches.Reader, Parse, options.Threads, cancel.Token))
            {
                for (var i = 0; i < batch.Records.Count; i++)
                {
                    var record = batch.Records[i];
                    var counts = options.Counts?[record.File.Index];
                    if (results[i].Failure is { } failure)
                    {
                        BadRecords.Handle(record, failure, options.SkipBadRecords, "pass --skip-bad-records", counts, options.Log);
                        continue;
                    }
                    var skipped = ReadReports.Fold(record, counts?.Read ?? new ReadReport(), options.Log).Skipped; // logs damaged lines
                    if (counts is not null)
                    {
                        counts.Bytes += record.Bytes.Length;
                        counts.Records++;
                        counts.LinesSkipped += skipped;
                    }
                    foreach (var trace in results[i].Traces!)
                    {
                        if (counts is not null) counts.Traces++;
                        yield return new ReadTrace(record.File.Index, trace);
                    }
                }
            }
        }
        finally
        {
            cancel.Cancel();
            try { producer.Wait(); } catch (AggregateException) { /* cancelled, or its error already surfaced in order */ }
        }
    }

    /// <summary>Cuts every input into records, in order, and hands them on in batches; a failure ends the channel.</summary>
    private static async Task Produce(IReadOnlyList<InputFile> inputs, bool skipBadRecords, ChannelWriter<Batch> writer, CancellationToken cancel)
    {
        InputFile? file = null;
        long lastLine = 0;
        try
        {
            long ordinal = 0;
            for (var i = 0; i < inputs.Count; i++)
            {
                file = inputs[i] with { Index = i, Options = inputs[i].Options with { SkipBadLines = skipBadRecords } };
                lastLine = 0;
                using var content = FormatDetector.Open(file.Path);
                var batch = new List<RawRecord>();
                var bytes = 0L;
                foreach (var record in file.Reader.Split(content, file))
                {
                    lastLine = record.Line;
                    batch.Add(record);
                    bytes += record.Bytes.Length;
                    if (!RecordBatches.Full(batch.Count, bytes)) continue; // batches as run cuts them
                    await writer.WriteAsync(new Batch(batch, ordinal), cancel);
                    ordinal += batch.Count;
                    batch = [];
                    bytes = 0;
                }
                if (batch.Count == 0) continue;
                await writer.WriteAsync(new Batch(batch, ordinal), cancel);
                ordinal += batch.Count;
            }
            writer.Complete();
        }
        catch (OperationCanceledException)
        {
            writer.TryComplete();
        }
        catch (Exception e)
        {
            // Thrown to the reader after every trace before it: a file that cannot be read to its end (a damaged .gz or
            // Parquet file) is an error naming it and the line where reading stopped, as in run.
            writer.TryComplete(file is null ? e : InputReadFailure.Describe(e, file.Path, lastLine + 1));
        }
    }

    /// <summary>Parses a batch's records in order, on one worker; a record that fails carries its exception.</summary>
    private static (List<Trace>? Traces, Exception? Failure)[] Parse(Batch batch)
    {
        var results = new (List<Trace>? Traces, Exception? Failure)[batch.Records.Count];
        for (var i = 0; i < results.Length; i++)
        {
            try
            {
                results[i] = (RecordParsing.Parse(batch.Records[i], batch.Ordinal + i), null);
            }
            catch (Exception e)
            {
                results[i] = (null, e);
            }
        }
        return results;
    }
}

/// <summary>A trace and the position of its input file in the list given to <see cref="TraceReading.Read"/>.</summary>
public sealed record ReadTrace(int InputIndex, Trace Trace);

/// <summary>How <see cref="TraceReading"/> reads: threads, bad-record policy, where warnings go, and per-input counts.</summary>
public sealed record TraceReadingOptions
{
    public int Threads { get; init; } = Environment.ProcessorCount;

    public bool SkipBadRecords { get; init; }

    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>One entry per input, filled while reading (records, traces, skipped records); null to count nothing.</summary>
    public IReadOnlyList<ReadCounts>? Counts { get; init; }
}

/// <summary>What was read from one input file.</summary>
public sealed class ReadCounts : IBadRecordTally
{
    public long Records { get; set; }

    public long Traces { get; set; }

    /// <summary>Bytes of the records read (uncompressed), for the progress line.</summary>
    public long Bytes { get; set; }

    public long BadRecords { get; set; }

    public long Truncated { get; set; }

    /// <summary>Lines skipped inside session files whose session was kept.</summary>
    public long LinesSkipped { get; set; }

    /// <summary>The file's read report (records, types, versions, lines skipped or split).</summary>
    public ReadReport Read { get; } = new();
}
