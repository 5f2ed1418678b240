using YamlDotNet.RepresentationModel;

namespace TraceCurate.Recipes;

/// <summary>Reads <c>outputs:</c>: mappings with <c>path</c>, <c>format</c> and the format's options.</summary>
internal static class RecipeOutputs
{
    public static IReadOnlyList<OutputSpec> Read(YamlNodes y, YamlNode node)
    {
        var result = new List<OutputSpec>();
        var outputs = y.Sequence(node, "outputs");
        if (outputs.Children.Count == 0) throw y.Error(node, "outputs must list at least one output");
        foreach (var item in outputs.Children)
        {
            var map = y.Mapping(item, "an output");
            string? path = null, format = null;
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            YamlNode? formatNode = null, pathNode = null, subagentsNode = null;
            foreach (var (keyNode, value) in map.Children)
            {
                var key = y.String(keyNode, "an output key");
                switch (key)
                {
                    case "path": path = y.String(value, "path"); pathNode = value; break;
                    case "format": format = y.String(value, "format"); formatNode = value; break;
                    case "subagents": settings[key] = y.String(value, key); subagentsNode = value; break;
                    default: settings[key] = y.String(value, key); break;
                }
            }
            if (path is null) throw y.Error(item, "an output needs 'path'");
            if (format is null) throw y.Error(item, $"an output needs 'format' ({string.Join(", ", Exports.ExportRegistry.Names)})");
            if (Exports.ExportRegistry.Find(format) is null)
                throw y.Error(formatNode!, $"unknown output format '{format}'; known formats: {string.Join(", ", Exports.ExportRegistry.Names)}");
            if (subagentsNode is not null) CheckSubagents(y, subagentsNode, settings, format);
            if (System.IO.Path.IsPathRooted(path) || path.Split('/', '\\').Contains(".."))
                throw y.Error(pathNode!, $"output path '{path}' must stay inside the output folder (no absolute path, no '..')");
            if (result.Any(o => string.Equals(o.Path, path, StringComparison.Ordinal)))
                throw y.Error(pathNode!, $"two outputs write '{path}'");
            result.Add(new OutputSpec(path.Replace('\\', '/'), format, y.At(item)) { Settings = settings });
        }
        return result;
    }

    /// <summary>
    /// <c>subagents: separate | drop | inline</c> (docs/exports.md, "Sub-agents"). Inline is refused at its value for a
    /// format that cannot hold a sub-agent inside its parent's record, and with codeact's <c>strict_101</c>, which has
    /// no element for it.
    /// </summary>
    private static void CheckSubagents(YamlNodes y, YamlNode node, Dictionary<string, string> settings, string format)
    {
        var mode = settings["subagents"];
        if (Exports.Subagents.Parse(mode) is not { } parsed)
            throw y.Error(node, $"subagents must be {string.Join(", ", Exports.Subagents.ModeNames)}, not '{mode}'");
        if (parsed != Exports.SubagentMode.Inline) return;
        if (!Exports.ExportRegistry.CanInline(format))
            throw y.Error(node, $"subagents: inline is not expressible in format {format}: a sub-agent's turns inside its parent's " +
                $"record would read as the parent's own; inline works in {string.Join(" and ", Exports.ExportRegistry.InliningNames)}, " +
                "or use 'subagents: separate' (each sub-agent a record of its own, its parent in metadata) or 'drop'");
        if (settings.TryGetValue("strict_101", out var strict) && YamlNodes.TryBoolean(strict, out var on) && on)
            throw y.Error(node, "subagents: inline adds a 'subagent' element, which strict_101 forbids; drop one of the two");
    }
}
