namespace TraceCurate.Recipes;

public sealed partial record Recipe
{
    /// <summary>
    /// Exact secret values from the command line (<c>--secret</c>, <c>--secrets-from</c>), which every <c>redact</c>
    /// step replaces besides its own. Never part of the recipe's text, hash or manifest.
    /// </summary>
    public SecretList CommandLineSecrets { get; init; } = SecretList.Empty;
}

/// <summary>Secret values that no <c>ToString</c>, log line or record printer can show: only their number.</summary>
public sealed class SecretList(IReadOnlyList<string> values)
{
    public static readonly SecretList Empty = new([]);

    public IReadOnlyList<string> Values { get; } = values;

    public override string ToString() => $"[{Values.Count} secret value(s)]";
}
