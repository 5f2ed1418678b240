using YamlDotNet.RepresentationModel;

namespace TraceCurate.Recipes;

/// <summary>
/// Reads <c>inputs:</c>: each item a path/glob string, or a mapping with <c>path</c>, <c>format</c> and format settings.
/// A setting must be one some reader reads (a misspelt <c>warmpu: include</c> used to be ignored), and one the forced
/// format reads when the input forces a format.
/// </summary>
internal static class RecipeInputs
{
    /// <summary>Keys every input takes.</summary>
    public static readonly string[] CommonKeys = ["path", "format", "skip_unknown"];

    /// <summary>Reader settings (docs/formats/*.md) and the formats whose reader reads each. A new setting is one line here.</summary>
    public static readonly (string Key, string Formats)[] FormatKeys =
    [
        ("warmup", "claude-code"),
        ("branches", "pi"),
        ("messages_column", "chat-rows"),
    ];

    public static IReadOnlyList<InputSpec> Read(YamlNodes y, YamlNode node, string directory)
    {
        var result = new List<InputSpec>();
        foreach (var item in y.Sequence(node, "inputs").Children)
            if (y.Collect(() => ReadOne(y, item, directory), null) is { } input) result.Add(input);
        return result;
    }

    private static InputSpec? ReadOne(YamlNodes y, YamlNode item, string directory)
    {
        if (item is YamlScalarNode) return new InputSpec(y.String(item, "an input"), directory, y.At(item));
        var map = y.Mapping(item, "an input");
        string? path = null, format = null;
        var skipUnknown = false;
        YamlNode? formatNode = null;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var settingNodes = new List<(string Key, YamlNode Node)>();
        foreach (var (keyNode, value) in map.Children)
        {
            var key = y.String(keyNode, "an input key");
            switch (key)
            {
                case "path": path = y.String(value, "path"); break;
                case "format": format = y.String(value, "format"); formatNode = value; break;
                case "skip_unknown": skipUnknown = y.Boolean(value, "skip_unknown"); break;
                default:
                    if (!FormatKeys.Any(k => k.Key == key))
                        y.Report(keyNode, YamlNodes.UnknownKey(key, "an input", [.. CommonKeys, .. FormatKeys.Select(k => k.Key)]));
                    else if (y.Collect(() => y.String(value, key), null) is { } text)
                    {
                        settings[key] = text;
                        settingNodes.Add((key, keyNode));
                    }
                    break;
            }
        }
        if (path is null) throw y.Error(item, "an input mapping needs 'path'");
        if (format is not null && Formats.FormatRegistry.Find(format) is null)
            throw y.Error(formatNode!, $"unknown format '{format}'{DidYouMean.Hint(format, Formats.FormatRegistry.Names)}; " +
                                       $"known formats: {string.Join(", ", Formats.FormatRegistry.Names)}");
        // Without a forced format each file's reader is found by sniffing, and reads the settings meant for it.
        if (format is not null)
            foreach (var (key, keyNode) in settingNodes)
                if (FormatKeys.First(k => k.Key == key).Formats.Split(' ') is var readers && !readers.Contains(format, StringComparer.OrdinalIgnoreCase))
                    y.Report(keyNode, $"setting '{key}' does nothing for format '{format}': only {string.Join(", ", readers)} read it; remove it or the format");
        return new InputSpec(path, directory, y.At(item)) { Format = format, Settings = settings, SkipUnknown = skipUnknown };
    }
}
