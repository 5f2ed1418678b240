using TraceCurate.Diagnostics;
using TraceCurate.Reading;
using TraceCurate.Recipes;

namespace TraceCurate.Inspect;

/// <summary>What <c>inspect</c> and <c>report</c> read, and how: the command line's settings, parsed.</summary>
public sealed record InspectOptions
{
    /// <summary>Files, folders (read recursively) or globs, relative to the current directory.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    public string? Format { get; init; }

    public GroupKey? By { get; init; }

    public int Threads { get; init; } = Environment.ProcessorCount;

    public bool SkipBadRecords { get; init; }

    /// <summary>--skip-unknown: files of folder and glob inputs that no reader claims are skipped and listed on <see cref="Log"/>.</summary>
    public bool SkipUnknown { get; init; }

    /// <summary>--max-record-bytes: a record (a line, a whole session file) longer than this is a bad record; null for the default (docs/safety.md).</summary>
    public long? MaxRecordBytes { get; init; }

    /// <summary>Where warnings go (stderr in the CLI; never stdout, which may carry the JSON).</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Draw a progress line on <see cref="Log"/> (the CLI sets this when stderr is a terminal and not -q).</summary>
    public bool Progress { get; init; }

    /// <summary>The caller writes the JSON document and nothing else (<see cref="Inspection.SpoolsInputs"/>).</summary>
    public bool JsonOnly { get; init; }
}

/// <summary>
/// The whole of <c>inspect</c> and <c>report</c> up to the figures: resolve the inputs as <c>run</c> does, read every
/// trace through the readers, and add it to an <see cref="Inspection"/>. The CLI and the tests both call this.
/// </summary>
public static class InspectJob
{
    /// <summary>
    /// Starts the read path's warm-up (<see cref="ReadWarmUp"/>) with what inspect and report do with each trace: its
    /// statistics, and their JSON. Called by the command line as the command is named, before its options are parsed.
    /// </summary>
    internal static void WarmUp() => ReadWarmUp.Start(traces =>
    {
        var inspection = new Inspection();
        foreach (var t in traces) inspection.Add(t);
        StatisticsJson.Write(inspection, Stream.Null);
    });

    public static Inspection Run(InspectOptions options)
    {
        if (options.Inputs.Count == 0) throw new UsageException("give at least one INPUT (a file, folder or glob)");
        var cwd = Directory.GetCurrentDirectory();
        var specs = options.Inputs.Select(p => new InputSpec(p, cwd, new RecipePosition("INPUT", 0, 0))).ToList();
        // Reading starts while later inputs are still being resolved; what it logs waits until the resolution has ended,
        // and an error of the resolution comes before any of reading's (it is earlier in input order).
        // Without a progress line (which sums every input's counts and needs their total) nothing is kept of an input once
        // its entry is finished: the resolution's inputs, the names and the counts are dropped as each input ends.
        using var resolving = ResolvingInputs.Start(specs, options.Format, options.SkipUnknown, keepInputs: options.Progress);
        var log = new HeldLog(options.Log);
        var counts = new ReadCountsByInput();
        var inspection = new Inspection(options.By) { SpoolsInputs = options.JsonOnly };
        var named = new List<InputStatistics?>(); // null once finished
        var reading = new TraceReadingOptions
        {
            Threads = options.Threads, SkipBadRecords = options.SkipBadRecords, Log = log, Counts = counts,
            ReleaseRecords = true, // an Inspection keeps figures, never a trace
        };
        int? inputs = null; // how many, once the resolution has ended
        var finished = 0;
        try
        {
            // The progress line's total needs every input first.
            if (options.Progress)
            {
                inputs = Resolved(resolving, options.Log, log);
                counts.Grow(inputs.Value); // the progress line sums them from its own thread: made before it starts
            }
            // Records are counted uncompressed: the total is known only when no input is compressed.
            using (options.Progress ? new ProgressLine(options.Log, () => (counts.Sum(c => c.Traces), counts.Sum(c => c.Bytes)), UncompressedTotal(resolving.Wait())) : null)
                foreach (var read in TraceReading.Read(WithLimits(resolving.InOrder(), options), reading))
                {
                    if (inputs is null && resolving.Done) inputs = Resolved(resolving, options.Log, log);
                    // A trace whose source is not its input's (none seen so far) is added as a new input after all the
                    // named ones, as when every input was named before reading.
                    if (!string.Equals(read.Trace.Source.Path, resolving[read.InputIndex].Path, StringComparison.Ordinal))
                        inputs ??= Resolved(resolving, options.Log, log);
                    Name(inspection, named, resolving, inputs is null ? read.InputIndex : inputs.Value - 1, cwd);
                    // Records come in input order: the inputs before this trace's are read whole, their counts final.
                    if (finished < read.InputIndex)
                    {
                        for (; finished < read.InputIndex; finished++)
                        {
                            Finish(named[finished]!, counts[finished], inspection);
                            named[finished] = null;
                            if (!options.Progress) counts.Drop(finished); // the progress line sums every input's counts
                        }
                        resolving.Release(finished);
                    }
                    inspection.Add(read.Trace);
                }
        }
        catch when (inputs is null)
        {
            inputs = Resolved(resolving, options.Log, log); // the resolution's own error instead, when it has one
            throw;
        }
        inputs ??= Resolved(resolving, options.Log, log);
        Name(inspection, named, resolving, inputs.Value - 1, cwd);
        for (; finished < named.Count; finished++) Finish(named[finished]!, counts[finished], inspection);
        return inspection;
    }

    /// <summary>The inputs with the command line's record limit, when it gives one (every reader sees it through its options).</summary>
    private static IEnumerable<Formats.InputFile> WithLimits(IEnumerable<Formats.InputFile> inputs, InspectOptions options)
    {
        if (options.MaxRecordBytes is not { } max) return inputs;
        var limits = Formats.ReadLimits.Default with { MaxRecordBytes = max };
        return inputs.Select(i => i with { Options = i.Options with { Limits = limits } });
    }

    private static void Finish(InputStatistics input, ReadCounts counts, Inspection inspection)
    {
        input.Records = counts.Records;
        input.BadRecords = counts.BadRecords;
        input.TruncatedRecords = counts.Truncated;
        input.LinesSkipped = counts.LinesSkipped;
        input.Read = counts.Read;
        inspection.Finished(input);
    }

    /// <summary>
    /// Waits for the resolution (throwing its error) and says which files it skipped, before whatever reading has logged
    /// so far: the order of the log when every input was resolved before reading.
    /// </summary>
    private static int Resolved(ResolvingInputs resolving, TextWriter log, HeldLog held)
    {
        var inputs = resolving.WaitForCount();
        if (resolving.Skipped.Count > 0)
        {
            log.WriteLine($"skipped {resolving.Skipped.Count} file(s) that no reader claims (--skip-unknown):");
            foreach (var path in resolving.Skipped) log.WriteLine("  " + DisplayPath.For(path));
        }
        held.Release();
        return inputs;
    }

    /// <summary>
    /// Names the inputs up to <paramref name="last"/> in the inspection, in input order (an input without traces is
    /// listed too), each just before its first trace is added, shown relative to <paramref name="cwd"/> (the current
    /// directory read once for the run, not once per input).
    /// </summary>
    private static void Name(Inspection inspection, List<InputStatistics?> named, ResolvingInputs resolving, int last, string cwd)
    {
        while (named.Count <= last)
        {
            var input = resolving[named.Count];
            var statistics = inspection.AddInput(input.Path, input.Reader.Format);
            statistics.Path = DisplayPath.For(statistics.Path, cwd).Replace('\\', '/');
            named.Add(statistics);
        }
    }

    private static long? UncompressedTotal(IReadOnlyList<Formats.InputFile> inputs) =>
        inputs.Any(i => Formats.FormatDetector.CompressionOf(i.Path) != Formats.FormatDetector.Compression.None) ? null : inputs.Sum(i => i.Length);
}
