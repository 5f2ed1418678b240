using TraceCurate.Recipes;
using TraceCurate.Scripting;
using TraceCurate.Traces;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Steps;

/// <summary>
/// <c>split: {by: EXPR, seed: 7, parts: {train: 0.9, test: 0.1}}</c> assigns every trace to one part by the hash of
/// (seed, step name, key), cumulatively in the order the parts are listed; it drops nothing. Traces with the same key
/// (e.g. the same task) always land in the same part. Outputs pick a part with <c>split: NAME</c>.
/// </summary>
internal sealed class SplitStep(string name, string seed, IReadOnlyList<(string Part, double Upper)> parts, Snippet<Func<Trace, object?>>? by)
    : IRecipeStep
{
    public string Name { get; } = name;

    public bool IsStateless => true;

    public IEnumerable<string> Parts => parts.Select(p => p.Part);

    public static IRecipeStep Create(StepDefinition definition, StepBuildContext context)
    {
        var y = context.Yaml;
        var keys = y.Keys(y.Mapping(definition.Value, "split"), "split", "parts", "seed", "by");
        if (!keys.TryGetValue("parts", out var partsNode)) throw y.Error(definition.Value, "split needs 'parts', e.g. {train: 0.9, test: 0.1}");
        if (!keys.TryGetValue("seed", out var seedNode)) throw y.Error(definition.Value, "split needs 'seed', so the split can be repeated");
        var parts = new List<(string, double)>();
        double total = 0;
        foreach (var (keyNode, valueNode) in y.Mapping(partsNode, "parts").Children)
        {
            var part = y.String(keyNode, "a part name");
            if (parts.Any(p => p.Item1 == part)) throw y.Error(keyNode, $"part '{part}' is listed twice");
            var share = y.Number(valueNode, $"part '{part}'");
            if (share is <= 0 or > 1) throw y.Error(valueNode, $"part '{part}' must be a fraction above 0 and at most 1, not {share}");
            total += share;
            parts.Add((part, total));
        }
        if (parts.Count == 0) throw y.Error(partsNode, "parts must list at least one part");
        if (Math.Abs(total - 1) > 1e-9) throw y.Error(partsNode, $"the parts' fractions must add up to 1, not {total}");
        parts[^1] = (parts[^1].Item1, double.PositiveInfinity); // rounding never leaves a trace without a part
        var by = keys.TryGetValue("by", out var b) ? context.Snippets.AddKey(context.SnippetOf(b, "by")) : null;
        return new SplitStep(definition.Name, StepOptions.String(context, seedNode, "seed"), parts, by);
    }

    public StepResult Apply(Trace trace, StepCounters counters)
    {
        var key = by is null ? trace.Id : KeyText.Of(by.Delegate(trace));
        var u = HashDecision.Unit(seed, Name, key);
        var part = parts.First(p => u < p.Upper).Part;
        counters.Add("split." + part);
        return StepResult.Keep(trace with { Split = part });
    }
}
