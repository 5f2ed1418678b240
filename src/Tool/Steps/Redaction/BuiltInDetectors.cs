namespace TraceCurate.Steps.Redaction;

/// <summary>
/// The built-in detectors, in the order they run (output-formats §12.7): specific key formats before the generic
/// <c>assignment</c> rule, so a key gets its own kind. Groups name several at once in a recipe.
/// </summary>
internal static class BuiltInDetectors
{
    public static readonly IReadOnlyList<Detector> All =
    [
        new("private_key", ["PRIVATE KEY-----"], @"-----BEGIN (?:[A-Z0-9 ]+ )?PRIVATE KEY-----[\s\S]*?-----END (?:[A-Z0-9 ]+ )?PRIVATE KEY-----"),
        new("anthropic_key", ["sk-ant-"], @"\bsk-ant-[A-Za-z0-9_-]{20,}"),
        new("openai_key", ["sk-"], @"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"),
        new("aws_access_key", ["AKIA", "ASIA"], @"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
        new("github_token", ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], @"\bgh[pousr]_[A-Za-z0-9]{36,}\b", @"\bgithub_pat_[A-Za-z0-9_]{22,}\b"),
        new("hf_token", ["hf_"], @"\bhf_[A-Za-z0-9]{30,}\b"),
        new("slack_token", ["xox", "hooks.slack.com"], @"\bxox[abposr]-[A-Za-z0-9-]{10,}\b", @"https://hooks\.slack\.com/services/[A-Za-z0-9/]+"),
        new("google_key", ["AIza"], @"\bAIza[0-9A-Za-z_-]{35}\b"),
        new("stripe_key", ["_live_", "_test_", "whsec_"], @"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b", @"\bwhsec_[A-Za-z0-9]{24,}\b"),
        new("jwt", ["eyJ"], @"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
        new("url_password", ["://"], @"\b[a-z][a-z0-9+.-]*://[^\s:/@]+:([^\s@/]+)@"),
        new("assignment", ["pass", "secret", "token", "key"], @"(?i)\b(?:password|passwd|secret|token|api[_-]?key|access[_-]?key)\b[""']?\s*[:=]\s*[""']?([^\s""']{8,})"),
        new("email", ["@"], @"\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b"),
        new("home_path", ["/Users/", "/home/", "\\Users\\"], @"/Users/([^/\s]+)", @"/home/([^/\s]+)", @"[A-Za-z]:\\Users\\([^\\\s]+)"),
    ];

    private static readonly string[] Secrets =
    [
        "private_key", "anthropic_key", "openai_key", "aws_access_key", "github_token", "hf_token", "slack_token",
        "google_key", "stripe_key", "jwt", "url_password", "assignment",
    ];

    /// <summary>The names a recipe may list: groups (<c>secrets</c>, <c>emails</c>, <c>home-paths</c>, <c>all</c>) and single kinds.</summary>
    public static IEnumerable<string> Names => new[] { "all", "secrets", "emails", "home-paths" }.Concat(All.Select(d => d.Kind));

    /// <summary>The kinds a name stands for; null when the name is unknown.</summary>
    public static IReadOnlyList<string>? Expand(string name) => name switch
    {
        "all" => All.Select(d => d.Kind).ToList(),
        "secrets" => Secrets,
        "emails" or "email" => ["email"],
        "home-paths" or "home_path" => ["home_path"],
        _ => All.Any(d => d.Kind == name) ? [name] : null,
    };
}
