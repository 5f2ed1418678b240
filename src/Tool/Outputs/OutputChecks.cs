using TraceCurate.Catalog;
using TraceCurate.Diagnostics;
using TraceCurate.Reading;
using TraceCurate.Recipes;
using TraceCurate.Steps;

namespace TraceCurate.Outputs;

/// <summary>
/// Checks between outputs and steps, at load: an output's <c>split:</c> must name a part of some split step (a typo
/// would silently write an empty file), and an output meant for publishing (<see cref="Exports.OutputFormat.NeedsRedaction"/>: <c>hf-dataset</c>) needs a <c>redact</c> step or
/// <c>publish_unredacted: true</c>. Checks between outputs and the output folder, before a run writes. (Paths that
/// clash with each other or with the manifest are found at load, by <see cref="OutputPaths"/>.)
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
        // A redacted original is the input record with its strings redacted in place; what a map changed is not in it.
        if (steps.OfType<RedactStep>().Any() && steps.OfType<MapStep>().FirstOrDefault() is { } map)
            foreach (var output in recipe.Outputs.Where(o => string.Equals(o.Format, "original", StringComparison.OrdinalIgnoreCase)))
                yield return Diagnostic.Error(DiagnosticCodes.RecipeSchema,
                    $"output '{output.Path}' (format: original) writes each input record with its texts redacted in place, but step " +
                    $"'{map.Name}' (map) changes traces in ways a record cannot show, so the output would not be what the recipe made; " +
                    "write format: trace, or remove the map step",
                    output.Position.File, output.Position.Line, output.Position.Column);
        // hf-dataset copies the recipe into the dataset: values written in it would be published with it.
        if (steps.OfType<RedactStep>().FirstOrDefault(s => s.WritesValuesInRecipe) is { } literal)
            foreach (var output in recipe.Outputs.Where(o => string.Equals(o.Format, "hf-dataset", StringComparison.OrdinalIgnoreCase)))
                yield return Diagnostic.Error(DiagnosticCodes.RecipeSchema,
                    $"output '{output.Path}' (format: hf-dataset) copies the recipe into the dataset, and step '{literal.Name}' writes secret " +
                    "values or names in it ('secrets:' or 'names:'); move them to a file named in 'secrets_from' or pass --secret / --secrets-from",
                    output.Position.File, output.Position.Line, output.Position.Column);
        // A dataset folder is meant to be pushed to a public hub: publishing unredacted traces must be said in the recipe.
        if (!recipe.PublishUnredacted && !steps.OfType<RedactStep>().Any())
            foreach (var output in recipe.Outputs.Where(o => OutputFormats.Find(o.Format)?.NeedsRedaction == true))
                yield return Diagnostic.Error(DiagnosticCodes.RecipeSchema,
                    $"output '{output.Path}' (format: {OutputFormats.Find(output.Format)!.Name}) would publish traces that no redact step has cleaned; " +
                    "add a 'redact' step or set 'publish_unredacted: true' at the top of the recipe",
                    output.Position.File, output.Position.Line, output.Position.Column);
    }

    /// <summary>
    /// Checks, before a run writes anything, that every output path stays inside the output folder once the symbolic
    /// links already in it are followed (with <c>out/sub</c> a link to another folder, <c>sub/x.jsonl</c> would be written
    /// there), and that no two paths (nor a path and the manifest) reach the same file through a link. A folder that
    /// does not exist yet holds no link: then there is nothing to check.
    /// </summary>
    public static void ThrowIfEscaping(Recipe recipe, string outDir)
    {
        if (!Directory.Exists(outDir)) return;
        var errors = new List<Diagnostic>();
        var root = RealPath.Of(outDir);
        var reached = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Path.Combine(root, TraceCurate.Manifests.ManifestJson.FileName)] = TraceCurate.Manifests.ManifestJson.FileName,
        };
        var paths = recipe.Outputs.Select(o => (o.Path, What: "output", o.Position)).ToList();
        if (recipe.Rejects is { } rejects) paths.Add((rejects, "rejects file", recipe.RejectsPosition ?? new RecipePosition(recipe.Path, 0, 0)));
        foreach (var (relative, what, at) in paths)
        {
            string real;
            string? link, problem = null;
            try
            {
                real = RealPath.Of(Path.Combine(outDir, relative.TrimEnd('/')), out link);
            }
            catch (IOException e)
            {
                errors.Add(Diagnostic.Error(DiagnosticCodes.RecipeSchema, $"{what} '{relative}' cannot be written: {e.Message}", at.File, at.Line, at.Column));
                continue;
            }
            if (!RealPath.IsInside(real, root))
                problem = $"{what} '{relative}' would be written outside the output folder, to {real}: {link} is a symbolic link " +
                          "that leads out of it; remove the link or choose another path";
            else if (!reached.TryAdd(real, relative))
                problem = $"{what} '{relative}' is the same file as '{reached[real]}'{(link is null ? "" : $" once the symbolic link {link} is followed")}; choose another path";
            if (problem is not null) errors.Add(Diagnostic.Error(DiagnosticCodes.RecipeSchema, problem, at.File, at.Line, at.Column));
        }
        if (errors.Count > 0) throw new TraceCurateException(errors);
    }
}
