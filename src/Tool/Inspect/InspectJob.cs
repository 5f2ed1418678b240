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
        var inspection = new Inspection(options.By);
        var named = inputs.Select(i => inspection.AddInput(i.Path, i.Reader.Format)).ToList();
        foreach (var input in named) input.Path = DisplayPath.For(input.Path).Replace('\\', '/');
        var reading = new TraceReadingOptions
        {
            Threads = options.Threads, SkipBadRecords = options.SkipBadRecords, Log = options.Log, Counts = counts,
            ReleaseRecords = true, // an Inspection keeps figures, never a trace
        };
        // Records are counted uncompressed: the total is known only when no input is compressed.
        using (options.Progress ? new ProgressLine(options.Log, () => (counts.Sum(c => c.Traces), counts.Sum(c => c.Bytes)), UncompressedTotal(inputs)) : null)
            foreach (var read in TraceReading.Read(inputs, reading)) inspection.Add(read.Trace);
        for (var i = 0; i < named.Count; i++)
        {
            named[i].Records = counts[i].Records;
            named[i].BadRecords = counts[i].BadRecords;
            named[i].TruncatedRecords = counts[i].Truncated;
            named[i].LinesSkipped = counts[i].LinesSkipped;
            named[i].Read = counts[i].Read;
        }
        return inspection;
    }

    private static long? UncompressedTotal(IReadOnlyList<Formats.InputFile> inputs) =>
        inputs.Any(i => Formats.FormatDetector.CompressionOf(i.Path) != Formats.FormatDetector.Compression.None) ? null : inputs.Sum(i => i.Length);
}
