using System.Reflection;
using System.Text.RegularExpressions;
using TraceCurate.Pipeline;
using TraceCurate.Scripting;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Traces;

/// <summary>
/// docs/predicate-api.md is the snippet API: it lists exactly the public members a snippet can reach (the namespace
/// TraceCurate.Traces and the Stable helpers), and every example on it compiles with the tool's snippet compiler.
/// </summary>
public class PredicateApiTests
{
    private static string Page => File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "predicate-api.md"));

    /// <summary>Every public type of TraceCurate.Traces, and Stable, which the snippet guard allows from Scripting.</summary>
    private static IEnumerable<Type> SnippetTypes() =>
        typeof(Trace).Assembly.GetExportedTypes().Where(t => t.Namespace == "TraceCurate.Traces").Append(typeof(Stable));

    // Members every record or enum has, which the compiler writes: not part of what the page documents.
    private static readonly HashSet<string> Generated = ["Equals", "GetHashCode", "ToString", "Deconstruct", "<Clone>$", "PrintMembers", "EqualityContract"];

    /// <summary>"Type.Member" for every public member a snippet can name.</summary>
    internal static SortedSet<string> PublicSurface()
    {
        var surface = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in SnippetTypes())
        {
            if (type.IsEnum)
            {
                foreach (var name in Enum.GetNames(type)) surface.Add($"{type.Name}.{name}");
                continue;
            }
            foreach (var member in type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                if (member is ConstructorInfo || member is MethodInfo { IsSpecialName: true } || Generated.Contains(member.Name)) continue;
                if (member is Type) continue; // nested types are listed by their own name (none today)
                surface.Add($"{type.Name}.{member.Name}");
            }
        }
        return surface;
    }

    /// <summary>"Type.Member" for every member the page lists: the backticked names of a table's first column under a heading that names a type.</summary>
    internal static SortedSet<string> Documented(string page)
    {
        var documented = new SortedSet<string>(StringComparer.Ordinal);
        string? type = null;
        foreach (var line in page.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (Regex.Match(line, @"^#{2,3} (.*)$") is { Success: true } heading)
            {
                var named = Regex.Match(heading.Groups[1].Value, @"^`(\w+)`$");
                type = named.Success ? named.Groups[1].Value : null;
                continue;
            }
            if (type is null || !line.StartsWith('|') || line.StartsWith("|---") || line.StartsWith("| member")) continue;
            var first = line.Split('|')[1];
            foreach (Match m in Regex.Matches(first, @"`([A-Za-z_]\w*)")) documented.Add($"{type}.{m.Groups[1].Value}");
        }
        return documented;
    }

    [Fact]
    public void The_page_documents_exactly_the_public_surface_snippets_reach()
    {
        var surface = PublicSurface();
        var documented = Documented(Page);
        Assert.Contains("Trace.Actions", surface); // the reflection sees the model
        Assert.Contains("Action.ErrorClass", documented); // and the parser sees the page
        var undocumented = surface.Except(documented).ToList();
        var stale = documented.Except(surface).ToList();
        Assert.True(undocumented.Count == 0 && stale.Count == 0,
            $"public but not in docs/predicate-api.md: {string.Join(", ", undocumented)}\n" +
            $"in docs/predicate-api.md but not public: {string.Join(", ", stale)}");
    }

    [Fact]
    public void The_machinery_behind_the_model_is_not_public()
    {
        var exported = typeof(Trace).Assembly.GetExportedTypes().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in new[] { "Deferred`1", "LazyValue`1", "Utf8JsonText", "TextLease", "ErrorClassifier", "ShellCommand", "TraceJsonWriter", "TraceAnalyzer" })
            Assert.DoesNotContain(name, exported);
        var setters = typeof(Trace).GetProperties().Concat(typeof(TraceCurate.Traces.Action).GetProperties()).Concat(typeof(Message).GetProperties())
            .Concat(typeof(ToolCall).GetProperties()).Where(p => p.Name.StartsWith("Lazy", StringComparison.Ordinal)).ToList();
        Assert.Empty(setters);
    }

    [Fact]
    public void The_surface_check_notices_a_member_missing_from_the_page()
    {
        var page = Page.Replace("| `Turns` |", "| Turns |", StringComparison.Ordinal);
        Assert.DoesNotContain("Trace.Turns", Documented(page));
        Assert.Contains("Trace.Turns", Documented(Page));
    }

    /// <summary>The snippet lines (<c>- where: …</c>, <c>- map: …</c>) of the page's YAML examples.</summary>
    internal static List<string> ExampleSteps(string page)
    {
        var steps = new List<string>();
        var inYaml = false;
        foreach (var line in page.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("```", StringComparison.Ordinal)) { inYaml = line == "```yaml"; continue; }
            if (inYaml && Regex.IsMatch(line, @"^\s*- (where|map): ")) steps.Add(line.Trim());
        }
        return steps;
    }

    [Fact]
    public void Every_example_on_the_page_compiles()
    {
        var steps = ExampleSteps(Page);
        Assert.True(steps.Count >= 15, $"expected the page's examples, found {steps.Count}");
        using var temp = new TempFolder();
        var path = temp.File("api-examples.yaml");
        var text = "name: api-examples\nsteps:\n" + string.Concat(steps.Select(s => "  " + s + "\n")) +
                   "outputs:\n  - path: kept.jsonl\n    format: trace\n";
        File.WriteAllText(path, text);
        using var plan = RecipePlan.Prepare(RecipeLoader.Load(path), CompileCache.Disabled);
        Assert.Equal(steps.Count, plan.Steps.Count);
    }
}
