namespace TraceCurate.Diagnostics;

/// <summary>
/// Every TC code the tool prints, in one place so that docs/diagnostics.md and the code cannot drift apart.
/// Codes are output contract: never renumber one.
/// </summary>
public static class DiagnosticCodes
{
    /// <summary>The recipe is not valid YAML.</summary>
    public const string RecipeSyntax = "TC0001";

    /// <summary>The recipe is YAML but not a valid recipe: unknown key, wrong type, missing key, bad value.</summary>
    public const string RecipeSchema = "TC0002";

    /// <summary>A path in the recipe or on the command line names nothing.</summary>
    public const string InputNotFound = "TC0003";

    /// <summary>A record of an input file is malformed.</summary>
    public const string BadRecord = "TC0004";

    /// <summary>A snippet threw while running on a trace.</summary>
    public const string SnippetFailed = "TC0005";

    /// <summary>An input file matches no known format, or a forced format is unknown.</summary>
    public const string UnknownFormat = "TC0006";

    /// <summary>A truncated last line (a writer that crashed) was skipped.</summary>
    public const string TruncatedRecord = "TC0007";

    /// <summary>An output could not be written.</summary>
    public const string OutputFailed = "TC0008";

    /// <summary>An imported .csx file is not usable (a directive the tool does not support).</summary>
    public const string ImportInvalid = "TC0009";

    /// <summary>A reader had to approximate something in a record (kept, with this warning).</summary>
    public const string ReaderWarning = "TC0010";

    /// <summary>A manifest or part manifest cannot be read.</summary>
    public const string ManifestInvalid = "TC0020";

    /// <summary>A recipe cannot run as a shard (an order-dependent step, an output that cannot be merged, --limit).</summary>
    public const string ShardRefused = "TC0021";

    /// <summary>The parts given to merge do not belong together (another recipe or plan, a missing or repeated shard).</summary>
    public const string MergeMismatch = "TC0022";

    /// <summary>verify found a difference between the rebuild and the manifest.</summary>
    public const string VerifyMismatch = "TC0023";

    /// <summary>A snippet names something outside the safety guard's allow-list (docs/safety.md).</summary>
    public const string SnippetNotAllowed = "TC0011";

    /// <summary>More bad records than <c>max_bad_records</c> allows were skipped; the run gives up.</summary>
    public const string TooManyBadRecords = "TC0012";

    /// <summary>The run took longer than <c>--timeout</c> and was stopped.</summary>
    public const string RunTimedOut = "TC0013";

    /// <summary>The run was interrupted by SIGINT or SIGTERM.</summary>
    public const string RunInterrupted = "TC0014";

    /// <summary>An input file exists but cannot be read: no permission, an I/O error, or a broken gzip stream.</summary>
    public const string InputUnreadable = "TC0015";

    /// <summary>The publish scan found a secret, identity or pattern left in an output meant for publishing (docs/safety.md).</summary>
    public const string PublishScanFailed = "TC0030";
}
