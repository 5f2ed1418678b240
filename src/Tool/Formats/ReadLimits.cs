namespace TraceCurate.Formats;

/// <summary>
/// The bounds that keep hostile or broken input from eating memory or time (docs/safety.md). The defaults are
/// generous for real traces; a recipe (<c>max_record_bytes</c>, <c>max_bad_records</c>) or the command line
/// (<c>--max-record-bytes</c>, <c>--max-bad-records</c>) changes them.
/// </summary>
public sealed record ReadLimits
{
    public const long DefaultMaxRecordBytes = 256L << 20;

    public const long DefaultMaxBadRecords = 1000;

    /// <summary>JSON nesting deeper than this is a bad record (<see cref="Json.Parse"/>); fixed, not an option.</summary>
    public const int MaxDepth = 256;

    public static readonly ReadLimits Default = new();

    /// <summary>A record (a JSONL line, a session file) longer than this is a bad record; it is never read into memory whole.</summary>
    public long MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;

    /// <summary>Under <c>on_bad_record: skip</c>, the run fails once more than this many records were skipped.</summary>
    public long MaxBadRecords { get; init; } = DefaultMaxBadRecords;

    public static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 when bytes % (1L << 30) == 0 => $"{bytes >> 30} GiB",
        >= 1L << 20 when bytes % (1L << 20) == 0 => $"{bytes >> 20} MiB",
        >= 1L << 10 when bytes % (1L << 10) == 0 => $"{bytes >> 10} KiB",
        _ => $"{bytes} bytes",
    };

    /// <summary>A size as a person reads it, to one decimal (a file's, where <see cref="Size"/> gives a limit exactly).</summary>
    internal static string Approximate(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB"),
        >= 1L << 20 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB"),
        _ => Size(bytes),
    };
}
