using System.Text.RegularExpressions;

namespace TraceCurate.Pipeline.Redaction;

/// <summary>
/// One kind of secret or personal data and its patterns. A match is replaced by <c>&lt;redacted:KIND&gt;</c>; when a
/// pattern has a capturing group, only group 1 is (the password of <c>password=…</c>, the user of <c>/home/user</c>).
/// Regexes are compiled once and time out, so a pathological text fails the run instead of hanging it.
/// </summary>
internal sealed class Detector
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private readonly Regex[] _patterns;
    private readonly string _marker;

    public Detector(string kind, params string[] patterns)
    {
        Kind = kind;
        _marker = $"<redacted:{kind}>";
        _patterns = patterns.Select(p => new Regex(p, RegexOptions.Compiled | RegexOptions.CultureInvariant, Timeout)).ToArray();
    }

    public string Kind { get; }

    /// <summary>Replaces every match; adds the number replaced to <paramref name="count"/>.</summary>
    public string Apply(string text, ref int count)
    {
        var n = 0;
        foreach (var pattern in _patterns)
        {
            if (!pattern.IsMatch(text)) continue;
            text = pattern.Replace(text, m =>
            {
                var g = m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1] : m.Groups[0];
                // An earlier detector's marker is not a secret (token=<redacted:github_token> stays as it is).
                if (g.Value.StartsWith("<redacted:", StringComparison.Ordinal)) return m.Value;
                n++;
                return m.Value[..(g.Index - m.Index)] + _marker + m.Value[(g.Index - m.Index + g.Length)..];
            });
        }
        count += n;
        return text;
    }
}
