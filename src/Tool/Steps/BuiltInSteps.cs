using TraceCurate.Recipes;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Steps;

/// <summary>
/// Steps the <c>export</c> command builds from its flags. They are not recipe verbs (<see cref="StepKind.InRecipes"/> is
/// false in <see cref="StepRegistry"/>), need no snippet and so no compiler, and appear in the funnel and the manifest
/// like any step, under their verb and a name that carries their parameter.
/// </summary>
public static class BuiltInSteps
{
    public const string FilterVerb = "export-filter";
    public const string SinceVerb = "export-since";

    internal static IRecipeStep Filter(StepDefinition definition, StepBuildContext _) =>
        OutcomeFilterStep.Create(definition.Name, Scalar(definition.Value));

    internal static IRecipeStep Since(StepDefinition definition, StepBuildContext _) =>
        new SinceStep(definition.Name, DateTimeOffset.Parse(Scalar(definition.Value), System.Globalization.CultureInfo.InvariantCulture));

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value!;
}
