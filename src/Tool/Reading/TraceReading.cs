using TraceCurate.Formats;
using TraceCurate.Traces;

namespace TraceCurate.Reading;

/// <summary>
/// Reads resolved inputs into traces, in input order, for commands that look at traces without a recipe
/// (<c>inspect</c>, <c>report</c>), through the run's own read path: the producer <see cref="RecordBatches"/> (without
/// hashing, which only a run's manifest needs), Parse on up to <see cref="TraceReadingOptions.Threads"/> worker threads
/// a batch at a time (<see cref="OrderedBatchMap"/>, <see cref="RecordParsing"/>), and the run's bad-record policy
/// (<see cref="BadRecords"/>): a malformed record stops with its diagnostic unless skipping is asked for; a cut last
/// line is skipped with a warning; damaged lines inside a kept session are counted and logged as <c>run</c> logs them.
/// </summary>
public static class TraceReading
{
    /// <param name="inputs">
    /// The inputs in order; enumerated on the producer's thread as it goes, so they may still be coming in
    /// (<see cref="ResolvingInputs.InOrder"/>). An input's position in this sequence is its <see cref="ReadTrace.InputIndex"/>.
    /// </param>
    public static IEnumerable<ReadTrace> Read(IEnumerable<InputFile> inputs, TraceReadingOptions options)
    {
        using var cancel = new CancellationTokenSource();
        var units = WorkPlan.WholeFilesAsTheyCome(RecordBatches.IndexedAsTheyCome(inputs, options.SkipBadRecords));
        var (batches, producer) = RecordBatches.Start(units, cancel.Token);
        try
        {
            // Chunks are released after a batch, as a run's are, only when the caller keeps no trace (ReleaseRecords);
            // otherwise it may keep them (a list of them, a report's examples), and their chunks are left to the collector.
            foreach (var (batch, results) in RecordBatches.Map(batches, Parse, options.Threads, cancel.Token))
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
                    BadRecords.Accept(record, counts, options.Log);
                    if (counts is not null) counts.Bytes += record.Bytes.Length;
                    foreach (var trace in results[i].Traces!)
                    {
                        if (counts is not null) counts.Traces++;
                        yield return new ReadTrace(record.File.Index, trace);
                    }
                }
                // The caller asked for the next trace after the batch's last: it is done with this batch's traces.
                if (options.ReleaseRecords) foreach (var record in batch.Records) record.Release();
            }
        }
        finally
        {
            cancel.Cancel();
            try { producer.Wait(); } catch (AggregateException) { /* cancelled, or its error already surfaced in order */ }
        }
    }

    /// <summary>
    /// Parses a batch's records in order, on one worker; a record that fails carries its exception. The recoveries and
    /// the outcome, which a run works out only when a step reads them, are worked out here: inspect and report read
    /// them for every trace, and on the consuming thread they were a serial fifth of its work.
    /// </summary>
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
            // Outside the record's try: an analyzer that throws is a bug to report, not a bad record to skip. The traces of a
            // large session on the reading's threads, each its own work (SessionParts).
            if (results[i].Traces is { } traces) SessionParts.ForEachTrace(batch.Records[i], traces.Count, k => WorkOutAnalysis(traces[k]));
        }
        return results;
    }

    /// <summary>Reads the lazily worked-out analysis once, so that it is kept for the consumer.</summary>
    private static void WorkOutAnalysis(Trace trace)
    {
        _ = trace.Recoveries;
        _ = trace.Outcome;
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

    /// <summary>
    /// True when the caller keeps no trace, nor anything that reads a trace's lazy fields, once it asks for the next
    /// trace after a batch's last: each batch's records are then released (their pooled arrays reused for later files).
    /// </summary>
    public bool ReleaseRecords { get; init; }

    /// <summary>One entry per input, filled while reading (records, traces, skipped records); null to count nothing.</summary>
    public IReadOnlyList<ReadCounts>? Counts { get; init; }
}

/// <summary>What was read from one input file.</summary>
public sealed class ReadCounts : IReadTally
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
