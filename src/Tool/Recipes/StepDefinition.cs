using YamlDotNet.RepresentationModel;

namespace TraceCurate.Recipes;

/// <summary>
/// One entry of <c>steps:</c> as written: its verb (the one key besides <c>name</c>), the verb's YAML value, and where
/// it stands. Step factories read <see cref="Value"/> and report errors at positions inside it.
/// </summary>
public sealed record StepDefinition(string Verb, YamlNode Value, int Index, RecipePosition Position)
{
    /// <summary>The name the recipe gave, or <c>&lt;verb&gt;-&lt;position&gt;</c> (1-based) when it gave none.</summary>
    public required string Name { get; init; }
}
