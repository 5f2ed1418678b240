using TraceCurate.Pipeline.Steps;

namespace TraceCurate.Pipeline;

/// <summary>
/// Every recipe step by its YAML key. A factory validates the step's parameters when the recipe loads and registers
/// its snippets for compilation, so every error is found before the first trace is read. One file and one line here
/// add a step.
/// </summary>
public static class StepRegistry
{
    private static readonly Dictionary<string, StepFactory> Factories = new(StringComparer.Ordinal)
    {
        ["where"] = WhereStep.Create,
        ["map"] = MapStep.Create,
        ["redact"] = RedactStep.Create,
        ["deny"] = DenyStep.Create,
        ["dedup"] = DedupStep.Create,
        ["cap"] = CapStep.Create,
        ["decontaminate"] = DecontaminateStep.Create,
        ["sample"] = SampleStep.Create,
        ["split"] = SplitStep.Create,
    };

    public static IEnumerable<string> Verbs => Factories.Keys.Order(StringComparer.Ordinal);

    public static StepFactory? Find(string verb) => Factories.GetValueOrDefault(verb);
}
