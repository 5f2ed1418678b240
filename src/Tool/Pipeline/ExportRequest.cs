using TraceCurate.Manifests;

namespace TraceCurate.Pipeline;

/// <summary>The <c>export</c> command's settings, already parsed and checked. Paths are relative to the current directory.</summary>
public sealed record ExportRequest
{
    /// <summary>Files, folders or globs to read.</summary>
    public required IReadOnlyList<string> Inputs { get; init; }

    /// <summary>The output format (an <see cref="Catalog.OutputFormats"/> name).</summary>
    public required string Format { get; init; }

    /// <summary><c>error-recovery</c>, <c>success</c> or <c>failure</c>; null keeps every trace.</summary>
    public string? Filter { get; init; }

    /// <summary>Keep traces that started at or after this instant (already resolved to an absolute UTC time).</summary>
    public DateTimeOffset? Since { get; init; }

    public bool IncludeMetadata { get; init; }

    /// <summary><c>--subagents</c>: <c>separate</c>, <c>drop</c> or <c>inline</c>; null leaves the default (separate).</summary>
    public string? Subagents { get; init; }

    /// <summary>The output file; null writes the records to standard output (and keeps no manifest).</summary>
    public string? OutputFile { get; init; }

    /// <summary>How to run: threads, log, bad records. Its inputs, output folder and manifest name are set by the export.</summary>
    public RunOptions Run { get; init; } = new();
}
