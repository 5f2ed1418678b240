namespace TraceCurate.Manifests;

/// <summary>
/// What <c>manifest.json</c> says, as data: built by a run, read back by <c>verify</c>, <c>diff</c> and <c>merge</c>, and
/// written only by <see cref="ManifestJson"/>, so every path to the file gives the same bytes.
/// </summary>
public sealed record ManifestModel
{
    /// <summary>The lower-case hex SHA-256 the manifest records for a file or a listing.</summary>
    public static string Sha(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    public required string ToolVersion { get; init; }

    public required string RuntimeVersion { get; init; }

    public required RecipeEntry Recipe { get; init; }

    /// <summary>The recipe's <c>params:</c> after <c>--set</c>, in recipe order: bool, int, long, double or string values.</summary>
    public IReadOnlyList<KeyValuePair<string, object>> Params { get; init; } = [];

    public IReadOnlyList<FileEntry> Imports { get; init; } = [];

    public required string CompileCacheKey { get; init; }

    /// <summary>The recipe turned the snippet guard off (<c>unsafe: true</c>); written only when true (docs/safety.md).</summary>
    public bool Unsafe { get; init; }

    public long? Limit { get; init; }

    public IReadOnlyList<InputEntry> Inputs { get; init; } = [];

    /// <summary>Files of folder and glob inputs that no reader claims, skipped under --skip-unknown (relative to the recipe).</summary>
    public IReadOnlyList<string> SkippedUnknown { get; init; } = [];

    public IReadOnlyList<StepEntry> Steps { get; init; } = [];

    public IReadOnlyList<OutputEntry> Outputs { get; init; } = [];
}

public sealed record RecipeEntry(string Name, string File, string Sha256);

public sealed record FileEntry(string Path, string Sha256);

/// <summary>One input file: path relative to the recipe's folder, its bytes and SHA-256 as stored, and what was read.</summary>
public sealed record InputEntry(string Path, string Format, long Bytes, string Sha256, long Records, long Traces, long BadRecordsSkipped, long TruncatedRecordsSkipped)
{
    /// <summary>The file's read report (docs/reproducibility.md, "read"); null in manifests written before it existed.</summary>
    public Formats.ReadReport? Read { get; init; }
}

/// <summary>One step's funnel: <c>in</c>, <c>kept</c>, <c>dropped</c> first, then <c>dropped.&lt;reason&gt;</c> and the step's own counters by name.</summary>
public sealed record StepEntry(string Name, string Verb, IReadOnlyList<KeyValuePair<string, long>> Counters)
{
    public long Get(string counter) => Counters.FirstOrDefault(c => c.Key == counter).Value;
}

/// <summary>
/// One recipe output: its path relative to the output folder, the records written, and its bytes and SHA-256. An output
/// that is a folder of files (one file per session, shards) lists them in <see cref="Files"/>; its bytes are their sum
/// and its SHA-256 is taken over the lines "path TAB sha256" of its files in ordinal order.
/// </summary>
public sealed record OutputEntry(string Path, string Format, long Records, long Bytes, string Sha256, IReadOnlyList<OutputFile> Files)
{
    /// <summary>
    /// Kept traces that did not become a record of their own, by reason in ordinal order (<c>no_assistant_turn</c>,
    /// <c>subagent_inlined</c>, <c>other_split</c>, …): <see cref="Records"/> plus these is every trace the run kept.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, long>> Skipped { get; init; } = [];

    /// <summary>Under <c>subagents: inline</c>, the sub-agents written as records of their own because they could not be placed.</summary>
    public long SubagentsNotInlined { get; init; }

    /// <summary>True when the output is its one file (not a folder of files).</summary>
    public bool IsSingleFile => Files.Count == 1 && Files[0].Path == Path;

    public static OutputEntry Of(string path, string format, long records, IReadOnlyList<OutputFile> files)
    {
        var ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        if (ordered.Count == 1 && ordered[0].Path == path) return new(path, format, records, ordered[0].Bytes, ordered[0].Sha256, ordered);
        var listing = string.Concat(ordered.Select(f => $"{f.Path}\t{f.Sha256}\n"));
        return new(path, format, records, ordered.Sum(f => f.Bytes), ManifestModel.Sha(System.Text.Encoding.UTF8.GetBytes(listing)), ordered);
    }
}

/// <summary>One file of an output, path relative to the output folder.</summary>
public sealed record OutputFile(string Path, long Bytes, string Sha256);
