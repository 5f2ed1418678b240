namespace TraceCurate.Formats;

/// <summary>
/// Settings shared by every reader, in one record so that a new setting does not change every reader's signature.
/// Format-specific settings travel in <see cref="Settings"/> (e.g. <c>branches: all</c> for Pi).
/// </summary>
public sealed record ReadOptions
{
    public static readonly ReadOptions Default = new();

    /// <summary>Format-specific input settings from the recipe's input entry, by key.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>Record size and bad-record bounds (docs/safety.md); splitters read <see cref="ReadLimits.MaxRecordBytes"/>.</summary>
    public ReadLimits Limits { get; init; } = ReadLimits.Default;

    /// <summary>
    /// The run skips bad records (<c>--skip-bad-records</c>, <c>on_bad_record: skip</c>): a session reader then skips a
    /// bad line of a session file, counted in the read report, and keeps the session (<see cref="WholeFileLines.Values"/>).
    /// Set by the pipeline, never by a recipe key.
    /// </summary>
    public bool SkipBadLines { get; init; }

    public string? Get(string key) => Settings.TryGetValue(key, out var value) ? value : null;
}
