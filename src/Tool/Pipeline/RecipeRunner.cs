using Stopwatch = System.Diagnostics.Stopwatch;
using System.Threading.Channels;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Recipes;
using TraceCurate.Traces;

namespace TraceCurate.Pipeline;

/// <summary>
/// Runs a prepared recipe: one thread cuts the inputs into records and batches them; each batch is parsed and judged
/// by the stateless steps on every core; then, on one thread and in input order, the stateful steps run and the kept
/// traces go to the writers. Errors, counts and outputs are therefore the same for any thread count.
/// </summary>
public sealed class RecipeRunner(RecipePlan plan, RunOptions options)
{
    private const int BatchRecords = 256;
    private const int BatchBytes = 16 << 20;

    public RunResult Run(IReadOnlyList<InputFile> inputs, string outDir)
    {
        var clock = Stopwatch.StartNew();
        var funnel = new Funnel(plan.Steps);
        var policy = options.SkipBadRecords ? BadRecordPolicy.Skip : plan.Recipe.OnBadRecord;
        var stats = inputs.Select(i => new InputStats(i)).ToArray();
        using var cancel = new CancellationTokenSource();
        var batches = Channel.CreateBounded<Batch>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => Produce(inputs, stats, batches.Writer, cancel.Token));
        using var progress = options.Progress ? new ProgressLine(options.Log, stats) : null;

        using var outputs = new StagedOutputs(outDir, plan.Recipe.Outputs);
        long traces = 0, kept = 0;
        var limitReached = false;
        try
        {
            foreach (var batch in batches.Reader.ReadAllAsync().ToBlockingEnumerable())
            {
                var results = new RecordResult[batch.Records.Count];
                Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Threads) },
                    i => results[i] = Judge(batch.Records[i], batch.Ordinal + i));
                foreach (var result in results)
                {
                    var input = stats[result.Record.File.Index];
                    if (result.Failure is { } failure)
                    {
                        HandleBadRecord(result.Record, failure, policy, input);
                        continue;
                    }
                    input.Records++;
                    foreach (var judged in result.Traces)
                    {
                        if (options.Limit is { } limit && traces >= limit) { limitReached = true; break; }
                        traces++;
                        input.Traces++;
                        var survivor = Finish(judged, funnel, result.Record);
                        if (survivor is null) continue;
                        kept++;
                        outputs.Write(survivor);
                    }
                    if (limitReached) break;
                }
                if (limitReached) { cancel.Cancel(); break; }
            }
            if (!limitReached) producer.GetAwaiter().GetResult();
            var files = outputs.Complete();
            var manifest = Manifest.Build(plan, stats, funnel, files, options.Limit);
            outputs.AddFile(Manifest.FileName, manifest);
            outputs.Commit(lastFile: Manifest.FileName);
            return new RunResult(funnel, stats, files, traces, kept, clock.Elapsed, limitReached);
        }
        finally
        {
            cancel.Cancel();
            try { producer.Wait(); } catch (AggregateException) { /* the consumer's own error is the one to report */ }
        }
    }

    /// <summary>Parses one record and runs the stateless steps on its traces. Runs on any thread; never throws.</summary>
    private RecordResult Judge(RawRecord record, long ordinal)
    {
        List<Trace> parsed;
        try
        {
            var source = new TraceSource(record.File.Path, record.Line, record.Bytes) { Ordinal = ordinal };
            // Error classes, recoveries and outcome are filled here, once per parsed trace, before any step sees it.
            parsed = record.File.Reader.Parse(record, record.File.Options).Select(t => TraceAnalyzer.Analyze(t with { Source = source })).ToList();
        }
        catch (Exception e)
        {
            return new RecordResult(record, [], e);
        }
        var judged = new List<JudgedTrace>(parsed.Count);
        var prefix = plan.StatelessPrefix;
        foreach (var trace in parsed)
        {
            var current = trace;
            var tallies = new StepCounters[prefix];
            int step;
            StepResult verdict = default;
            Exception? error = null;
            for (step = 0; step < prefix; step++)
            {
                tallies[step] = new StepCounters();
                try
                {
                    verdict = plan.Steps[step].Apply(current, tallies[step]);
                }
                catch (Exception e)
                {
                    error = e;
                    break;
                }
                if (!verdict.IsKept) break;
                current = verdict.Kept!;
            }
            judged.Add(new JudgedTrace(trace, current, step, verdict.DropReason, tallies, error));
        }
        return new RecordResult(record, judged, null);
    }

    /// <summary>Folds a judged trace into the funnel in input order, then runs the stateful steps. Null when dropped.</summary>
    private Trace? Finish(JudgedTrace judged, Funnel funnel, RawRecord record)
    {
        var prefix = plan.StatelessPrefix;
        var stoppedAt = judged.StoppedAt;
        for (var step = 0; step < Math.Min(stoppedAt + 1, prefix); step++)
        {
            funnel.Add(step, "in");
            if (judged.Tallies[step] is { } tally) funnel.Merge(step, tally);
        }
        if (judged.Error is { } error) throw SnippetFailure(stoppedAt, judged.Original, record, error);
        if (stoppedAt < prefix)
        {
            funnel.Add(stoppedAt, "dropped");
            funnel.Add(stoppedAt, "dropped." + judged.DropReason);
            for (var step = 0; step < stoppedAt; step++) funnel.Add(step, "kept");
            return null;
        }
        for (var step = 0; step < prefix; step++) funnel.Add(step, "kept");
        var current = judged.Current;
        for (var step = prefix; step < plan.Steps.Count; step++)
        {
            funnel.Add(step, "in");
            var tally = new StepCounters();
            StepResult verdict;
            try
            {
                verdict = plan.Steps[step].Apply(current, tally);
            }
            catch (Exception e)
            {
                throw SnippetFailure(step, judged.Original, record, e);
            }
            funnel.Merge(step, tally);
            if (!verdict.IsKept)
            {
                funnel.Add(step, "dropped");
                funnel.Add(step, "dropped." + verdict.DropReason);
                return null;
            }
            funnel.Add(step, "kept");
            current = verdict.Kept!;
        }
        return current;
    }

    private TraceCurateException SnippetFailure(int step, Trace trace, RawRecord record, Exception error)
    {
        var inner = error is System.Reflection.TargetInvocationException { InnerException: { } e } ? e : error;
        return new TraceCurateException(Diagnostic.Error(DiagnosticCodes.SnippetFailed,
            $"step '{plan.Steps[step].Name}' threw {inner.GetType().Name} on trace '{trace.Id}': {inner.Message}; no output was replaced",
            record.File.Path, record.Line));
    }

    private void HandleBadRecord(RawRecord record, Exception failure, BadRecordPolicy policy, InputStats input)
    {
        var line = failure is BadRecordException { Line: > 0 } b ? record.Line + b.Line - 1 : record.Line;
        var column = failure is BadRecordException bad ? bad.Column : 0;
        var message = failure is BadRecordException ? failure.Message : $"unreadable record ({failure.GetType().Name}: {failure.Message})";
        if (record.Unterminated)
        {
            // A writer that crashed leaves a cut last line (input-formats §1.3): skipped with a warning by default.
            input.Truncated++;
            options.Log.WriteLine(Diagnostic.Warning(DiagnosticCodes.TruncatedRecord,
                $"the last line has no line end and does not parse; skipped as a truncated record ({message})", record.File.Path, line));
            return;
        }
        var diagnostic = Diagnostic.Error(DiagnosticCodes.BadRecord, message, record.File.Path, line, column);
        if (policy == BadRecordPolicy.Fail)
            throw new TraceCurateException(diagnostic with
            {
                Message = message + " (set 'on_bad_record: skip' or pass --skip-bad-records to skip bad records)",
            });
        input.BadRecords++;
        options.Log.WriteLine(diagnostic with { Severity = Severity.Warning, Message = "skipped: " + message });
    }

    private static async Task Produce(IReadOnlyList<InputFile> inputs, InputStats[] stats, ChannelWriter<Batch> writer, CancellationToken cancel)
    {
        try
        {
            long ordinal = 0;
            for (var i = 0; i < inputs.Count && !cancel.IsCancellationRequested; i++)
            {
                var file = inputs[i] with { Index = i };
                using var hashing = new HashingStream(new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan));
                stats[i].Stream = hashing;
                using var content = FormatDetector.Decompress(hashing, file.Path);
                var records = new List<RawRecord>(BatchRecords);
                var bytes = 0;
                foreach (var record in file.Reader.Split(content, file))
                {
                    if (cancel.IsCancellationRequested) return;
                    records.Add(record);
                    bytes += record.Bytes.Length;
                    if (records.Count < BatchRecords && bytes < BatchBytes) continue;
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
                content.CopyTo(Stream.Null); // a reader that stops early still hashes the whole file
                stats[i].Finish();
            }
            writer.Complete();
        }
        catch (OperationCanceledException)
        {
            writer.TryComplete();
        }
        catch (Exception e)
        {
            writer.TryComplete(e);
        }
    }

    private sealed record Batch(List<RawRecord> Records, long Ordinal);

    private sealed record RecordResult(RawRecord Record, List<JudgedTrace> Traces, Exception? Failure);

    /// <summary>A trace after the stateless steps: where it stopped (== prefix when it passed them all) and why.</summary>
    private sealed record JudgedTrace(Trace Original, Trace Current, int StoppedAt, string? DropReason, StepCounters[] Tallies, Exception? Error);
}
