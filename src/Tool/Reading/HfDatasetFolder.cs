using System.Text.RegularExpressions;
using TraceCurate.Diagnostics;
using YamlDotNet.RepresentationModel;

namespace TraceCurate.Reading;

/// <summary>
/// A Hugging Face dataset folder as an input (input-formats-2 §1 "Where"; docs/formats/hf-folders.md): a folder with a
/// <c>README.md</c> whose YAML front matter may declare <c>configs[].data_files[{split, path}]</c>, and data files
/// (<c>*.parquet</c>, <c>*.jsonl</c>, <c>*.json</c>, gzipped or not). Its data files are read split by split, in the order
/// the card lists them (else by split name), each by whichever reader claims it; the card, the recipe copy and other
/// files are not inputs. Without <c>configs</c> a file's split is its name's prefix (<c>train-00000-of-00001</c>,
/// <c>test.jsonl</c>) or its folder's name. <c>folder:split</c> reads one split.
/// </summary>
public static partial class HfDatasetFolder
{
    /// <summary>Whether <paramref name="folder"/> is a dataset folder: a README.md that opens with front matter, and data files.</summary>
    public static bool Is(string folder) =>
        Directory.Exists(folder) && File.Exists(Path.Combine(folder, "README.md")) && FrontMatter(folder) is not null && DataFiles(folder).Count > 0;

    /// <summary>The data files of every split (or of <paramref name="split"/>), split by split, each split's files in ordinal order.</summary>
    public static List<string> Files(string folder, string? split, Recipes.RecipePosition at)
    {
        var splits = Splits(folder);
        if (split is null) return splits.SelectMany(s => s.Files).ToList();
        var chosen = splits.FirstOrDefault(s => s.Name == split);
        if (chosen.Files is not { Count: > 0 })
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.InputNotFound,
                $"the dataset folder has no split '{split}' (its splits: {string.Join(", ", splits.Select(s => s.Name))})", at.File, at.Line, at.Column));
        return chosen.Files;
    }

    /// <summary>The splits with their files: from the card's <c>configs</c> (every config, in order), else from file and folder names.</summary>
    public static List<(string Name, List<string> Files)> Splits(string folder)
    {
        var result = new List<(string Name, List<string> Files)>();
        void Add(string name, IEnumerable<string> files)
        {
            var index = result.FindIndex(s => s.Name == name);
            if (index < 0) result.Add((name, files.Order(StringComparer.Ordinal).ToList()));
            else result[index] = (name, result[index].Files.Concat(files).Distinct().Order(StringComparer.Ordinal).ToList());
        }
        var declared = Declared(folder);
        if (declared.Count > 0)
        {
            foreach (var (name, pattern) in declared)
            {
                var full = Path.GetFullPath(Path.Combine(folder, pattern));
                var files = Glob.HasWildcards(pattern) ? Glob.Expand(full) : File.Exists(full) ? [full] : [];
                Add(name, files.Where(IsData));
            }
            return result;
        }
        foreach (var group in DataFiles(folder).GroupBy(f => SplitOf(folder, f)).OrderBy(g => g.Key, StringComparer.Ordinal))
            Add(group.Key, group);
        return result;
    }

    /// <summary>The card's <c>configs[].data_files[{split, path}]</c> (a path may be a list of globs); empty when it declares none.</summary>
    private static List<(string Split, string Path)> Declared(string folder)
    {
        var list = new List<(string, string)>();
        if (FrontMatter(folder) is not { } yaml) return list;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root) return list;
            if (!root.Children.TryGetValue(new YamlScalarNode("configs"), out var configs) || configs is not YamlSequenceNode configList) return list;
            foreach (var config in configList.OfType<YamlMappingNode>())
            {
                if (!config.Children.TryGetValue(new YamlScalarNode("data_files"), out var files)) continue;
                if (files is YamlScalarNode single) { list.Add(("train", single.Value ?? "")); continue; }
                if (files is not YamlSequenceNode fileList) continue;
                foreach (var item in fileList)
                {
                    if (item is YamlScalarNode bare) { list.Add(("train", bare.Value ?? "")); continue; }
                    if (item is not YamlMappingNode entry) continue;
                    var split = entry.Children.TryGetValue(new YamlScalarNode("split"), out var s) && s is YamlScalarNode sn ? sn.Value ?? "train" : "train";
                    if (!entry.Children.TryGetValue(new YamlScalarNode("path"), out var p)) continue;
                    if (p is YamlScalarNode path) list.Add((split, path.Value ?? ""));
                    else if (p is YamlSequenceNode paths) list.AddRange(paths.OfType<YamlScalarNode>().Select(x => (split, x.Value ?? "")));
                }
            }
        }
        catch (YamlDotNet.Core.YamlException)
        {
            // A card whose front matter does not parse declares nothing: the file names decide.
        }
        return list;
    }

    /// <summary>The YAML between the opening <c>---</c> line of README.md and the next one; null when it has none.</summary>
    private static string? FrontMatter(string folder)
    {
        var path = Path.Combine(folder, "README.md");
        if (!File.Exists(path)) return null;
        using var reader = new StreamReader(path);
        if (reader.ReadLine()?.TrimEnd() != "---") return null;
        var yaml = new System.Text.StringBuilder();
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            if (line.TrimEnd() == "---") return yaml.ToString();
            yaml.Append(line).Append('\n');
        }
        return null;
    }

    private static List<string> DataFiles(string folder) =>
        FolderWalk.Files(folder, recursive: true, includeHidden: false).Select(e => e.Path).Where(IsData).ToList();

    private static bool IsData(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal)) name = name[..^3];
        return name.EndsWith(".parquet", StringComparison.Ordinal) || name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal);
    }

    /// <summary><c>train-00000-of-00001.parquet</c> → train; <c>train.raw.jsonl</c> → train.raw; else the folder's name, else train.</summary>
    private static string SplitOf(string folder, string file)
    {
        var name = Path.GetFileName(file);
        if (Shard().Match(name) is { Success: true } m) return m.Groups["split"].Value;
        var stem = name;
        foreach (var ext in new[] { ".gz", ".parquet", ".jsonl", ".json" })
            if (stem.EndsWith(ext, StringComparison.OrdinalIgnoreCase)) stem = stem[..^ext.Length];
        if (stem is "train" or "test" or "validation" or "dev" or "valid" || stem.StartsWith("train.", StringComparison.Ordinal)) return stem;
        var parent = Path.GetFileName(Path.GetDirectoryName(file)) ?? "";
        return parent is "train" or "test" or "validation" or "dev" or "valid" ? parent : "train";
    }

    [GeneratedRegex(@"^(?<split>.+?)-\d{5}-of-\d{5}\.")]
    private static partial Regex Shard();
}
