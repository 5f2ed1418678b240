namespace TraceCurate.Recipes;

/// <summary>
/// The known name closest to a misspelt one, for messages like "unknown key 'splt'; did you mean 'split'?". Closeness
/// is the number of single-letter insertions, deletions, substitutions and swaps of neighbours (so 'fromat' is one
/// step from 'format'); a name more than a third of its length away is not suggested, since that is a guess.
/// </summary>
public static class DidYouMean
{
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        if (typed.Length > 64) return null; // no key is that long; and the table below grows with the length
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(typed.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
                (best, bestDistance) = (candidate, distance);
        }
        return best is not null && best != typed && bestDistance <= Math.Max(1, Math.Max(typed.Length, best.Length) / 3) ? best : null;
    }

    /// <summary><c> (did you mean 'x'?)</c> with a leading space, or "" when no known name is close.</summary>
    public static string Hint(string typed, IEnumerable<string> known) =>
        Closest(typed, known) is { } match ? $" (did you mean '{match}'?)" : "";

    /// <summary>Edit distance with adjacent swaps counted as one edit (optimal string alignment).</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
