namespace TraceCurate.Recipes;

public sealed partial record Recipe
{
    /// <summary>
    /// <c>publish_unredacted: true</c>: lets <c>format: hf-dataset</c> write a dataset from a recipe without a
    /// <c>redact</c> step (docs/parquet.md, "Hugging Face dataset folders"). False by default, so publishing raw traces
    /// is a decision written in the recipe.
    /// </summary>
    public bool PublishUnredacted { get; init; }
}
