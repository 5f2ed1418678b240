using YamlDotNet.RepresentationModel;

namespace TraceCurate.Steps;

/// <summary>
/// Steps the <c>export</c> command builds from its flags. They are not recipe verbs (the recipe loader only knows
/// <see cref="StepRegistry"/>), need no snippet and so no compiler, and appear in the funnel and the manifest like any
/// step, under their verb and a name that carries their parameter.
/// </summary>
public static class BuiltInSteps
{
    public const string FilterVerb = "export-filter";
    public const string SinceVerb = "export-since";

    private static readonly Dictionary<string, StepFactory> Factories = new(StringComparer.Ordinal)
    {
        [FilterVerb] = (definition, _) => OutcomeFilterStep.Create(definition.Name, Scalar(definition.Value)),
        [SinceVerb] = (definition, _) => new SinceStep(definition.Name, DateTimeOffset.Parse(Scalar(definition.Value), System.Globalization.CultureInfo.InvariantCulture)),
    };

    public static StepFactory? Find(string verb) => Factories.GetValueOrDefault(verb);

    private static string Scalar(YamlNode node) => ((YamlScalarNode)node).Value!;
}
