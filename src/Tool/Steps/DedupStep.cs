using System.Globalization;
using TraceCurate.Recipes;
using TraceCurate.Scripting;
using TraceCurate.Steps.Dedup;
using TraceCurate.Traces;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Steps;

/// <summary>
/// <c>dedup: exact</c>, <c>dedup: {key: EXPR}</c> or <c>dedup: {near: {key: EXPR, threshold: 0.85}}</c>: keeps the first
/// trace in input order of each group of duplicates (output-formats §12.5). Stateful, on one thread in input order.
/// Remembers a 16-byte digest (exact) or a MinHash signature (near) and the id per kept trace, never the texts.
/// </summary>
internal sealed class DedupStep : IRecipeStep
{
    private readonly Snippet<Func<Trace, object?>>? _key;
    private readonly Dictionary<UInt128, string>? _exact;
    private readonly MinHash? _minHash;
    private readonly NearIndex? _near;

    private DedupStep(string name, Snippet<Func<Trace, object?>>? key, MinHash? minHash, double threshold)
    {
        Name = name;
        _key = key;
        if (minHash is null) _exact = [];
        else
        {
            _minHash = minHash;
            _near = new NearIndex(minHash.Permutations, threshold);
        }
    }

    public string Name { get; }

    public bool IsStateless => false;

    public static IRecipeStep Create(StepDefinition definition, StepBuildContext context)
    {
        var y = context.Yaml;
        var value = definition.Value;
        if (value is YamlScalarNode)
        {
            return y.String(value, "dedup") switch
            {
                "exact" => new DedupStep(definition.Name, null, null, 0),
                "near" => new DedupStep(definition.Name, null, new MinHash(128, 5), 0.85),
                var other => throw y.Error(value, $"dedup must be 'exact', 'near', {{key: EXPR}} or {{near: {{…}}}}, not '{other}'"),
            };
        }
        var keys = y.Keys(y.Mapping(value, "dedup"), "dedup", "key", "near");
        if (keys.ContainsKey("key") && keys.ContainsKey("near"))
            throw y.Error(value, "dedup takes 'key' (exact) or 'near', not both; put the key inside near: {key: …}");
        if (keys.TryGetValue("key", out var keyNode))
            return new DedupStep(definition.Name, context.Snippets.AddKey(context.SnippetOf(keyNode, "key")), null, 0);
        if (!keys.TryGetValue("near", out var nearNode)) throw y.Error(value, "dedup needs 'key' or 'near'");
        var near = y.Keys(y.Mapping(nearNode, "near"), "near", "key", "threshold", "shingle", "permutations");
        var threshold = near.TryGetValue("threshold", out var t) ? StepOptions.Number(context, t, "threshold") : 0.85;
        if (threshold is <= 0 or > 1) throw y.Error(near["threshold"], $"threshold must be above 0 and at most 1, not {threshold}");
        var shingle = near.TryGetValue("shingle", out var s) ? (int)StepOptions.Integer(context, s, "shingle", min: 1) : 5;
        var permutations = near.TryGetValue("permutations", out var p) ? (int)StepOptions.Integer(context, p, "permutations", min: 8) : 128;
        var key = near.TryGetValue("key", out var k) ? context.Snippets.AddKey(context.SnippetOf(k, "key")) : null;
        return new DedupStep(definition.Name, key, new MinHash(permutations, shingle), threshold);
    }

    public StepResult Apply(Trace trace, StepCounters counters)
    {
        if (_exact is not null)
        {
            var digest = _key is null ? ContentKey.Digest(trace) : ContentKey.Digest(KeyText.Of(_key.Delegate(trace)));
            if (_exact.TryGetValue(digest, out var first)) return StepResult.Drop("duplicate", $"same {(_key is null ? "content" : "key")} as '{first}'");
            _exact[digest] = trace.Id;
            return StepResult.Keep(trace);
        }
        var text = _key is null ? ContentKey.Text(trace) : KeyText.Of(_key.Delegate(trace));
        if (_near!.FindOrAdd(_minHash!.Signature(text), trace.Id) is { } match)
            return StepResult.Drop("near-duplicate", string.Create(CultureInfo.InvariantCulture, $"similar to '{match.Id}' (estimated Jaccard {match.Similarity:F2})"));
        return StepResult.Keep(trace);
    }
}
