using System.Reflection;
using System.Runtime.Loader;
using TraceCurate.Diagnostics;

namespace TraceCurate.Scripting;

/// <summary>
/// A recipe's snippet assembly loaded into a collectible <see cref="AssemblyLoadContext"/>, with every snippet bound to
/// a delegate on one instance of the generated class. Disposing unbinds the delegates and unloads the context, so a
/// process that compiles many recipes does not grow (engine-notes §1.4).
/// </summary>
public sealed class CompiledSnippets : IDisposable
{
    private readonly AssemblyLoadContext? _context;
    private readonly SnippetSet _snippets;

    private CompiledSnippets(AssemblyLoadContext? context, SnippetSet snippets, string key, bool fromCache)
    {
        _context = context;
        _snippets = snippets;
        CacheKey = key;
        FromCache = fromCache;
    }

    public string CacheKey { get; }

    /// <summary>True when the assembly came from the disk cache and Roslyn did not run.</summary>
    public bool FromCache { get; }

    /// <summary>Key of a recipe with no snippet and no import: nothing was compiled or loaded.</summary>
    public const string NoSnippetsKey = "none";

    /// <summary>For a recipe with no snippet and no import: Roslyn is not loaded at all (a built-in-only run starts fast).</summary>
    internal static CompiledSnippets None(SnippetSet snippets) => new(null, snippets, NoSnippetsKey, fromCache: true);

    internal static CompiledSnippets Load(byte[] image, string key, bool fromCache, SnippetSet snippets)
    {
        var context = new AssemblyLoadContext($"recipe-{key[..12]}", isCollectible: true);
        var assembly = context.LoadFromStream(new MemoryStream(image));
        var type = assembly.GetType(SnippetSource.ClassName, throwOnError: true)!;
        object instance;
        try
        {
            instance = Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            // A helper's instance field initialiser runs here, before any trace: it may throw or recurse too.
            context.Unload();
            throw new TraceCurateException(Diagnostic.Error(DiagnosticCodes.SnippetFailed,
                $"initialising the helpers' fields threw {inner.GetType().Name}: {Describe(inner)}"));
        }
        foreach (var snippet in snippets.All)
        {
            var method = type.GetMethod(snippet.MethodName, BindingFlags.Public | BindingFlags.Instance)!;
            snippet.Bind(method.CreateDelegate(snippet.DelegateType, instance));
        }
        return new CompiledSnippets(context, snippets, key, fromCache);
    }

    /// <summary>What a snippet's exception means, for the TC0005 message; a stack probe's exception gets words of its own.</summary>
    public static string Describe(Exception e) => e is InsufficientExecutionStackException
        ? "the stack ran out: a snippet or helper recursed without end, or too deep"
        : e.Message;

    public void Dispose()
    {
        foreach (var snippet in _snippets.All) snippet.Unbind();
        _context?.Unload();
    }
}
