using System.Buffers;
using System.Text.RegularExpressions;

namespace TraceCurate.Steps.Redaction;

/// <summary>
/// Finds the user and host names a trace reveals (docs/safety.md, "Identities"), so that they are replaced everywhere
/// in it, not only where they were found: home paths (<c>/home/NAME</c>, <c>/Users/NAME</c>, <c>C:\Users\NAME</c>),
/// shell prompts (<c>NAME@HOST:~/x$</c>, <c>[NAME@HOST dir]$</c>, <c>NAME@HOST ~ %</c>), <c>[sudo] password for
/// NAME:</c>, the owner and group columns of <c>ls -l</c>, the project folders that agents encode from paths
/// (<c>-home-NAME-…</c>, <c>-Users-NAME-…</c>, <c>C--Users-NAME-…</c>) and <c>USER=</c> / <c>HOSTNAME=</c> lines.
/// Account names that identify no one (<c>root</c>, <c>ubuntu</c>, <c>runner</c>, …) are left alone.
/// </summary>
internal static class IdentityFinder
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private static Regex R(string pattern) => new(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, Timeout);

    /// <summary>Each pattern captures <c>u</c> (a user name), <c>g</c> (a group, also a user name) or <c>h</c> (a host).</summary>
    private static readonly Regex[] Patterns =
    [
        R(@"(?:/home|/Users|/var/home|/export/home)/(?<u>[A-Za-z0-9._-]+)"),
        R(@"[A-Za-z]:\\+Users\\+(?<u>[A-Za-z0-9._-]+)"),
        R(@"(?<![A-Za-z0-9._%+-])(?<u>[a-z_][a-z0-9_.-]{0,31})@(?<h>[A-Za-z0-9][A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]+)*(?::[~/]| [~/][^\n@]{0,100}?[%$#](?: |$))"),
        R(@"\[(?<u>[a-z_][a-z0-9_.-]{0,31})@(?<h>[A-Za-z0-9][A-Za-z0-9.-]{0,62}) [^\]\n]{1,100}\][$#]"),
        R(@"\[sudo\] password for (?<u>[A-Za-z0-9._-]+):"),
        R(@"(?m)^[-dlcbps][rwxsStT-]{9}[@+.]?[ \t]+\d+[ \t]+(?<u>[A-Za-z0-9._-]+)[ \t]+(?<g>[A-Za-z0-9._-]+)[ \t]+\d+"),
        R(@"(?<![A-Za-z0-9])(?:[A-Za-z]-)?-+(?:home|Users)-(?<u>[A-Za-z0-9_.]+)"),
        R(@"\b(?:USER|LOGNAME|USERNAME)=(?<u>[A-Za-z0-9._-]+)"),
        R(@"\bHOSTNAME=(?<h>[A-Za-z0-9][A-Za-z0-9.-]*)"),
    ];

    private static readonly SearchValues<string> Hints = SearchValues.Create(
        ["/home/", "/Users/", "\\Users\\", "@", "[sudo]", "rw", "r-", "-home-", "-Users-", "USER=", "LOGNAME=", "USERNAME=", "HOSTNAME="],
        StringComparison.Ordinal);

    /// <summary>Account and host names that identify no one: system and CI accounts, placeholders, folders under /home.</summary>
    private static readonly HashSet<string> Generic = new(
    [
        "root", "user", "users", "admin", "administrator", "home", "ubuntu", "debian", "centos", "fedora", "runner", "runneradmin",
        "vscode", "node", "app", "www-data", "nobody", "staff", "wheel", "shared", "public", "default", "guest", "dev", "test",
        "me", "you", "ec2-user", "codespace", "codespaces", "jovyan", "circleci", "travis", "build", "docker", "git", "sandbox",
        "agent", "work", "workspace", "project", "projects", "src", "tmp", "local", "linuxbrew", "daemon", "sys", "bin",
        "everyone", "username", "name", "yourname", "your_username", "your-username", "vagrant", "pi", "postgres", "mysql",
        "nginx", "lib", "localhost", "host", "hostname", "server", "container", "github", "gitlab", "example", "claude",
        "coder", "developer", "ci", "library", "applications", "desktop", "documents", "downloads", "code", "repos", "repo",
    ], StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds the names that <paramref name="text"/> reveals to <paramref name="users"/> and <paramref name="hosts"/>.</summary>
    public static void Collect(string? text, ISet<string> users, ISet<string> hosts)
    {
        if (string.IsNullOrEmpty(text) || text.AsSpan().IndexOfAny(Hints) < 0) return;
        foreach (var pattern in Patterns)
        {
            for (var m = pattern.Match(text); m.Success; m = m.NextMatch())
            {
                // 'app@1.0.0 /srv/app' (npm ls) is not a prompt: a host has a letter.
                if (m.Groups["h"] is { Success: true } h && !h.Value.Any(char.IsAsciiLetter)) continue;
                Add(m.Groups["u"], users);
                Add(m.Groups["g"], users);
                Add(m.Groups["h"], hosts);
            }
        }
    }

    private static void Add(Group g, ISet<string> names)
    {
        if (!g.Success) return;
        var name = g.Value.TrimEnd('.', '-', '_');
        if (IsIdentifying(name)) names.Add(name);
    }

    /// <summary>
    /// Long enough, with a letter, not an account that identifies no one, not a marker already, and not hex (a
    /// container's host name <c>3f2a9c1d</c>: replacing it would change ids and hashes that hold the same digits).
    /// </summary>
    public static bool IsIdentifying(string name) =>
        name.Length >= 2 && name.Any(char.IsAsciiLetter) && !name.All(char.IsAsciiHexDigit) && !Generic.Contains(name) && !name.StartsWith("redacted", StringComparison.Ordinal);
}
