namespace TraceCurate.Steps;

/// <summary>One step by its verb: the factory that builds it, and whether a recipe may name it.</summary>
public sealed record StepKind(string Verb, StepFactory Create)
{
    /// <summary>
    /// False for the steps the <c>export</c> command builds from its flags (<see cref="BuiltInSteps"/>): they are not
    /// recipe verbs, need no snippet, and appear in the funnel and the manifest like any step.
    /// </summary>
    public bool InRecipes { get; init; } = true;
}

/// <summary>
/// Every step by its verb, in one table. A factory validates the step's parameters when the recipe loads and registers
/// its snippets for compilation, so every error is found before the first trace is read. One file and one line here
/// add a step.
/// </summary>
public static class StepRegistry
{
    public static IReadOnlyList<StepKind> Kinds { get; } =
    [
        new("where", WhereStep.Create),
        new("map", MapStep.Create),
        new("redact", RedactStep.Create),
        new("deny", DenyStep.Create),
        new("dedup", DedupStep.Create),
        new("cap", CapStep.Create),
        new("decontaminate", DecontaminateStep.Create),
        new("sample", SampleStep.Create),
        new("split", SplitStep.Create),
        new(BuiltInSteps.FilterVerb, BuiltInSteps.Filter) { InRecipes = false },
        new(BuiltInSteps.SinceVerb, BuiltInSteps.Since) { InRecipes = false },
    ];

    /// <summary>The verbs a recipe may use, in ordinal order.</summary>
    public static IEnumerable<string> Verbs => Kinds.Where(k => k.InRecipes).Select(k => k.Verb).Order(StringComparer.Ordinal);

    /// <summary>The factory of a verb a recipe may use, or null.</summary>
    public static StepFactory? Find(string verb) => Kinds.FirstOrDefault(k => k.InRecipes && k.Verb == verb)?.Create;

    /// <summary>The factory of any step, the <c>export</c> command's included (the plan builds both), or null.</summary>
    public static StepFactory? FindAny(string verb) => Kinds.FirstOrDefault(k => k.Verb == verb)?.Create;
}
