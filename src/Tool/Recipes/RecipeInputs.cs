using YamlDotNet.RepresentationModel;

namespace TraceCurate.Recipes;

/// <summary>Reads <c>inputs:</c>: each item a path/glob string, or a mapping with <c>path</c>, <c>format</c> and settings.</summary>
internal static class RecipeInputs
{
    public static IReadOnlyList<InputSpec> Read(YamlNodes y, YamlNode node, string directory)
    {
        var result = new List<InputSpec>();
        foreach (var item in y.Sequence(node, "inputs").Children)
        {
            if (item is YamlScalarNode)
            {
                result.Add(new InputSpec(y.String(item, "an input"), directory, y.At(item)));
                continue;
            }
            var map = y.Mapping(item, "an input");
            string? path = null, format = null;
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (keyNode, value) in map.Children)
            {
                var key = y.String(keyNode, "an input key");
                switch (key)
                {
                    case "path": path = y.String(value, "path"); break;
                    case "format": format = y.String(value, "format"); break;
                    default: settings[key] = y.String(value, key); break;
                }
            }
            if (path is null) throw y.Error(item, "an input mapping needs 'path'");
            if (format is not null && Formats.FormatRegistry.Find(format) is null)
                throw y.Error(map.Children[new YamlScalarNode("format")],
                    $"unknown format '{format}'; known formats: {string.Join(", ", Formats.FormatRegistry.Names)}");
            result.Add(new InputSpec(path, directory, y.At(item)) { Format = format, Settings = settings });
        }
        return result;
    }
}
