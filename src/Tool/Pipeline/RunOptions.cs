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

    public CompileCache Cache { get; init; } = CompileCache.Default();

    /// <summary>Where the funnel, warnings and progress go (stderr in the CLI).</summary>
    public TextWriter Log { get; init; } = TextWriter.Null;

    /// <summary>Draw a progress line (the CLI sets this when stderr is a terminal).</summary>
    public bool Progress { get; init; }
}
