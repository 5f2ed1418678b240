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

    public string? Get(string key) => Settings.TryGetValue(key, out var value) ? value : null;
}
