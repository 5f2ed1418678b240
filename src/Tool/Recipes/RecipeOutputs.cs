using YamlDotNet.RepresentationModel;

namespace TraceCurate.Recipes;

/// <summary>
/// Reads <c>outputs:</c>: mappings with <c>path</c>, <c>format</c> and the format's options. Every key must be one the
/// output's format reads: a misspelt key (<c>splt: test</c>) used to be ignored, and the output then held every trace.
/// Each output's errors are kept and the next output is read, so one check reports them all.
/// </summary>
internal static class RecipeOutputs
{
    /// <summary>Keys every output takes: <c>split</c> picks a split step's part, <c>subagents</c> where sub-agent sessions go.</summary>
    public static readonly string[] CommonKeys = ["path", "format", "split", "subagents", "publish"];

    private const string TrainingFormats = "codeact tao openai anthropic sharegpt trl";
    private const string ParquetFormats = "parquet agenttrace-parquet hf-dataset";

    /// <summary>
    /// Keys only some formats read (docs/exports.md, docs/parquet.md, docs/inspect.md), and those formats. A new
    /// writer option is one line here; a key given to a format that does not read it is an error, not a no-op.
    /// </summary>
    public static readonly (string Key, string Formats)[] FormatKeys =
    [
        ("include_thinking", TrainingFormats),
        ("include_metadata", TrainingFormats),
        ("system_prompt", TrainingFormats),
        ("max_observation_chars", TrainingFormats),
        ("compaction", TrainingFormats),
        ("strict_101", "codeact"),
        ("tao_style", "tao"),
        ("mask_errors", "openai"),
        ("thinking_field", "trl"),
        ("codec", ParquetFormats),
        ("row_group_rows", ParquetFormats),
        ("page_version", ParquetFormats),
        ("license", "hf-dataset"),
        ("tags", "hf-dataset"),
        ("title", "hf-dataset report"),
        ("by", "report"),
        ("sessions_folder", "session-manifest"), // SessionManifestWriter.FolderSetting: Recipes names it, Exports reads it
    ];

    public static IReadOnlyList<OutputSpec> Read(YamlNodes y, YamlNode node, OutputPaths paths, RecipeVocabulary words)
    {
        var result = new List<OutputSpec>();
        var outputs = y.Sequence(node, "outputs");
        if (outputs.Children.Count == 0) throw y.Error(node, "outputs must list at least one output");
        foreach (var item in outputs.Children)
            if (y.Collect(() => ReadOne(y, item, paths, words), null) is { } output) result.Add(output);
        return result;
    }

    private static OutputSpec? ReadOne(YamlNodes y, YamlNode item, OutputPaths paths, RecipeVocabulary words)
    {
        var map = y.Mapping(item, "an output");
        string? path = null, format = null;
        YamlNode? formatNode = null, subagentsNode = null;
        var hasPath = false;
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var settingNodes = new List<(string Key, YamlNode Node)>();
        var unknown = new List<(string Key, YamlNode Node)>();
        foreach (var (keyNode, value) in map.Children)
        {
            var key = y.String(keyNode, "an output key");
            switch (key)
            {
                case "path": hasPath = true; path = y.Collect(() => paths.Add(value, y.String(value, "path"), "output"), null); break;
                case "format": format = y.String(value, "format"); formatNode = value; break;
                default:
                    if (!CommonKeys.Contains(key) && !FormatKeys.Any(k => k.Key == key)) unknown.Add((key, keyNode));
                    else if (y.Collect(() => y.String(value, key), null) is { } text)
                    {
                        settings[key] = text;
                        if (key == "subagents") subagentsNode = value;
                        settingNodes.Add((key, keyNode));
                    }
                    break;
            }
        }
        if (!hasPath) y.Report(item, "an output needs 'path'");
        // Reported once the format is known, so the message lists the keys of this output's format only.
        var known = format is not null && words.IsOutputFormat(format)
            ? [.. CommonKeys, .. FormatKeys.Where(k => k.Formats.Split(' ').Contains(Canonical(format))).Select(k => k.Key)]
            : CommonKeys;
        foreach (var (key, keyNode) in unknown)
            y.Report(keyNode, YamlNodes.UnknownKey(key, "an output", known, [.. CommonKeys, .. FormatKeys.Select(k => k.Key)]));
        if (format is null) throw y.Error(item, $"an output needs 'format' ({string.Join(", ", words.OutputFormats)})");
        if (!words.IsOutputFormat(format))
            throw y.Error(formatNode!, $"unknown output format '{format}'{DidYouMean.Hint(format, words.OutputFormats)}; known formats: {string.Join(", ", words.OutputFormats)}");
        foreach (var (key, keyNode) in settingNodes)
            if (FormatKeys.Where(k => k.Key == key).SelectMany(k => k.Formats.Split(' ')).ToList() is { Count: > 0 } readers && !readers.Contains(Canonical(format)))
                y.Report(keyNode, $"key '{key}' does nothing for format '{format}': only {string.Join(", ", readers)} read it; remove it or change the format");
        if (subagentsNode is not null) CheckSubagents(y, subagentsNode, settings, format, words);
        return path is null ? null : new OutputSpec(path, format, y.At(item)) { Settings = settings };
    }

    /// <summary>The format's name as the tables spell it (names are case-insensitive; <c>jsonl</c> is <c>trace</c>).</summary>
    private static string Canonical(string format) => format.ToLowerInvariant() is "jsonl" ? "trace" : format.ToLowerInvariant();

    /// <summary>
    /// <c>subagents: separate | drop | inline</c> (docs/exports.md, "Sub-agents"). Inline is refused at its value for a
    /// format that cannot hold a sub-agent inside its parent's record, and with codeact's <c>strict_101</c>, which has
    /// no element for it.
    /// </summary>
    private static void CheckSubagents(YamlNodes y, YamlNode node, Dictionary<string, string> settings, string format, RecipeVocabulary words)
    {
        var mode = settings["subagents"];
        if (!words.SubagentModes.Contains(mode))
            throw y.Error(node, $"subagents must be {string.Join(", ", words.SubagentModes)}, not '{mode}'");
        if (mode != "inline") return;
        if (!words.CanInline(format))
            throw y.Error(node, $"subagents: inline is not expressible in format {format}: a sub-agent's turns inside its parent's " +
                $"record would read as the parent's own; inline works in {string.Join(" and ", words.InliningFormats)}, " +
                "or use 'subagents: separate' (each sub-agent a record of its own, its parent in metadata) or 'drop'");
        if (settings.TryGetValue("strict_101", out var strict) && YamlNodes.TryBoolean(strict, out var on) && on)
            throw y.Error(node, "subagents: inline adds a 'subagent' element, which strict_101 forbids; drop one of the two");
    }
}
