using TraceCurate.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Recipes;

/// <summary>
/// Reads a recipe file into a <see cref="Recipe"/>. Uses YamlDotNet's node model rather than a deserializer so every
/// error (unknown key, wrong type, missing key) carries the exact line and column of the node at fault. The names of
/// steps, output formats and the like are checked against a <see cref="RecipeVocabulary"/> the caller gives
/// (<c>TraceCurate.Pipeline.RecipeLoader</c> gives the tool's).
/// </summary>
public static class RecipeParser
{
    private static readonly string[] TopLevelKeys =
        ["version", "name", "description", "inputs", "imports", "params", "steps", "outputs", "rejects", "report", "on_bad_record",
            "unsafe", "max_record_bytes", "max_bad_records", "publish_unredacted"];

    public static Recipe Load(string path, RecipeVocabulary words)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputNotFound, "recipe file not found", path));
        return Parse(ReadBounded(fullPath), fullPath, words);
    }

    /// <summary>
    /// The recipe's text, reading at most one byte past the limit: a huge file, or a device like /dev/zero that never
    /// ends, is refused without being read whole. A pipe (<c>check &lt;(…)</c>) is read like a file.
    /// </summary>
    private static string ReadBounded(string fullPath)
    {
        using var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
        var buffer = new MemoryStream();
        var chunk = new byte[1 << 16];
        int n;
        while (buffer.Length <= YamlLimits.MaxBytes && (n = file.Read(chunk, 0, chunk.Length)) > 0) buffer.Write(chunk, 0, n);
        if (buffer.Length > YamlLimits.MaxBytes) throw TooLarge(fullPath);
        buffer.Position = 0;
        using var reader = new StreamReader(buffer, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static TraceCurateException TooLarge(string fullPath) => new(Diagnostic.Error(DiagnosticCodes.RecipeSyntax,
        $"the recipe file is larger than {YamlLimits.MaxBytes / (1 << 20)} MiB, the most a recipe may hold; is this the right file?", fullPath));

    public static Recipe Parse(string text, string fullPath, RecipeVocabulary words)
    {
        var root = ReadRoot(text, fullPath);
        var y = new YamlNodes(fullPath);
        var keys = y.Keys(root, "the recipe", TopLevelKeys);
        var directory = System.IO.Path.GetDirectoryName(fullPath)!;

        // Each part is read on its own: an error in one is kept and the others are still checked (YamlNodes.Collect).
        if (keys.TryGetValue("version", out var versionNode) && y.Collect(() => y.String(versionNode, "version"), "1") is var version and not "1")
            y.Report(versionNode, $"recipe version '{version}' is not supported; this tool reads version 1");
        string? name = null;
        if (keys.TryGetValue("name", out var nameNode)) name = y.Collect(() => ReadName(y, nameNode), null);
        else y.Report(root, "missing required key 'name'");
        // Outputs, the report and the rejects file share the output folder: their paths are checked against each other.
        var paths = new OutputPaths(y, words.ReservedFiles);
        IReadOnlyList<OutputSpec> outputs = [];
        if (keys.TryGetValue("outputs", out var outputsNode)) outputs = y.Collect(() => RecipeOutputs.Read(y, outputsNode, paths, words), []);
        else y.Report(root, "missing required key 'outputs'");
        if (keys.TryGetValue("report", out var reportNode) && y.Collect(() => RecipeReport.Read(y, reportNode, name ?? "recipe", paths, words), null) is { } report)
            outputs = [.. outputs, report];
        keys.TryGetValue("rejects", out var rejectsNode);
        var rejects = rejectsNode is null ? null : y.Collect(() => paths.Add(rejectsNode, y.String(rejectsNode, "rejects"), "rejects file"), null);
        // Snippets are compiled for the report only when what they may use (imports, params) was read without error.
        var errorsBefore = y.Errors.Count;
        var imports = keys.TryGetValue("imports", out var im) ? y.Collect(() => ReadImports(y, im, directory), []) : [];
        var parameters = keys.TryGetValue("params", out var p) ? y.Collect(() => RecipeParam.Read(y, p), []) : [];
        var snippetsCanCompile = y.Errors.Count == errorsBefore;
        var recipe = new Recipe
        {
            Path = fullPath,
            Text = text,
            Name = name ?? "recipe",
            Description = keys.TryGetValue("description", out var d) ? y.Collect(() => y.String(d, "description"), null) : null,
            Inputs = keys.TryGetValue("inputs", out var i) ? y.Collect(() => RecipeInputs.Read(y, i, directory), []) : [],
            Imports = imports,
            Steps = keys.TryGetValue("steps", out var s) ? y.Collect(() => ReadSteps(y, s, words), []) : [],
            Outputs = outputs,
            OnBadRecord = keys.TryGetValue("on_bad_record", out var b) ? y.Collect(() => ReadPolicy(y, b), BadRecordPolicy.Fail) : BadRecordPolicy.Fail,
            // docs/safety.md: turns the snippet guard off; recorded in the summary and the manifest.
            Unsafe = keys.TryGetValue("unsafe", out var u) && y.Collect(() => y.Boolean(u, "unsafe"), false),
            PublishUnredacted = keys.TryGetValue("publish_unredacted", out var pu) && y.Collect(() => y.Boolean(pu, "publish_unredacted"), false),
            MaxRecordBytes = keys.TryGetValue("max_record_bytes", out var mr) ? y.Collect<long?>(() => y.Integer(mr, "max_record_bytes", min: 1), null) : null,
            MaxBadRecords = keys.TryGetValue("max_bad_records", out var mb) ? y.Collect<long?>(() => y.Integer(mb, "max_bad_records", min: 0), null) : null,
            Params = parameters,
            Rejects = rejects,
            RejectsPosition = rejectsNode is null ? null : y.At(rejectsNode),
        };
        if (y.Errors.Count == 0) return recipe;
        // The steps are checked and their snippets compiled as well, so their errors come in the same report (a step
        // that uses a parameter with an error of its own may add one more).
        throw new TraceCurateException(words.AllErrors(recipe, y.TakeErrors(), snippetsCanCompile));
    }

    private static string ReadName(YamlNodes y, YamlNode node)
    {
        var name = y.String(node, "name");
        if (name.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0 || name is "." or "..")
            throw y.Error(node, $"name '{name}' must be usable as a folder name (it names the default output folder out/<name>)");
        return name;
    }

    /// <summary>How YamlDotNet's message for a key given twice in one mapping starts; the key follows.</summary>
    private const string DuplicateKey = "Duplicate key ";

    private static YamlMappingNode ReadRoot(string text, string fullPath)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(text) > YamlLimits.MaxBytes) throw TooLarge(fullPath);
        var stream = new YamlStream();
        var parser = new YamlLimits(new Parser(new StringReader(text)), fullPath);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e) when (e.Message.StartsWith(DuplicateKey, StringComparison.Ordinal))
        {
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.RecipeSyntax,
                $"key '{e.Message[DuplicateKey.Length..]}' is given twice in one mapping; remove one of them", fullPath, e.Start.Line, (int)e.Start.Column));
        }
        catch (YamlException e)
        {
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.RecipeSyntax,
                SnippetQuotingHint.Explain(e, text), fullPath, e.Start.Line, (int)e.Start.Column));
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet throws this (not a YamlException, so without a position) for some unclosed flow collections:
            // the innermost collection still open is where the missing ']' or '}' belongs.
            var at = parser.InnermostOpen ?? YamlDotNet.Core.Mark.Empty;
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.RecipeSyntax,
                $"YAML syntax error: {e.Message} (an unclosed '[' or '{{'?)", fullPath, Math.Max(1, at.Line), (int)Math.Max(1, at.Column)));
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

    private static IReadOnlyList<StepDefinition> ReadSteps(YamlNodes y, YamlNode node, RecipeVocabulary words)
    {
        var steps = new List<StepDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var items = y.Sequence(node, "steps").Children;
        for (var index = 0; index < items.Count; index++)
            if (y.Collect(() => ReadStep(y, items[index], index, names, words), null) is { } step) steps.Add(step);
        return steps;
    }

    private static StepDefinition? ReadStep(YamlNodes y, YamlNode item, int index, HashSet<string> names, RecipeVocabulary words)
    {
        var map = y.Mapping(item, "a step");
        string? name = null;
        (string Verb, YamlNode Value)? verb = null;
        foreach (var (keyNode, value) in map.Children)
        {
            var key = y.String(keyNode, "a step key");
            if (key == "name") { name = y.String(value, "name"); continue; }
            if (!words.StepVerbs.Contains(key))
                throw y.Error(keyNode, $"unknown step '{key}'{DidYouMean.Hint(key, [.. words.StepVerbs, "name"])}; " +
                                       $"known steps: {string.Join(", ", words.StepVerbs)}");
            if (verb is not null)
                throw y.Error(keyNode, $"a step has one verb, but this one has '{verb.Value.Verb}' and '{key}'; make two steps");
            verb = (key, value);
        }
        if (verb is null) throw y.Error(item, $"a step needs a verb ({string.Join(", ", words.StepVerbs)})");
        var stepName = name ?? $"{verb.Value.Verb}-{index + 1}";
        if (!names.Add(stepName)) throw y.Error(item, $"two steps are named '{stepName}'; step names must be unique");
        return new StepDefinition(verb.Value.Verb, verb.Value.Value, index, y.At(item)) { Name = stepName };
    }

    private static BadRecordPolicy ReadPolicy(YamlNodes y, YamlNode node) => y.String(node, "on_bad_record") switch
    {
        "fail" => BadRecordPolicy.Fail,
        "skip" => BadRecordPolicy.Skip,
        var other => throw y.Error(node, $"on_bad_record must be 'fail' or 'skip', not '{other}'"),
    };
}
