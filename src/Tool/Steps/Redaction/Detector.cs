using System.Buffers;
using System.Text.RegularExpressions;

namespace TraceCurate.Steps.Redaction;

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
    public virtual bool IsMatch(string text)
    {
        if (!MayMatch(text)) return false;
        var masked = Masked(text);
        return _patterns.Any(p => p.IsMatch(masked) && p.Matches(masked).Any(m => Accepts(Replaced(m))));
    }

    private static Group Replaced(Match m) => m.Groups.Count > 1 && m.Groups[1].Success ? m.Groups[1] : m.Groups[0];

    /// <summary>Not inside an earlier marker (masked), and a secret by the detector's own test when it has one.</summary>
    private bool Accepts(Group g) => !g.ValueSpan.Contains(MaskChar) && (_accept is null || _accept(g.Value));

    protected bool MayMatch(string text) => _hints is null || text.AsSpan().IndexOfAny(_hints) >= 0;

    private const char MaskChar = '\u0001';

    /// <summary>
    /// The text with every <c>&lt;redacted:KIND&gt;</c> marker blanked out (same length, so indexes agree): a marker
    /// holds a ':' and would otherwise read as the user and password of <c>https://&lt;redacted:x&gt;@host</c>, while
    /// a real password next to a marker (<c>postgres://&lt;redacted:user&gt;:PASSWORD@db</c>) is still found.
    /// </summary>
    private static string Masked(string text)
    {
        var at = text.IndexOf("<redacted:", StringComparison.Ordinal);
        if (at < 0) return text;
        var chars = text.ToCharArray();
        while (at >= 0)
        {
            var end = text.IndexOf('>', at);
            if (end < 0) break;
            Array.Fill(chars, MaskChar, at, end - at + 1);
            at = text.IndexOf("<redacted:", end + 1, StringComparison.Ordinal);
        }
        return new string(chars);
    }

    /// <summary>Replaces every match; adds the number replaced to <paramref name="count"/>.</summary>
    public virtual string Apply(string text, ref int count)
    {
        if (!MayMatch(text)) return text;
        foreach (var pattern in _patterns)
        {
            var masked = Masked(text);
            if (!pattern.IsMatch(masked)) continue;
            System.Text.StringBuilder? result = null;
            var last = 0;
            foreach (Match m in pattern.Matches(masked))
            {
                var g = Replaced(m);
                if (!Accepts(g)) continue;
                result ??= new System.Text.StringBuilder(text.Length);
                result.Append(text, last, g.Index - last).Append(_marker);
                last = g.Index + g.Length;
                count++;
            }
            if (result is not null) text = result.Append(text, last, text.Length - last).ToString();
        }
        return text;
    }
}
