namespace TraceCurate.Traces;

/// <summary>
/// Token counts and cost. Every figure is nullable: unknown is not 0. <see cref="InputTokens"/> is uncached input.
/// </summary>
public sealed record Usage
{
    public static readonly Usage Unknown = new();

    public long? InputTokens { get; init; }

    public long? OutputTokens { get; init; }

    public long? CacheReadTokens { get; init; }

    public long? CacheWriteTokens { get; init; }

    public decimal? CostUsd { get; init; }

    public long? ReasoningTokens { get; init; }

    /// <summary>Number of model calls the figures cover.</summary>
    public int? ApiCalls { get; init; }

    /// <summary>True when a figure is known to be a lower bound or an estimate.</summary>
    public bool Approximate { get; init; }

    /// <summary>Input plus output tokens, counting cached reads and writes; null when nothing is known.</summary>
    public long? TotalTokens =>
        InputTokens is null && OutputTokens is null && CacheReadTokens is null && CacheWriteTokens is null
            ? null
            : (InputTokens ?? 0) + (OutputTokens ?? 0) + (CacheReadTokens ?? 0) + (CacheWriteTokens ?? 0);

    /// <summary>Adds two usages figure by figure; a figure stays null only when both sides are null.</summary>
    public Usage Add(Usage other) =>
        // Unknown plus a usage is that usage, figure for figure (a cost keeps its decimal places): no copy is made of it.
        ReferenceEquals(this, Unknown) ? other : ReferenceEquals(other, Unknown) ? this : new()
    {
        InputTokens = Sum(InputTokens, other.InputTokens),
        OutputTokens = Sum(OutputTokens, other.OutputTokens),
        CacheReadTokens = Sum(CacheReadTokens, other.CacheReadTokens),
        CacheWriteTokens = Sum(CacheWriteTokens, other.CacheWriteTokens),
        CostUsd = CostUsd is null && other.CostUsd is null ? null : (CostUsd ?? 0) + (other.CostUsd ?? 0),
        ReasoningTokens = Sum(ReasoningTokens, other.ReasoningTokens),
        ApiCalls = ApiCalls is null && other.ApiCalls is null ? null : (ApiCalls ?? 0) + (other.ApiCalls ?? 0),
        Approximate = Approximate || other.Approximate,
    };

    private static long? Sum(long? a, long? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);
}
