using System.Text;

namespace TraceCurate.Pipeline.Dedup;

/// <summary>
/// MinHash signatures over word shingles (output-formats §12.5): words are lower-cased runs of letters and digits
/// (no Unicode compatibility folding: the tool runs with invariant globalization, where NFKC is not available),
/// shingles are <c>k</c> consecutive words (a text shorter than k words is one shingle), each shingle hashed with
/// FNV-1a 64 and finalised with SplitMix64, then permuted per row by <c>a·h + b</c> (odd <c>a</c>) and a shift-xor:
/// one multiply per row, which is most of near-dedup's cost (bench/StepCost). Fixed constants: deterministic everywhere.
/// </summary>
internal sealed class MinHash(int permutations, int shingle)
{
    private readonly ulong[] _a = Enumerable.Range(0, permutations).Select(i => Mix(0x9E3779B97F4A7C15UL * (ulong)(i + 1)) | 1).ToArray();
    private readonly ulong[] _b = Enumerable.Range(0, permutations).Select(i => Mix(0xD1B54A32D192ED03UL * (ulong)(i + 1))).ToArray();

    public int Permutations => permutations;

    public ulong[] Signature(string text)
    {
        var signature = new ulong[permutations];
        Array.Fill(signature, ulong.MaxValue);
        var words = Words(text);
        var count = Math.Max(1, words.Count - shingle + 1);
        for (var start = 0; start < count; start++)
        {
            var h = 14695981039346656037UL;
            for (var w = start; w < Math.Min(words.Count, start + shingle); w++)
            {
                foreach (var c in words[w]) { h ^= c; h *= 1099511628211UL; }
                h ^= ' '; h *= 1099511628211UL;
            }
            h = Mix(h);
            for (var i = 0; i < permutations; i++)
            {
                var v = h * _a[i] + _b[i];
                v ^= v >> 31;
                if (v < signature[i]) signature[i] = v;
            }
        }
        return signature;
    }

    /// <summary>The share of equal rows: an estimate of the Jaccard similarity of the two shingle sets.</summary>
    public static double Similarity(ulong[] a, ulong[] b)
    {
        var equal = 0;
        for (var i = 0; i < a.Length; i++) if (a[i] == b[i]) equal++;
        return (double)equal / a.Length;
    }

    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c)) { sb.Append(char.ToLowerInvariant(c)); continue; }
            if (sb.Length > 0) { words.Add(sb.ToString()); sb.Clear(); }
        }
        if (sb.Length > 0) words.Add(sb.ToString());
        return words;
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
