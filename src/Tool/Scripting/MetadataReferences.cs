using Microsoft.CodeAnalysis;
using TraceCurate.Traces;

namespace TraceCurate.Scripting;

/// <summary>
/// The assemblies snippets compile against, built once per process: creating references per compile is what makes
/// the scripting API slow (engine-notes §1.2). Taken from the running framework, so snippets bind to the same BCL the
/// tool runs on.
/// </summary>
internal static class MetadataReferences
{
    private static readonly string[] FrameworkAssemblies =
    [
        "System.Runtime", "System.Private.CoreLib", "netstandard", "System.Linq", "System.Collections",
        "System.Text.RegularExpressions", "System.Text.Json", "System.Memory", "System.Runtime.Numerics",
        "System.Collections.Immutable", "System.Linq.Expressions", "System.ObjectModel", "System.Runtime.Extensions",
        "System.Text.Encoding.Extensions", "System.Security.Cryptography", "System.Collections.Concurrent",
    ];

    private static readonly Lazy<IReadOnlyList<MetadataReference>> Cached = new(Build);

    public static IReadOnlyList<MetadataReference> All => Cached.Value;

    private static IReadOnlyList<MetadataReference> Build()
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var byName = trusted.Where(p => p.Length > 0)
            .GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        var references = new List<MetadataReference>();
        foreach (var name in FrameworkAssemblies)
        {
            if (byName.TryGetValue(name, out var path)) references.Add(MetadataReference.CreateFromFile(path));
        }
        references.Add(MetadataReference.CreateFromFile(typeof(Trace).Assembly.Location));
        return references;
    }
}
