using TraceCurate.Recipes;
using TraceCurate.Scripting;
using TraceCurate.Traces;

namespace TraceCurate.Steps;

/// <summary>
/// <c>cap: {per: EXPR, max: 3}</c> keeps at most <c>max</c> traces per key, the first ones in input order
/// (output-formats §12.4). Stateful: the runner calls it on one thread in input order. Memory: one count per key.
/// </summary>
internal sealed class CapStep(string name, Snippet<Func<Trace, object?>> per, long max) : IRecipeStep
{
    private readonly Dictionary<string, long> _seen = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public bool IsStateless => false;

    public static IRecipeStep Create(StepDefinition definition, StepBuildContext context)
    {
        var y = context.Yaml;
        var keys = y.Keys(y.Mapping(definition.Value, "cap"), "cap", "per", "max");
        if (!keys.TryGetValue("per", out var perNode)) throw y.Error(definition.Value, "cap needs 'per', the key to count by (e.g. t.Meta(\"task_id\"))");
        if (!keys.TryGetValue("max", out var maxNode)) throw y.Error(definition.Value, "cap needs 'max', the number of traces to keep per key");
        return new CapStep(definition.Name, context.Snippets.AddKey(context.SnippetOf(perNode, "per")), StepOptions.Integer(context, maxNode, "max", min: 1));
    }

    public StepResult Apply(Trace trace, StepCounters counters)
    {
        var key = KeyText.Of(per.Delegate(trace));
        var count = _seen.GetValueOrDefault(key);
        if (count == 0) counters.Add("keys");
        if (count >= max) return StepResult.Drop("over-cap", $"key '{Printable(key)}' already has {max}");
        _seen[key] = count + 1;
        return StepResult.Keep(trace);
    }

    private static string Printable(string key) => key == KeyText.Null ? "null" : key.Length > 200 ? key[..200] + "…" : key;
}
