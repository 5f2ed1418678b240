namespace TraceCurate.Steps.Redaction;

/// <summary>
/// The built-in detectors, in the order they run (output-formats §12.7): the credential rules (specific key formats
/// before the generic assignment rules, so a key gets its own kind), then e-mail addresses and home paths. Groups name
/// several at once in a recipe; <c>identities</c> also turns on the per-trace user and host names (<see cref="IdentityFinder"/>).
/// </summary>
internal static class BuiltInDetectors
{
    public static readonly IReadOnlyList<Detector> All =
    [
        .. CredentialRules.All,
        new("email", ["@"], @"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"),
        new("home_path", ["/Users/", "/home/", "\\Users\\"], @"/Users/([^/\s]+)", @"/home/([^/\s]+)", @"[A-Za-z]:\\Users\\([^\\\s]+)"),
    ];

    private static readonly string[] Secrets = CredentialRules.All.Select(d => d.Kind).ToArray();

    /// <summary>The group that turns on the per-trace identity pass (and the home-path detector).</summary>
    public const string Identities = "identities";

    /// <summary>The names a recipe may list: groups (<c>secrets</c>, <c>emails</c>, <c>home-paths</c>, <c>identities</c>, <c>all</c>) and single kinds.</summary>
    public static IEnumerable<string> Names => new[] { "all", "secrets", "emails", "home-paths", Identities }.Concat(All.Select(d => d.Kind));

    /// <summary>The kinds a name stands for; null when the name is unknown.</summary>
    public static IReadOnlyList<string>? Expand(string name) => name switch
    {
        "all" => All.Select(d => d.Kind).ToList(),
        "secrets" => Secrets,
        "emails" or "email" => ["email"],
        "home-paths" or "home_path" or Identities => ["home_path"],
        _ => All.Any(d => d.Kind == name) ? [name] : null,
    };

    /// <summary>True when the name turns on the identity pass.</summary>
    public static bool TurnsOnIdentities(string name) => name is "all" or Identities;
}
