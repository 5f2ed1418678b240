using TraceCurate.Diagnostics;
using TraceCurate.Pipeline.Steps;
using TraceCurate.Recipes;

namespace TraceCurate.Pipeline;

/// <summary>
/// Checks between outputs and steps, at load: an output's <c>split:</c> must name a part of some split step (a typo
/// would silently write an empty file), the rejects file must not be one of the outputs, and an <c>hf-dataset</c>
/// output needs a <c>redact</c> step or <c>publish_unredacted: true</c>.
/// </summary>
internal static class OutputChecks
{
    public const string SplitSetting = "split";

    public static IEnumerable<Diagnostic> Find(Recipe recipe, IReadOnlyList<IRecipeStep> steps)
    {
        var parts = steps.OfType<SplitStep>().SelectMany(s => s.Parts).Distinct().ToList();
        foreach (var output in recipe.Outputs)
        {
            if (!output.Settings.TryGetValue(SplitSetting, out var split) || parts.Contains(split)) continue;
            var why = parts.Count == 0 ? "the recipe has no split step" : $"the split steps define: {string.Join(", ", parts)}";
            yield return Diagnostic.Error(DiagnosticCodes.RecipeSchema, $"output '{output.Path}' selects split '{split}', but {why}",
                output.Position.File, output.Position.Line, output.Position.Column);
        }
        // A dataset folder is meant to be pushed to a public hub: publishing unredacted traces must be said in the recipe.
        if (!recipe.PublishUnredacted && !steps.OfType<RedactStep>().Any())
            foreach (var output in recipe.Outputs.Where(o => string.Equals(o.Format, "hf-dataset", StringComparison.OrdinalIgnoreCase)))
                yield return Diagnostic.Error(DiagnosticCodes.RecipeSchema,
                    $"output '{output.Path}' (format: hf-dataset) would publish traces that no redact step has cleaned; " +
                    "add a 'redact' step or set 'publish_unredacted: true' at the top of the recipe",
                    output.Position.File, output.Position.Line, output.Position.Column);
        if (recipe.Rejects is { } rejects && recipe.Outputs.FirstOrDefault(o => o.Path == rejects) is { } clash)
            yield return Diagnostic.Error(DiagnosticCodes.RecipeSchema, $"rejects file '{rejects}' is also an output's path",
                clash.Position.File, clash.Position.Line, clash.Position.Column);
    }
}
