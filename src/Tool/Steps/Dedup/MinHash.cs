using System.Text;

namespace TraceCurate.Steps.Dedup;

/// <summary>
/// MinHash signatures over word shingles (output-formats §12.5): words are lower-cased runs of letters and digits
/// (no Unicode compatibility folding: the tool runs with invariant globalization, where NFKC is not available),
/// shingles are <c>k</c> consecutive words (a text shorter than k words is one shingle). Each word is hashed (FNV-1a 64,
/// finalised with SplitMix64), a shingle combines its words' hashes, and each row permutes the shingle hashes by
/// <c>a·h + b</c> (odd <c>a</c>) and a shift-xor: one multiply per row, which is most of near-dedup's cost
/// (bench/StepCost). Fixed constants: the same signature on every machine.
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
        var words = WordHashes(text);
        var count = Math.Max(1, words.Count - shingle + 1);
        for (var start = 0; start < count; start++)
        {
            var h = 14695981039346656037UL;
            for (var w = start; w < Math.Min(words.Count, start + shingle); w++) h = (h ^ words[w]) * 1099511628211UL;
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

    /// <summary>The FNV-1a hash of each word of <see cref="Words"/>, without building the words' strings.</summary>
    private static List<ulong> WordHashes(string text)
    {
        var hashes = new List<ulong>(text.Length / 5);
        var h = 14695981039346656037UL;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                h = (h ^ char.ToLowerInvariant(c)) * 1099511628211UL;
                inWord = true;
                continue;
            }
            if (!inWord) continue;
            hashes.Add(Mix(h));
            h = 14695981039346656037UL;
            inWord = false;
        }
        if (inWord) hashes.Add(Mix(h));
        return hashes;
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
