using TraceCurate.Manifests;
using TraceCurate.Outputs;
using TraceCurate.Steps;

namespace TraceCurate.Pipeline;
using TraceCurate.Steps.Redaction;

/// <summary>
/// <c>redactions.jsonl</c>, beside the outputs of a recipe with a <c>redact</c> step: the findings report of every
/// such step (<see cref="RedactionReport"/>), committed and listed in the manifest with the outputs.
/// </summary>
internal static class RedactionsFile
{
    public const string Name = "redactions.jsonl";

    public const string Format = "redactions";

    /// <summary>Writes the file into the staging folder and describes it; null when the recipe has no redact step.</summary>
    public static OutputEntry? Add(RecipePlan plan, StagedOutputs outputs)
    {
        var steps = plan.Steps.OfType<RedactStep>().ToList();
        if (steps.Count == 0 || plan.Recipe.Outputs.Any(o => o.Path == Name)) return null;
        var bytes = steps.SelectMany(s => s.Report.ToJsonl(s.Name)).ToArray();
        outputs.AddFile(Name, bytes);
        return outputs.Describe(Name, Format, bytes.Count(b => b == (byte)'\n'));
    }

    /// <summary>For the run summary: traces with a finding and replacements, over every redact step.</summary>
    public static (int Traces, long Replacements) Totals(RecipePlan plan) =>
        plan.Steps.OfType<RedactStep>().Aggregate((0, 0L), (t, s) => (t.Item1 + s.Report.Traces, t.Item2 + s.Report.Replacements));
}
