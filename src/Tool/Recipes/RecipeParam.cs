using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Recipes;

/// <summary>
/// One entry of <c>params:</c>: a name usable in snippets as <c>P.name</c> and a typed value (int, long, double, bool
/// or string, inferred from the YAML scalar: a quoted scalar is always a string).
/// </summary>
public sealed record RecipeParam(string Name, object Value, RecipePosition Position)
{
    private static readonly Regex Identifier = new(@"^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

    public string TypeName => Value switch
    {
        int => "int",
        long => "long",
        double => "double",
        bool => "bool",
        _ => "string",
    };

    internal static IReadOnlyList<RecipeParam> Read(YamlNodes y, YamlNode node)
    {
        var result = new List<RecipeParam>();
        // A set, not a search of the list: a search made reading n parameters take time in n squared.
        var declared = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (keyNode, valueNode) in y.Mapping(node, "params").Children)
            if (y.Collect(() => ReadOne(y, keyNode, valueNode, declared), null) is { } param) result.Add(param);
        return result;
    }

    private static RecipeParam ReadOne(YamlNodes y, YamlNode keyNode, YamlNode valueNode, HashSet<string> declared)
    {
        var name = y.String(keyNode, "a parameter name");
        if (!Identifier.IsMatch(name))
            throw y.Error(keyNode, $"parameter name '{name}' must be a C# identifier (letters, digits, '_'), so snippets can write P.{name}");
        if (Microsoft.CodeAnalysis.CSharp.SyntaxFacts.GetKeywordKind(name) != Microsoft.CodeAnalysis.CSharp.SyntaxKind.None)
            throw y.Error(keyNode, $"parameter name '{name}' is a C# keyword; choose another name");
        if (!declared.Add(name)) throw y.Error(keyNode, $"parameter '{name}' is declared twice");
        if (valueNode is not YamlScalarNode scalar)
            throw y.Error(valueNode, $"parameter '{name}' must be a single value (number, true/false or text), not a {YamlNodes.Describe(valueNode)}");
        var text = y.String(valueNode, $"parameter '{name}'");
        var value = scalar.Style == ScalarStyle.Plain ? Infer(text) : text;
        return new RecipeParam(name, value, y.At(keyNode));
    }

    /// <summary>The type a plain scalar reads as: bool, then int, long, double, else string.</summary>
    public static object Infer(string text)
    {
        if (text is "true" or "false") return text == "true";
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i)) return i;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
        return text;
    }

    /// <summary>Parses a <c>--set</c> value as this parameter's type; null when it does not fit.</summary>
    public object? Parse(string text)
    {
        var c = CultureInfo.InvariantCulture;
        return Value switch
        {
            int => int.TryParse(text, NumberStyles.AllowLeadingSign, c, out var i) ? i : null,
            long => long.TryParse(text, NumberStyles.AllowLeadingSign, c, out var l) ? l : null,
            double => double.TryParse(text, NumberStyles.Float, c, out var d) && double.IsFinite(d) ? d : null,
            bool => text switch { "true" => true, "false" => false, _ => null },
            _ => text,
        };
    }
}
