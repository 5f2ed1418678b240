using System.Text;
using System.Text.RegularExpressions;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Docs;

/// <summary>
/// The README stays a README (at most 150 lines; details live in docs/ and bench/README.md), every relative link of the
/// README, bench/README.md and docs/ reaches an existing file (and, for a link into a Markdown page, an existing
/// heading), and the README's recipes run on the bundled samples.
/// </summary>
public sealed partial class DocumentationTests
{
    public static TheoryData<string> Pages()
    {
        var data = new TheoryData<string>();
        data.Add("README.md");
        data.Add("bench/README.md");
        foreach (var page in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            data.Add(Path.GetRelativePath(RepoPaths.Root, page).Replace('\\', '/'));
        return data;
    }

    [Fact]
    public void The_readme_has_at_most_150_lines()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoPaths.Root, "README.md")).Length;
        Assert.True(lines <= 150, $"README.md has {lines} lines; move details to a page under docs/ and link it");
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public void Every_relative_link_reaches_a_file_and_heading(string page)
    {
        var broken = new List<string>();
        var links = Links(page).ToList();
        foreach (var (line, target) in links)
        {
            var hash = target.IndexOf('#');
            var path = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var file = path.Length == 0
                ? Path.Combine(RepoPaths.Root, page)
                : Path.GetFullPath(Path.Combine(RepoPaths.Root, Path.GetDirectoryName(page)!, Uri.UnescapeDataString(path)));
            var relative = Path.GetRelativePath(RepoPaths.Root, file).Replace('\\', '/');
            if (!File.Exists(file) && !Directory.Exists(file))
            {
                broken.Add($"{page}({line}): {target}: {relative} does not exist");
                continue;
            }
            if (anchor is { Length: > 0 } && file.EndsWith(".md", StringComparison.Ordinal) && !Anchors(file).Contains(anchor))
                broken.Add($"{page}({line}): {target}: no heading '#{anchor}' in {relative}");
        }
        Assert.True(broken.Count == 0, string.Join("\n", broken));
    }

    [Fact]
    public void The_link_check_finds_links_and_would_report_a_missing_page_or_heading()
    {
        // The README links to docs/recipes.md and to a heading of it; the check reads both forms.
        var links = Links("README.md").Select(l => l.Target).ToList();
        Assert.Contains("docs/recipes.md", links);
        Assert.Contains(links, l => l.StartsWith("docs/recipes.md#", StringComparison.Ordinal));
        Assert.DoesNotContain(links, l => l.StartsWith("http", StringComparison.Ordinal));
        Assert.Contains("running-a-recipe-the-options-of-run", Anchors(Path.Combine(RepoPaths.Root, "docs", "recipes.md")));
        Assert.Contains("verify-recipe---out-dir---threads-n", Anchors(Path.Combine(RepoPaths.Root, "docs", "reproducibility.md")));
    }

    [Fact]
    public void The_readmes_recipes_run_on_the_bundled_samples_and_write_every_output()
    {
        var readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var recipes = YamlBlock().Matches(readme).Select(m => m.Groups[1].Value).Where(y => y.Contains("outputs:", StringComparison.Ordinal)).ToList();
        Assert.True(recipes.Count >= 2, $"expected the README's two recipes, found {recipes.Count}");
        foreach (var (yaml, index) in recipes.Select((y, i) => (y, i)))
        {
            using var folder = new TempFolder();
            // The recipes are written as if they stood in recipes/: their relative paths start at the repository root.
            var rooted = yaml.Replace("../", RepoPaths.Root.Replace('\\', '/') + "/", StringComparison.Ordinal);
            var run = RecipeRun.RunLogged(folder, rooted, recipeName: $"readme-{index}.yaml");
            Assert.True(run.Result.Funnel.Steps.Count > 0, run.Log);
            var outputs = OutputPath().Matches(yaml[yaml.IndexOf("outputs:", StringComparison.Ordinal)..]).Select(m => m.Groups[1].Value).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, o => Assert.True(File.Exists(Path.Combine(run.OutDir, o)), $"README recipe {index}: {o} was not written"));
            Assert.True(File.Exists(Path.Combine(run.OutDir, "manifest.json")));
        }
    }

    /// <summary>Relative link targets of a Markdown page with their line numbers, outside fenced code and code spans.</summary>
    private static IEnumerable<(int Line, string Target)> Links(string page)
    {
        var fenced = false;
        var number = 0;
        foreach (var line in File.ReadLines(Path.Combine(RepoPaths.Root, page)))
        {
            number++;
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                fenced = !fenced;
                continue;
            }
            if (fenced) continue;
            foreach (Match m in Link().Matches(CodeSpan().Replace(line, "")))
            {
                var target = m.Groups[1].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                yield return (number, target);
            }
        }
    }

    /// <summary>The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens.</summary>
    private static HashSet<string> Anchors(string file)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var fenced = false;
        foreach (var line in File.ReadLines(file))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            if (fenced || !line.StartsWith('#')) continue;
            var text = line.TrimStart('#').Trim().ToLowerInvariant();
            var slug = new StringBuilder();
            foreach (var c in text)
                if (char.IsLetterOrDigit(c) || c is '-' or '_') slug.Append(c);
                else if (c == ' ') slug.Append('-');
            var anchor = slug.ToString();
            for (var n = 1; !anchors.Add(anchor); n++) anchor = $"{slug}-{n}"; // GitHub numbers repeated headings
        }
        return anchors;
    }

    [GeneratedRegex(@"\]\(([^)\s]+)(?:\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"`[^`]*`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"path:\s*([^,}\s]+)")]
    private static partial Regex OutputPath();
}
