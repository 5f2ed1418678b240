using TraceCurate.Diagnostics;
using TraceCurate.Outputs;
using TraceCurate.Recipes;
using TraceCurate.Scripting;
using TraceCurate.Steps;

namespace TraceCurate.Pipeline;

/// <summary>
/// A recipe made ready to run: every step built and validated, every snippet compiled (or loaded from the cache),
/// before a single trace is read. <c>check</c> stops here; <c>run</c> goes on to <see cref="RecipeRunner"/>.
/// Disposing unloads the snippets.
/// </summary>
public sealed class RecipePlan : IDisposable
{
    private RecipePlan(Recipe recipe, IReadOnlyList<IRecipeStep> steps, CompiledSnippets snippets)
    {
        Recipe = recipe;
        Steps = steps;
        Snippets = snippets;
    }

    public Recipe Recipe { get; }

    public IReadOnlyList<IRecipeStep> Steps { get; }

    public CompiledSnippets Snippets { get; }

    /// <summary>Steps [0, this) may run on any thread; the rest run in input order on one thread.</summary>
    public int StatelessPrefix => Steps.TakeWhile(s => s.IsStateless).Count();

    public static RecipePlan Prepare(Recipe recipe, CompileCache cache)
    {
        var snippets = new SnippetSet();
        var (steps, errors) = BuildSteps(recipe, snippets);
        if (errors.Count > 0) throw new TraceCurateException(WithCompileErrors(recipe, snippets, errors));
        var compiled = new SnippetCompiler(cache) { Guarded = !recipe.Unsafe }.Compile(snippets, recipe.Imports, ParamValues(recipe));
        return new RecipePlan(recipe, steps, compiled);
    }

    /// <summary>
    /// Builds every step and checks the outputs against them; returns the errors of all steps at once, in the order
    /// they stand in the recipe. The loader calls this too when the recipe has errors of its own, so that one
    /// <c>check</c> reports every error.
    /// </summary>
    internal static (List<IRecipeStep> Steps, List<Diagnostic> Errors) BuildSteps(Recipe recipe, SnippetSet snippets)
    {
        var context = new StepBuildContext(recipe, snippets);
        var steps = new List<IRecipeStep>();
        var errors = new List<Diagnostic>();
        foreach (var definition in recipe.Steps)
        {
            try
            {
                steps.Add(StepRegistry.FindAny(definition.Verb)!(definition, context));
            }
            catch (TraceCurateException e)
            {
                errors.AddRange(e.Diagnostics); // report every invalid step at once, not one per run
            }
        }
        errors.AddRange(context.Yaml.TakeErrors()); // unknown keys, kept while the steps went on being checked
        if (errors.Count == 0) errors.AddRange(OutputChecks.Find(recipe, steps)); // a broken split step would add false alarms
        return (steps, errors.Count > 1 ? errors.OrderBy(d => d.Line).ThenBy(d => d.Column).ToList() : errors);
    }

    /// <summary>
    /// Every error of a recipe that already has some: its steps' (<see cref="BuildSteps"/>) and the compile errors of
    /// the snippets of the steps that were built, so one <c>check</c> reports a typo in a snippet beside an unknown
    /// key. <paramref name="compile"/> is false when the params or imports have errors of their own: the snippets
    /// would then fail for want of them, errors that are not the user's.
    /// </summary>
    internal static IReadOnlyList<Diagnostic> AllErrors(Recipe recipe, IEnumerable<Diagnostic> recipeErrors, bool compile)
    {
        var snippets = new SnippetSet();
        var errors = recipeErrors.Concat(BuildSteps(recipe, snippets).Errors).ToList();
        return compile ? WithCompileErrors(recipe, snippets, errors) : InRecipeOrder(recipe, errors);
    }

    /// <summary>Adds the compile errors of the snippets registered so far (compiled without the cache: nothing runs).</summary>
    private static IReadOnlyList<Diagnostic> WithCompileErrors(Recipe recipe, SnippetSet snippets, List<Diagnostic> errors)
    {
        if (snippets.All.Count > 0)
        {
            try
            {
                using var _ = new SnippetCompiler(CompileCache.Disabled) { Guarded = !recipe.Unsafe }.Compile(snippets, recipe.Imports, ParamValues(recipe));
            }
            catch (TraceCurateException e)
            {
                errors.AddRange(e.Diagnostics);
            }
        }
        return InRecipeOrder(recipe, errors);
    }

    // Scripting takes parameters as plain name/value pairs, not the recipe's model.
    private static List<KeyValuePair<string, object>> ParamValues(Recipe recipe) =>
        recipe.Params.Select(p => KeyValuePair.Create(p.Name, p.Value)).ToList();

    /// <summary>The recipe's own errors by position, then those in imported files (by file, then position).</summary>
    private static IReadOnlyList<Diagnostic> InRecipeOrder(Recipe recipe, IEnumerable<Diagnostic> errors) => errors.Distinct()
        .OrderBy(d => d.Path == recipe.Path ? "" : d.Path ?? "\uffff", StringComparer.Ordinal)
        .ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();

    public void Dispose() => Snippets.Dispose();
}
