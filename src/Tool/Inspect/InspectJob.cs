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
    public static Inspection Run(InspectOptions options)
    {
        if (options.Inputs.Count == 0) throw new UsageException("give at least one INPUT (a file, folder or glob)");
        var cwd = Directory.GetCurrentDirectory();
        var specs = options.Inputs.Select(p => new InputSpec(p, cwd, new RecipePosition("INPUT", 0, 0))).ToList();
        var skipped = new List<string>();
        var inputs = InputResolver.Resolve(specs, options.Format, options.SkipUnknown, skipped);
        if (skipped.Count > 0)
        {
            options.Log.WriteLine($"skipped {skipped.Count} file(s) that no reader claims (--skip-unknown):");
            foreach (var path in skipped) options.Log.WriteLine("  " + DisplayPath.For(path));
        }
        var counts = inputs.Select(_ => new ReadCounts()).ToList();
        var inspection = new Inspection(options.By) { SpoolsInputs = options.JsonOnly };
        var named = inputs.Select(i => inspection.AddInput(i.Path, i.Reader.Format)).ToList();
        foreach (var input in named) input.Path = DisplayPath.For(input.Path).Replace('\\', '/');
        var reading = new TraceReadingOptions
        {
            Threads = options.Threads, SkipBadRecords = options.SkipBadRecords, Log = options.Log, Counts = counts,
            ReleaseRecords = true, // an Inspection keeps figures, never a trace
        };
        // Records are counted uncompressed: the total is known only when no input is compressed.
        var finished = 0;
        using (options.Progress ? new ProgressLine(options.Log, () => (counts.Sum(c => c.Traces), counts.Sum(c => c.Bytes)), UncompressedTotal(inputs)) : null)
            foreach (var read in TraceReading.Read(inputs, reading))
            {
                // Records come in input order: the inputs before this trace's are read whole, their counts final.
                for (; finished < read.InputIndex; finished++) Finish(named[finished], counts[finished], inspection);
                inspection.Add(read.Trace);
            }
        for (; finished < named.Count; finished++) Finish(named[finished], counts[finished], inspection);
        return inspection;
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

    private static long? UncompressedTotal(IReadOnlyList<Formats.InputFile> inputs) =>
        inputs.Any(i => Formats.FormatDetector.CompressionOf(i.Path) != Formats.FormatDetector.Compression.None) ? null : inputs.Sum(i => i.Length);
}
