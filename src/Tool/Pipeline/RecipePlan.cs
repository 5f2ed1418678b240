using TraceCurate.Diagnostics;
using TraceCurate.Recipes;
using TraceCurate.Scripting;

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
        var context = new StepBuildContext(recipe, snippets);
        var steps = new List<IRecipeStep>();
        var errors = new List<Diagnostic>();
        foreach (var definition in recipe.Steps)
        {
            try
            {
                steps.Add((StepRegistry.Find(definition.Verb) ?? Pipeline.Steps.BuiltInSteps.Find(definition.Verb)!)(definition, context));
            }
            catch (TraceCurateException e)
            {
                errors.AddRange(e.Diagnostics); // report every invalid step at once, not one per run
            }
        }
        if (errors.Count == 0) errors.AddRange(OutputChecks.Find(recipe, steps)); // a broken split step would add false alarms
        if (errors.Count > 0) throw new TraceCurateException(errors);
        var compiled = new SnippetCompiler(cache) { Guarded = !recipe.Unsafe }.Compile(snippets, recipe.Imports, recipe.Params);
        return new RecipePlan(recipe, steps, compiled);
    }

    public void Dispose() => Snippets.Dispose();
}
