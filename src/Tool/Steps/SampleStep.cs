using TraceCurate.Recipes;
using TraceCurate.Scripting;
using TraceCurate.Traces;

namespace TraceCurate.Steps;

/// <summary>
/// <c>sample: {rate: 0.5, seed: 42, by: EXPR}</c> keeps a trace when the hash of (seed, step name, key) falls below the
/// rate (pipeline-anchors §6.5). The key is the trace id unless <c>by</c> gives one. With the same seed and name, a 5 %
/// sample is a subset of the 10 % sample.
/// </summary>
internal sealed class SampleStep(string name, double rate, string seed, Snippet<Func<Trace, object?>>? by) : IRecipeStep
{
    public string Name { get; } = name;

    public bool IsStateless => true;

    public static IRecipeStep Create(StepDefinition definition, StepBuildContext context)
    {
        var y = context.Yaml;
        var keys = y.Keys(y.Mapping(definition.Value, "sample"), "sample", "rate", "count", "seed", "by");
        if (keys.TryGetValue("count", out var count))
            // A fixed count needs the K smallest hashes of the whole input, known only after the last trace, while
            // steps decide each trace as it passes. A rate gives the same order-independence without that.
            throw y.Error(count, "sample: 'count' is not supported: a fixed-size sample needs every trace before deciding any; " +
                                 "use 'rate' (e.g. rate: 0.1), which keeps each trace independently of order, threads and sharding");
        if (!keys.TryGetValue("rate", out var rateNode)) throw y.Error(definition.Value, "sample needs 'rate' (a fraction between 0 and 1)");
        var rate = StepOptions.Number(context, rateNode, "rate");
        if (rate is < 0 or > 1) throw y.Error(rateNode, $"rate must be between 0 and 1, not {rate}");
        if (!keys.TryGetValue("seed", out var seedNode)) throw y.Error(definition.Value, "sample needs 'seed', so the sample can be repeated");
        var by = keys.TryGetValue("by", out var b) ? context.Snippets.AddKey(context.SnippetOf(b, "by")) : null;
        return new SampleStep(definition.Name, rate, StepOptions.String(context, seedNode, "seed"), by);
    }

    public StepResult Apply(Trace trace, StepCounters counters)
    {
        var key = by is null ? trace.Id : KeyText.Of(by.Delegate(trace));
        return HashDecision.Unit(seed, Name, key) < rate ? StepResult.Keep(trace) : StepResult.Drop("not-sampled");
    }
}
