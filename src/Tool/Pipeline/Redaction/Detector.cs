using System.Buffers;
using System.Text.RegularExpressions;

namespace TraceCurate.Pipeline.Redaction;

/// <summary>
/// One kind of secret or personal data and its patterns. A match is replaced by <c>&lt;redacted:KIND&gt;</c>; when a
/// pattern has a capturing group, only group 1 is (the password of <c>password=…</c>, the user of <c>/home/user</c>).
/// Regexes are compiled once and time out, so a pathological text fails the run instead of hanging it.
/// </summary>
internal class Detector
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private readonly Regex[] _patterns;
    private readonly string _marker;
    private readonly SearchValues<string>? _hints;
    private readonly Func<string, bool>? _accept;

    public Detector(string kind, params string[] patterns) : this(kind, [], patterns) { }

    /// <summary>The text that replaces a match: <c>&lt;redacted:KIND&gt;</c>.</summary>
    protected string Marker => _marker;

    /// <param name="hints">
    /// Literals (compared ignoring case) of which every match contains at least one; a text with none skips the
    /// regexes. Most texts hold no secret, so this is most of the step's speed (bench/StepCost). Empty: always scan.
    /// </param>
    public Detector(string kind, string[] hints, params string[] patterns) : this(kind, hints, null, patterns) { }

    /// <param name="accept">
    /// Decides on the replaced text (group 1, or the match) whether it really is a secret: the entropy rule uses it to
    /// leave words, numbers and ids alone. Null accepts every match.
    /// </param>
    public Detector(string kind, string[] hints, Func<string, bool>? accept, params string[] patterns)
    {
        Kind = kind;
        _accept = accept;
        Hints = hints;
        _hints = hints.Length == 0 ? null : SearchValues.Create(hints, StringComparison.OrdinalIgnoreCase);
        _marker = $"<redacted:{kind}>";
        _patterns = patterns.Select(p => new Regex(p, RegexOptions.Compiled | RegexOptions.CultureInvariant, Timeout)).ToArray();
    }

    public string Kind { get; }

    /// <summary>The literals one of which every match contains; empty when the detector has none (a user pattern).</summary>
    public IReadOnlyList<string> Hints { get; }

    /// <summary>True when the text holds something this detector would replace (a marker of an earlier one is not).</summary>
    public virtual bool IsMatch(string text) => MayMatch(text) && _patterns.Any(p => p.IsMatch(text) && p.Matches(text).Any(Accepts));

    private bool Accepts(Match m)
    {
        var g = m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1] : m.Groups[0];
        return !g.Value.StartsWith("<redacted:", StringComparison.Ordinal) && (_accept is null || _accept(g.Value));
    }

    protected bool MayMatch(string text) => _hints is null || text.AsSpan().IndexOfAny(_hints) >= 0;

    /// <summary>Replaces every match; adds the number replaced to <paramref name="count"/>.</summary>
    public virtual string Apply(string text, ref int count)
    {
        if (!MayMatch(text)) return text;
        var n = 0;
        foreach (var pattern in _patterns)
        {
            if (!pattern.IsMatch(text)) continue;
            text = pattern.Replace(text, m =>
            {
                var g = m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1] : m.Groups[0];
                // An earlier detector's marker is not a secret (token=<redacted:github_token> stays as it is).
                if (g.Value.StartsWith("<redacted:", StringComparison.Ordinal)) return m.Value;
                if (_accept is not null && !_accept(g.Value)) return m.Value;
                n++;
                return m.Value[..(g.Index - m.Index)] + _marker + m.Value[(g.Index - m.Index + g.Length)..];
            });
        }
        count += n;
        return text;
    }
}
