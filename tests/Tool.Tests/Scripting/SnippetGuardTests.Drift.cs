using System.Reflection;
using TraceCurate.Diagnostics;
using TraceCurate.Scripting;
using TraceCurate.Tests.Hardening;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Scripting;

/// <summary>
/// The deny list names members one by one, so a new .NET version could add a process-wide setter or an unchecked
/// <c>…Unsafe</c> member to an allowed namespace. These tests list them by reflection over the running framework and
/// check that the guard refuses every one, so such an addition fails here instead of slipping through.
/// </summary>
public sealed partial class SnippetGuardTests
{
    private static IEnumerable<Type> AllowedNamespaceTypes() =>
        new[] { typeof(object), typeof(Enumerable), typeof(List<>), typeof(LinkedList<>), typeof(System.Text.RegularExpressions.Regex),
                typeof(System.Text.Json.Nodes.JsonNode), typeof(System.Numerics.BigInteger), typeof(System.Collections.Immutable.ImmutableArray),
                typeof(System.Collections.Concurrent.ConcurrentBag<>), typeof(System.Collections.ObjectModel.ObservableCollection<>) }
            .Select(t => t.Assembly).Distinct()
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => SnippetAllowList.Namespaces.Contains(t.Namespace ?? "") || t.Namespace is "System" or "System.Runtime.Intrinsics");

    /// <summary>C# for a type: <c>global::System.Numerics.Vector&lt;int&gt;</c>.</summary>
    private static string CSharpName(Type type)
    {
        var name = "global::" + type.FullName!.Replace('+', '.');
        var tick = name.IndexOf('`');
        return tick < 0 ? name : name[..tick] + "<" + string.Join(", ", Enumerable.Repeat("int", type.GetGenericArguments().Length)) + ">";
    }

    /// <summary>One recipe with a where per member, each on its own line; returns the lines that got no TC0011.</summary>
    private static List<string> NotRefused(IReadOnlyList<string> snippets)
    {
        using var scratch = new TempFolder();
        var steps = string.Concat(snippets.Select(s => $"  - where: {s}\n"));
        var errors = Refusals(scratch, $"name: drift\nsteps:\n{steps}outputs:\n  - path: kept.jsonl\n    format: original\n");
        var refusedLines = errors.Where(d => d.Code == DiagnosticCodes.SnippetNotAllowed).Select(d => d.Line).ToHashSet();
        return snippets.Where((_, i) => !refusedLines.Contains(i + 3)).ToList();
    }

    [Fact]
    public void Every_static_setter_of_an_allowed_namespace_is_refused()
    {
        var setters = AllowedNamespaceTypes()
            .SelectMany(t => t.GetProperties(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(p => p.SetMethod is { IsPublic: true })
                .Select(p => $"({CSharpName(t)}.{p.Name} = default) == default"))
            .ToList();
        Assert.Contains("(global::System.Text.RegularExpressions.Regex.CacheSize = default) == default", setters); // the list is real
        Assert.Equal(["t.Turns > 0"], NotRefused(["DateTime.Now.Year > 0", "t.Turns > 0"])); // and the check can fail
        Assert.Empty(NotRefused(setters));
    }

    [Fact]
    public void Every_member_named_unsafe_in_an_allowed_namespace_is_refused()
    {
        var members = AllowedNamespaceTypes()
            .SelectMany(t => t.GetMembers(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m.Name.Contains("Unsafe", StringComparison.Ordinal) && m is MethodInfo)
                .Select(m => $"{CSharpName(t)}.{m.Name}(default) == default"))
            .Distinct()
            .ToList();
        Assert.Contains("global::System.Numerics.Vector.LoadUnsafe(default) == default", members);
        Assert.Empty(NotRefused(members));
    }
}
