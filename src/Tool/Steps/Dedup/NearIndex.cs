namespace TraceCurate.Steps.Dedup;

/// <summary>
/// LSH over MinHash signatures: the rows are cut into bands; two traces are candidates when some band is equal, and
/// a candidate is a near-duplicate when its signature similarity reaches the threshold. The band size is chosen so
/// the LSH curve's midpoint <c>(1/bands)^(1/rows)</c> lies at least 0.1 below the threshold: few true matches are
/// missed, and the signature check removes the false candidates. Keeps the signatures of kept traces only.
/// </summary>
internal sealed class NearIndex
{
    private readonly double _threshold;
    private readonly int _bands;
    private readonly int _rows;
    private readonly Dictionary<ulong, List<int>>[] _buckets;
    private readonly List<(ulong[] Signature, string Id)> _kept = [];

    public NearIndex(int permutations, double threshold)
    {
        _threshold = threshold;
        _rows = 1;
        for (var rows = permutations; rows >= 1; rows--)
        {
            if (permutations % rows != 0) continue;
            if (Math.Pow(1.0 / (permutations / rows), 1.0 / rows) <= threshold - 0.1) { _rows = rows; break; }
        }
        _bands = permutations / _rows;
        _buckets = Enumerable.Range(0, _bands).Select(_ => new Dictionary<ulong, List<int>>()).ToArray();
    }

    /// <summary>The kept trace this one nearly duplicates, with the estimated similarity; else adds it and returns null.</summary>
    public (string Id, double Similarity)? FindOrAdd(ulong[] signature, string id)
    {
        var keys = new ulong[_bands];
        for (var b = 0; b < _bands; b++)
        {
            var h = 14695981039346656037UL ^ (ulong)b;
            for (var r = 0; r < _rows; r++) { h ^= signature[b * _rows + r]; h *= 1099511628211UL; h ^= h >> 29; }
            keys[b] = h;
            if (!_buckets[b].TryGetValue(h, out var members)) continue;
            foreach (var index in members)
            {
                var similarity = MinHash.Similarity(signature, _kept[index].Signature);
                if (similarity >= _threshold) return (_kept[index].Id, similarity);
            }
        }
        var self = _kept.Count;
        _kept.Add((signature, id));
        for (var b = 0; b < _bands; b++)
        {
            if (!_buckets[b].TryGetValue(keys[b], out var members)) _buckets[b][keys[b]] = members = [];
            members.Add(self);
        }
        return null;
    }
}
