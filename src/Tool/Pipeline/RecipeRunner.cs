using Stopwatch = System.Diagnostics.Stopwatch;
using TraceCurate.Diagnostics;
using TraceCurate.Exports;
using TraceCurate.Formats;
using TraceCurate.Manifests;
using TraceCurate.Outputs;
using TraceCurate.Reading;
using TraceCurate.Recipes;
using TraceCurate.Steps;
using TraceCurate.Traces;

namespace TraceCurate.Pipeline;

/// <summary>
/// Runs a prepared recipe: one thread cuts the inputs into records and batches them; worker threads, a batch each,
/// parse them and run the stateless steps (<see cref="OrderedBatchMap"/>); then, on one thread and in input order, the
/// stateful steps run and the kept traces go to the writers. Errors, counts and outputs are therefore the same for any
/// thread count.
/// </summary>
public sealed class RecipeRunner(RecipePlan plan, RunOptions options)
{
    private readonly RunActivity _activity = new();
    private long _badRecords;

    /// <summary>Where <see cref="Finish"/> records each dropped trace, when the recipe has <c>rejects:</c>.</summary>
    private RejectsLog? _rejects;

    /// <summary>Runs over whole files and writes the outputs and <c>manifest.json</c> into <paramref name="outDir"/>.</summary>
    public RunResult Run(IReadOnlyList<InputFile> inputs, string outDir) =>
        Run(inputs, WorkPlan.WholeFiles(inputs), outDir, part: null);

    /// <summary>
    /// Runs over the given work units. With <paramref name="part"/>, writes this shard's part outputs and a part manifest
    /// instead of the manifest (merge turns the parts into the plain run's outputs and manifest).
    /// </summary>
    public RunResult Run(IReadOnlyList<InputFile> inputs, IReadOnlyList<WorkUnit> units, string outDir, PartInfo? part)
    {
        var stats = new RunInputs();
        var byPath = new Dictionary<string, InputFile>(StringComparer.Ordinal);
        foreach (var input in RecordBatches.IndexedAsTheyCome(inputs, SkipsBadRecords)) byPath.Add(input.Path, stats.Add(input));
        var work = units.Select(u => u with { File = byPath[u.File.Path] }).ToList();
        return Run(stats, work, resolution: null, outDir, part);
    }

    /// <summary>
    /// Runs over whole files as <paramref name="resolving"/> settles them (each made ready by <paramref name="prepare"/>),
    /// so that the workers read the first files while the later ones are still being detected; what reading logs goes
    /// to <paramref name="held"/>, released once the resolution has ended. Before the manifest every input is resolved,
    /// as when they were resolved before reading: the resolution's error is thrown there, and inputs a <c>--limit</c>
    /// left unread are listed. The caller throws the resolution's error instead of any other this throws
    /// (<see cref="RecipeJob"/>).
    /// </summary>
    internal RunResult Run(ResolvingInputs resolving, Func<InputFile, InputFile> prepare, HeldLog held, string outDir)
    {
        var stats = new RunInputs();
        var indexed = RecordBatches.IndexedAsTheyCome(resolving.InOrder().Select(prepare), SkipsBadRecords).Select(stats.Add);
        return Run(stats, WorkPlan.WholeFilesAsTheyCome(indexed), new Resolution(resolving, prepare, held, stats, SkipsBadRecords), outDir, part: null);
    }

    private bool SkipsBadRecords => (options.SkipBadRecords ? BadRecordPolicy.Skip : plan.Recipe.OnBadRecord) == BadRecordPolicy.Skip;

    private RunResult Run(RunInputs stats, IEnumerable<WorkUnit> work, Resolution? resolution, string outDir, PartInfo? part)
    {
        OutputChecks.ThrowIfEscaping(plan.Recipe, outDir); // before any thread starts or file is staged
        var clock = Stopwatch.StartNew();
        var funnel = new Funnel(plan.Steps);
        var log = resolution?.Held ?? options.Log;
        using var activity = _activity;
        using var watchdog = options.Timeout is { } timeout ? new Watchdog(timeout, _activity, options.Log) : null;
        using var cancel = new CancellationTokenSource();
        var (batches, producer) = RecordBatches.Start(work, cancel.Token, new InputHashing(stats, options.InputHashes), _activity);
        // A shard reads part of its files: the total would be wrong, so it shows no share and no time left.
        using var progress = options.Progress ? ProgressLine.ForInputs(options.ProgressLog ?? options.Log, stats, totalKnown: part is null) : null;

        using var outputs = new StagedOutputs(outDir, plan.Recipe.Outputs, options.Log);
        using var rejects = plan.Recipe.Rejects is { } rejectsPath ? new RejectsLog(outputs.Create(rejectsPath)) : null;
        _rejects = rejects;
        long traces = 0, kept = 0;
        var limitReached = false;
        int? stoppedIn = null; // the input where --limit stopped the reading, if it did
        // With no stateful step, a trace that passes the stateless steps is kept: its records are rendered right there,
        // on every core, and the writing thread only appends them in order.
        var render = plan.StatelessPrefix == plan.Steps.Count && outputs.CanRender ? outputs : null;
        var keepsTraces = outputs.KeepsTraces;
        var gate = PublishGate.For(plan); // outputs meant for publishing are scanned again (docs/safety.md)
        try
        {
            var judging = RecordBatches.Map(batches, batch => JudgeBatch(batch, render), options.Threads, cancel.Token);
            foreach (var (batch, results) in judging)
            {
                resolution?.EndIfDone();
                foreach (var result in results)
                {
                    var input = stats[result.Record.File.Index];
                    if (result.Failure is { } failure)
                    {
                        if (BadRecords.Handle(result.Record, failure, SkipsBadRecords,
                                "set 'on_bad_record: skip' or pass --skip-bad-records", input, log) is { } line)
                            CountSkipped(1, result.Record, line);
                        continue;
                    }
                    CountSkipped(BadRecords.Accept(result.Record, input, log), result.Record);
                    foreach (var judged in result.Traces)
                    {
                        if (options.Limit is { } limit && traces >= limit) { limitReached = true; stoppedIn = result.Record.File.Index; break; }
                        traces++;
                        input.Traces++;
                        var survivor = Finish(judged, funnel, result.Record);
                        if (survivor is null) continue;
                        kept++;
                        gate?.Check(survivor, result.Record.File.Path, result.Record.Line);
                        try
                        {
                            outputs.Write(survivor, ReferenceEquals(survivor, judged.Current) ? judged.Rendered : null);
                        }
                        catch (Exception e) when (e is not TraceCurateException)
                        {
                            // A writer that cannot represent a trace fails the run naming it, never with a stack trace.
                            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.OutputFailed,
                                $"an output could not write trace '{survivor.Id}' ({e.GetType().Name}: {e.Message}); no output was replaced",
                                result.Record.File.Path, result.Record.Line));
                        }
                    }
                    if (limitReached) break;
                }
                if (limitReached) { cancel.Cancel(); break; }
                // The batch is written and nothing keeps its traces: their records' chunks may be reused. An output that
                // holds a session for its sub-agents keeps traces, so their chunks are left to the garbage collector.
                if (!keepsTraces) foreach (var record in batch.Records) record.Release();
            }
            if (!limitReached) producer.GetAwaiter().GetResult();
            if (resolution is not null)
            {
                // With --limit the producer may still be taking an input: it ends first, then the unread inputs are added.
                if (limitReached) try { producer.Wait(); } catch (AggregateException) { /* as in finally: the limit ended the run */ }
                resolution.End();
                resolution.AddUnread();
            }
            var inputStats = stats.Settled();
            var files = outputs.Complete();
            if (rejects is not null)
            {
                rejects.Dispose();
                files = [.. files, outputs.Describe(plan.Recipe.Rejects!, "rejects", rejects.Records)];
            }
            if (part is null && RedactionsFile.Add(plan, outputs) is { } redactions) files = [.. files, redactions];
            var manifest = ManifestBuilder.Build(plan, inputStats, funnel, files, options.Limit, stoppedIn) with
            {
                SkippedUnknown = options.SkippedUnknown.Select(p => ManifestBuilder.Relative(plan.Recipe.Directory, p)).ToList(),
            };
            if (part is null)
            {
                outputs.AddFile(ManifestJson.FileName, ManifestJson.Write(manifest));
                outputs.Commit(lastFile: ManifestJson.FileName);
            }
            else
            {
                outputs.AddFile(PartManifest.FileName, PartManifest.Write(part with { Manifest = manifest }));
                outputs.Commit(lastFile: PartManifest.FileName);
            }
            return new RunResult(funnel, inputStats, files, traces, kept, clock.Elapsed, limitReached) { Unsafe = plan.Recipe.Unsafe, SkippedUnknown = options.SkippedUnknown };
        }
        finally
        {
            cancel.Cancel();
            try { producer.Wait(); } catch (AggregateException) { /* the consumer's own error is the one to report */ }
        }
    }

    /// <summary>Judges a batch's records in order, on one worker thread.</summary>
    private RecordResult[] JudgeBatch(Batch batch, StagedOutputs? render)
    {
        var results = new RecordResult[batch.Records.Count];
        for (var i = 0; i < results.Length; i++) results[i] = Judge(batch.Records[i], batch.Ordinal + i, render);
        return results;
    }

    /// <summary>Parses one record and runs the stateless steps on its traces. Runs on any thread; never throws.</summary>
    private RecordResult Judge(RawRecord record, long ordinal, StagedOutputs? render)
    {
        List<Trace> parsed;
        try
        {
            parsed = RecordParsing.Parse(record, ordinal);
        }
        catch (Exception e)
        {
            return new RecordResult(record, [], e);
        }
        // The traces of a large session (its sessions, its sub-agents) are judged and rendered on the reading's threads, as
        // its lines were read (SessionParts): each trace's judgement is its own, and lands in its place, so the outputs
        // are the same; a failure outside the steps (a writer's) is the first trace's in order, as one by one.
        var judged = new JudgedTrace[parsed.Count];
        SessionParts.ForEachTrace(record, parsed.Count, i => judged[i] = JudgeTrace(parsed[i], record, render));
        return new RecordResult(record, [.. judged], null);
    }

    /// <summary>One trace through the stateless steps, and rendered when it is kept and a writer renders on the workers.</summary>
    private JudgedTrace JudgeTrace(Trace trace, RawRecord record, StagedOutputs? render)
    {
        var prefix = plan.StatelessPrefix;
        var current = trace;
        var tallies = new StepCounters[prefix];
        int step;
        StepResult verdict = default;
        Exception? error = null;
        for (step = 0; step < prefix; step++)
        {
            tallies[step] = new StepCounters();
            _activity.Begin(plan.Steps[step].Name, trace, record.File.Path, record.Line);
            try
            {
                verdict = plan.Steps[step].Apply(current, tallies[step]);
            }
            catch (Exception e)
            {
                error = e;
                break;
            }
            finally
            {
                _activity.End();
            }
            if (!verdict.IsKept) break;
            current = verdict.Kept!;
        }
        var rendered = render is not null && error is null && step == prefix ? render.Render(current) : null;
        return new JudgedTrace(trace, current, step, verdict.DropReason, tallies, error) { DropDetail = verdict.Detail, Rendered = rendered };
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
            _rejects?.Add(judged.Original.Id, plan.Steps[stoppedAt].Name, judged.DropReason!, judged.DropDetail);
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
            _activity.Begin(plan.Steps[step].Name, judged.Original, record.File.Path, record.Line);
            try
            {
                verdict = plan.Steps[step].Apply(current, tally);
            }
            catch (Exception e)
            {
                throw SnippetFailure(step, judged.Original, record, e);
            }
            finally
            {
                _activity.End();
            }
            funnel.Merge(step, tally);
            if (!verdict.IsKept)
            {
                funnel.Add(step, "dropped");
                funnel.Add(step, "dropped." + verdict.DropReason);
                _rejects?.Add(judged.Original.Id, plan.Steps[step].Name, verdict.DropReason!, verdict.Detail);
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
        // Snippet code probes the stack on entry to every method (SnippetCompiler), so runaway recursion lands here.
        var message = Scripting.CompiledSnippets.Describe(inner);
        return new TraceCurateException(Diagnostic.Error(DiagnosticCodes.SnippetFailed,
            $"step '{plan.Steps[step].Name}' threw {inner.GetType().Name} on trace '{trace.Id}': {message}; no output was replaced",
            record.File.Path, record.Line));
    }

    /// <summary>Bad records and bad session lines skipped count against one limit (max_bad_records).</summary>
    private void CountSkipped(long skipped, RawRecord record, long line = 0)
    {
        if (skipped == 0) return;
        _badRecords += skipped;
        var max = record.File.Options.Limits.MaxBadRecords;
        if (_badRecords > max)
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.TooManyBadRecords,
                $"more than {max} bad records were skipped (the limit: max_bad_records, --max-bad-records); giving up, no output was replaced",
                record.File.Path, line > 0 ? line : record.Report?.FirstLine ?? record.Line));
    }

    /// <summary>
    /// The inputs of a run that reads while they are resolved: its end (the resolution's error thrown, reading's held
    /// warnings released after it) is taken on the writing thread as soon as it is seen, and at the latest before the
    /// manifest, where inputs the reading never reached (<c>--limit</c>) are added to the figures as when every input was
    /// resolved first.
    /// </summary>
    private sealed class Resolution(ResolvingInputs resolving, Func<InputFile, InputFile> prepare, HeldLog held, RunInputs stats, bool skipBadRecords)
    {
        private bool _ended;

        public HeldLog Held => held;

        public void EndIfDone()
        {
            if (!_ended && resolving.Done) End();
        }

        public void End()
        {
            if (_ended) return;
            resolving.Wait();
            held.Release();
            _ended = true;
        }

        public void AddUnread()
        {
            var inputs = resolving.Wait();
            if (stats.Count == inputs.Count) return;
            foreach (var input in RecordBatches.IndexedAsTheyCome(inputs.Select(prepare), skipBadRecords).Skip(stats.Count)) stats.Add(input);
        }
    }

    private sealed record RecordResult(RawRecord Record, List<JudgedTrace> Traces, Exception? Failure);

    /// <summary>A trace after the stateless steps: where it stopped (== prefix when it passed them all) and why.</summary>
    private sealed record JudgedTrace(Trace Original, Trace Current, int StoppedAt, string? DropReason, StepCounters[] Tallies, Exception? Error)
    {
        public string? DropDetail { get; init; }

        /// <summary>The kept trace's records, rendered on the judging thread (null when rendered at write time).</summary>
        public RenderedRecord?[]? Rendered { get; init; }
    }
}
