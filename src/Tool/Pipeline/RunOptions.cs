using TraceCurate.Reading;
using TraceCurate.Scripting;

namespace TraceCurate.Pipeline;

/// <summary>How to run a recipe: the command line's settings, already parsed. Paths here are relative to the current directory.</summary>
public sealed record RunOptions
{
    /// <summary>The output folder; null means <c>./out/&lt;recipe name&gt;</c>.</summary>
    public string? OutDir { get; init; }

    /// <summary>Parse and judge traces on this many threads. Outputs are identical for every value.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Stop after this many input traces.</summary>
    public long? Limit { get; init; }

    /// <summary>Inputs from <c>--input</c>; when given they replace the recipe's own inputs.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>From <c>--format</c>: read every input as this format instead of detecting it.</summary>
    public string? Format { get; init; }

    /// <summary>From <c>--skip-bad-records</c>: overrides the recipe's <c>on_bad_record</c> with <c>skip</c>.</summary>
    public bool SkipBadRecords { get; init; }

    /// <summary>--skip-unknown: files of folder and glob inputs that no reader claims are skipped, counted and listed.</summary>
    public bool SkipUnknown { get; init; }

    /// <summary>The files skipped for <see cref="SkipUnknown"/>, filled in when the inputs are resolved (full paths, in order).</summary>
    public IReadOnlyList<string> SkippedUnknown { get; init; } = [];

    /// <summary>From <c>--shard i/N</c> or <c>--shards N</c>: run only this shard's slice of the work units.</summary>
    public ShardSpec? Shard { get; init; }

    /// <summary>From <c>--unit-size</c>: the byte size at which a sharded run cuts large JSONL files into work units.</summary>
    public long UnitBytes { get; init; } = TraceCurate.Reading.WorkPlan.DefaultUnitBytes;
    /// <summary>From <c>--max-record-bytes</c>: overrides the recipe's <c>max_record_bytes</c> (docs/safety.md).</summary>
    public long? MaxRecordBytes { get; init; }

    /// <summary>From <c>--max-bad-records</c>: overrides the recipe's <c>max_bad_records</c> (docs/safety.md).</summary>
    public long? MaxBadRecords { get; init; }

    /// <summary>From <c>--timeout</c>: the process exits with an error when reading, judging and writing take longer.</summary>
    public TimeSpan? Timeout { get; init; }
    /// <summary>From <c>--set name=value</c>: overrides of the recipe's <c>params:</c>.</summary>
    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    /// <summary>From <c>--secret</c> and <c>--secrets-from</c>: exact values every redact step replaces (docs/safety.md).</summary>
    public Recipes.SecretList Secrets { get; init; } = Recipes.SecretList.Empty;

    public CompileCache Cache { get; init; } = CompileCache.Default();

    /// <summary>Remembered SHA-256 of unchanged inputs (the CLI's <c>run</c> uses the one beside the compile cache).</summary>
    public InputHashCache InputHashes { get; init; } = InputHashCache.Disabled;

    /// <summary>Where the funnel, warnings and progress go (stderr in the CLI).</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Draw a progress line (the CLI sets this when stderr is a terminal).</summary>
    public bool Progress { get; init; }

    /// <summary>Where the progress line goes when not to <see cref="Log"/> (verify silences the rebuild's log, not its progress).</summary>
    public TextWriter? ProgressLog { get; init; }
}
