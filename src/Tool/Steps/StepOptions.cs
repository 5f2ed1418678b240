using System.Globalization;
using TraceCurate.Recipes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Steps;

/// <summary>
/// Reads a step's number and text options, where a plain <c>P.name</c> stands for the recipe parameter of that name
/// (so <c>--set</c> can change a cap, a rate or a seed). The value is checked like a literal at the option's position.
/// </summary>
internal static class StepOptions
{
    public static double Number(StepBuildContext context, YamlNode node, string what) => Param(context, node, what) switch
    {
        null => context.Yaml.Number(node, what),
        int i => i,
        long l => l,
        double d => d,
        var other => throw context.Yaml.Error(node, $"{what} must be a number, but {Text(node)} is '{other}'"),
    };

    public static long Integer(StepBuildContext context, YamlNode node, string what, long min)
    {
        var value = Param(context, node, what) switch
        {
            null => context.Yaml.Integer(node, what, min),
            int i => i,
            long l => l,
            var other => throw context.Yaml.Error(node, $"{what} must be a whole number, but {Text(node)} is '{other}'"),
        };
        if (value < min) throw context.Yaml.Error(node, $"{what} must be at least {min}, but {Text(node)} is {value}");
        return value;
    }

    public static string String(StepBuildContext context, YamlNode node, string what) => Param(context, node, what) switch
    {
        null => context.Yaml.String(node, what),
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString()!.ToLowerInvariant(), // bool: true/false
    };

    private static object? Param(StepBuildContext context, YamlNode node, string what)
    {
        if (node is not YamlScalarNode { Style: ScalarStyle.Plain, Value: { } text } || !text.StartsWith("P.", StringComparison.Ordinal)) return null;
        var name = text[2..];
        return context.Recipe.Params.FirstOrDefault(p => p.Name == name)?.Value
            ?? throw context.Yaml.Error(node, $"{what} uses parameter '{name}', which 'params:' does not declare" +
                                              DidYouMean.Hint(name, context.Recipe.Params.Select(p => p.Name)));
    }

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value!;
}
