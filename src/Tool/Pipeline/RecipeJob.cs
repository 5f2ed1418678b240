using TraceCurate.Recipes;

namespace TraceCurate.Pipeline;

/// <summary>
/// The whole <c>run</c>: load the recipe, prepare it (compile), resolve the inputs, run into the output folder.
/// The one entry point the CLI and the tests call, so both exercise the same path.
/// </summary>
public static class RecipeJob
{
    public static RunResult Run(string recipePath, RunOptions options)
    {
        var recipe = RecipeOverrides.Apply(RecipeLoader.Load(recipePath), options.Params);
        using var plan = RecipePlan.Prepare(recipe, options.Cache);
        var specs = options.Inputs.Count > 0
            ? options.Inputs.Select(p => new InputSpec(p, Directory.GetCurrentDirectory(), new RecipePosition("--input", 0, 0))).ToList()
            : recipe.Inputs;
        if (specs.Count == 0)
            throw new Diagnostics.TraceCurateException(Diagnostics.Diagnostic.Error(Diagnostics.DiagnosticCodes.InputNotFound,
                "the recipe lists no inputs and none were given with --input", recipe.Path, 1, 1));
        var inputs = InputResolver.Resolve(specs, options.Format);
        var outDir = Path.GetFullPath(options.OutDir ?? Path.Combine("out", recipe.Name));
        return new RecipeRunner(plan, options).Run(inputs, outDir);
    }
}
