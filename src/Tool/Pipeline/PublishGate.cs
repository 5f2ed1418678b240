using TraceCurate.Diagnostics;
using TraceCurate.Steps;
using TraceCurate.Traces;

namespace TraceCurate.Pipeline;
using TraceCurate.Steps.Redaction;

/// <summary>
/// The scan gate (docs/safety.md): when a recipe has an output meant for publishing (<c>hf-dataset</c>, or any output
/// with <c>publish: true</c>), every kept trace and its input record are scanned again, after the steps, with every
/// built-in detector, the identity pass, and the exact secrets and patterns of the recipe's <c>redact</c> steps. A
/// finding fails the run naming the trace, the field path and the kind, never the value; the staged outputs are
/// discarded, so nothing is replaced.
/// </summary>
internal sealed class PublishGate(Redactor scanner)
{
    public const string PublishSetting = "publish";

    public static bool IsPublishing(Recipes.OutputSpec output) =>
        output.Format.Equals("hf-dataset", StringComparison.OrdinalIgnoreCase)
        || (output.Settings.TryGetValue(PublishSetting, out var p) && Recipes.YamlNodes.TryBoolean(p, out var on) && on);

    /// <summary>The gate of a plan; null when no output is meant for publishing.</summary>
    public static PublishGate? For(RecipePlan plan)
    {
        if (plan.Recipe.PublishUnredacted || !plan.Recipe.Outputs.Any(IsPublishing)) return null; // said so in the recipe
        var redacts = plan.Steps.OfType<RedactStep>().Select(s => s.Redactor).ToList();
        var detectors = redacts.SelectMany(r => r.Detectors).Where(d => !BuiltInDetectors.All.Contains(d))
            .Concat(BuiltInDetectors.All).ToList();
        if (redacts.Count == 0 && SecretValues.Detector(plan.Recipe.CommandLineSecrets.Values) is { } exact) detectors.Insert(0, exact);
        var names = redacts.SelectMany(r => r.Names).Distinct(StringComparer.Ordinal).ToList();
        return new PublishGate(new Redactor(detectors, identities: true, names));
    }

    public void Check(Trace trace, string file, long line)
    {
        if (scanner.FirstFinding(trace) is not { } finding) return;
        throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.PublishScanFailed,
            $"the publish scan found a {finding.Kind} in trace '{trace.Id}' at {finding.Path} after redaction; " +
            "add a redact step (or a detector, a secret, a name) that covers it, or a deny rule; no output was replaced",
            file, line));
    }
}
