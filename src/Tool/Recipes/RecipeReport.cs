using YamlDotNet.RepresentationModel;

namespace TraceCurate.Recipes;

/// <summary>
/// Reads the top-level <c>report:</c> key: a path (<c>report: report.html</c>) or a mapping with <c>path</c> and
/// <c>by</c>. It becomes one more output of format <c>report</c>, so the page is staged and committed with the other
/// outputs and listed in the manifest, and it describes exactly the traces the recipe kept (docs/inspect.md).
/// </summary>
internal static class RecipeReport
{
    public static OutputSpec? Read(YamlNodes y, YamlNode node, string recipeName, OutputPaths paths, RecipeVocabulary words)
    {
        string path;
        YamlNode pathNode = node;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["title"] = $"{recipeName}: kept traces" };
        if (node is YamlScalarNode) path = y.String(node, "report");
        else
        {
            var keys = y.Keys(y.Mapping(node, "report"), "report", "path", "by");
            if (!keys.TryGetValue("path", out var p)) throw y.Error(node, "report needs 'path' (e.g. report: report.html)");
            pathNode = p;
            path = y.String(p, "report path");
            if (keys.TryGetValue("by", out var by))
            {
                var key = y.String(by, "by");
                if (!words.IsGroupKey(key)) throw y.Error(by, $"by takes {words.GroupKeyHelp}, not '{key}'");
                settings["by"] = key;
            }
        }
        if (paths.Add(pathNode, path, "report") is not { } normalised) return null;
        return new OutputSpec(normalised, "report", y.At(node)) { Settings = settings };
    }
}
