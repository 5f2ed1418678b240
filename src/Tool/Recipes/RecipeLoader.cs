using TraceCurate.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Recipes;

/// <summary>
/// Reads a recipe file into a <see cref="Recipe"/>. Uses YamlDotNet's node model rather than a deserializer so every
/// error (unknown key, wrong type, missing key) carries the exact line and column of the node at fault.
/// </summary>
public static class RecipeLoader
{
    private static readonly string[] TopLevelKeys =
        ["version", "name", "description", "inputs", "imports", "params", "steps", "outputs", "rejects", "report", "on_bad_record",
            "unsafe", "max_record_bytes", "max_bad_records", "publish_unredacted"];

    public static Recipe Load(string path)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputNotFound, "recipe file not found", path));
        var text = File.ReadAllText(fullPath);
        return Parse(text, fullPath);
    }

    public static Recipe Parse(string text, string fullPath)
    {
        var root = ReadRoot(text, fullPath);
        var y = new YamlNodes(fullPath);
        var keys = y.Keys(root, "the recipe", TopLevelKeys);
        var directory = System.IO.Path.GetDirectoryName(fullPath)!;

        if (keys.TryGetValue("version", out var versionNode) && y.String(versionNode, "version") != "1")
            throw y.Error(versionNode, $"recipe version '{y.String(versionNode, "version")}' is not supported; this tool reads version 1");
        if (!keys.TryGetValue("name", out var nameNode)) throw y.Error(root, "missing required key 'name'");
        var name = y.String(nameNode, "name");
        if (name.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
            throw y.Error(nameNode, $"name '{name}' must be usable as a folder name (it names the default output folder out/<name>)");
        if (!keys.TryGetValue("outputs", out var outputsNode)) throw y.Error(root, "missing required key 'outputs'");

        var outputs = RecipeOutputs.Read(y, outputsNode);
        if (keys.TryGetValue("report", out var reportNode)) outputs = [.. outputs, RecipeReport.Read(y, reportNode, name, outputs)];
        return new Recipe
        {
            Path = fullPath,
            Text = text,
            Name = name,
            Description = keys.TryGetValue("description", out var d) ? y.String(d, "description") : null,
            Inputs = keys.TryGetValue("inputs", out var i) ? RecipeInputs.Read(y, i, directory) : [],
            Imports = keys.TryGetValue("imports", out var im) ? ReadImports(y, im, directory) : [],
            Steps = keys.TryGetValue("steps", out var s) ? ReadSteps(y, s) : [],
            Outputs = outputs,
            OnBadRecord = keys.TryGetValue("on_bad_record", out var b) ? ReadPolicy(y, b) : BadRecordPolicy.Fail,
            // docs/safety.md: turns the snippet guard off; recorded in the summary and the manifest.
            Unsafe = keys.TryGetValue("unsafe", out var u) && y.Boolean(u, "unsafe"),
            PublishUnredacted = keys.TryGetValue("publish_unredacted", out var pu) && y.Boolean(pu, "publish_unredacted"),
            MaxRecordBytes = keys.TryGetValue("max_record_bytes", out var mr) ? y.Integer(mr, "max_record_bytes", min: 1) : null,
            MaxBadRecords = keys.TryGetValue("max_bad_records", out var mb) ? y.Integer(mb, "max_bad_records", min: 0) : null,
            Params = keys.TryGetValue("params", out var p) ? RecipeParam.Read(y, p) : [],
            Rejects = keys.TryGetValue("rejects", out var r) ? ReadRejects(y, r) : null,
        };
    }

    private static YamlMappingNode ReadRoot(string text, string fullPath)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.RecipeSyntax,
                SnippetQuotingHint.Explain(e, text), fullPath, e.Start.Line, (int)e.Start.Column));
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet throws this (not a YamlException, so without a position) for some unclosed flow collections.
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.RecipeSyntax,
                $"YAML syntax error: {e.Message} (an unclosed '[' or '{{'?)", fullPath, 1, 1));
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.RecipeSchema,
                "a recipe must be a YAML mapping with at least 'name' and 'outputs'", fullPath, 1, 1));
        if (stream.Documents.Count > 1)
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.RecipeSchema,
                "a recipe file holds one YAML document; remove the second '---'", fullPath, stream.Documents[1].RootNode.Start.Line, 1));
        return root;
    }

    private static IReadOnlyList<string> ReadImports(YamlNodes y, YamlNode node, string directory)
    {
        var result = new List<string>();
        foreach (var (value, item) in y.StringList(node, "imports"))
        {
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, value));
            if (!File.Exists(full))
                throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputNotFound,
                    $"import '{value}' not found (looked for {full})", y.File, item.Start.Line, (int)item.Start.Column));
            result.Add(full);
        }
        return result;
    }

    private static IReadOnlyList<StepDefinition> ReadSteps(YamlNodes y, YamlNode node)
    {
        var steps = new List<StepDefinition>();
        foreach (var item in y.Sequence(node, "steps").Children)
        {
            var map = y.Mapping(item, "a step");
            string? name = null;
            (string Verb, YamlNode Value)? verb = null;
            foreach (var (keyNode, value) in map.Children)
            {
                var key = y.String(keyNode, "a step key");
                if (key == "name") { name = y.String(value, "name"); continue; }
                if (Pipeline.StepRegistry.Find(key) is null)
                    throw y.Error(keyNode, $"unknown step '{key}'; known steps: {string.Join(", ", Pipeline.StepRegistry.Verbs)}");
                if (verb is not null)
                    throw y.Error(keyNode, $"a step has one verb, but this one has '{verb.Value.Verb}' and '{key}'; make two steps");
                verb = (key, value);
            }
            if (verb is null) throw y.Error(item, $"a step needs a verb ({string.Join(", ", Pipeline.StepRegistry.Verbs)})");
            var index = steps.Count;
            var stepName = name ?? $"{verb.Value.Verb}-{index + 1}";
            if (steps.Any(s => s.Name == stepName)) throw y.Error(item, $"two steps are named '{stepName}'; step names must be unique");
            steps.Add(new StepDefinition(verb.Value.Verb, verb.Value.Value, index, y.At(item)) { Name = stepName });
        }
        return steps;
    }

    /// <summary>The rejects file is written beside the outputs, so it obeys the same path rule.</summary>
    private static string ReadRejects(YamlNodes y, YamlNode node)
    {
        var path = y.String(node, "rejects");
        if (System.IO.Path.IsPathRooted(path) || path.Split('/', '\\').Contains(".."))
            throw y.Error(node, $"rejects path '{path}' must stay inside the output folder (no absolute path, no '..')");
        return path.Replace('\\', '/');
    }

    private static BadRecordPolicy ReadPolicy(YamlNodes y, YamlNode node) => y.String(node, "on_bad_record") switch
    {
        "fail" => BadRecordPolicy.Fail,
        "skip" => BadRecordPolicy.Skip,
        var other => throw y.Error(node, $"on_bad_record must be 'fail' or 'skip', not '{other}'"),
    };
}
