using System.Buffers;

namespace TraceCurate.Steps.Redaction;

/// <summary>
/// Replaces exact strings (the user's secret values, a trace's user and host names) wherever they occur: no regex, so
/// the values never sit in a pattern that an error message could quote. At each position the longest value wins.
/// With <paramref name="wordBounded"/>, a value counts only between non-alphanumeric characters (a user name inside a
/// longer word is not that user).
/// </summary>
internal sealed class LiteralDetector : Detector
{
    private readonly string[] _values;
    private readonly SearchValues<string> _any;
    private readonly bool _wordBounded;

    public LiteralDetector(string kind, IEnumerable<string> values, bool wordBounded) : base(kind, [])
    {
        _values = values.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(v => v.Length).ThenBy(v => v, StringComparer.Ordinal).ToArray();
        _any = SearchValues.Create(_values, StringComparison.Ordinal);
        _wordBounded = wordBounded;
    }

    public bool IsEmpty => _values.Length == 0;

    public override bool IsMatch(string text) => Next(text, 0).Index >= 0;

    public override string Apply(string text, ref int count)
    {
        var (at, length) = Next(text, 0);
        if (at < 0) return text;
        var result = new System.Text.StringBuilder(text.Length);
        var from = 0;
        while (at >= 0)
        {
            result.Append(text, from, at - from).Append(Marker);
            count++;
            from = at + length;
            (at, length) = Next(text, from);
        }
        return result.Append(text, from, text.Length - from).ToString();
    }

    /// <summary>The next occurrence at or after <paramref name="start"/>: its index (-1 for none) and length.</summary>
    private (int Index, int Length) Next(string text, int start)
    {
        while (start < text.Length && _values.Length > 0)
        {
            var i = text.AsSpan(start).IndexOfAny(_any);
            if (i < 0) return (-1, 0);
            var at = start + i;
            foreach (var v in _values)
            {
                if (!text.AsSpan(at).StartsWith(v, StringComparison.Ordinal)) continue;
                if (!_wordBounded || (Bounded(text, at - 1) && Bounded(text, at + v.Length))) return (at, v.Length);
            }
            start = at + 1;
        }
        return (-1, 0);
    }

    private static bool Bounded(string text, int i) => i < 0 || i >= text.Length || !char.IsAsciiLetterOrDigit(text[i]);
}
