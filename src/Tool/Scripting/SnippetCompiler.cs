using System.Collections.Immutable;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using TraceCurate.Diagnostics;
using Diagnostic = TraceCurate.Diagnostics.Diagnostic;

namespace TraceCurate.Scripting;

/// <summary>
/// Compiles a recipe's snippets into one assembly with Roslyn (design B of engine-notes §1: one generated class,
/// explicit cached references, Release, deterministic), or loads it from the disk cache when the same source was
/// compiled before, then binds each snippet to a plain delegate.
/// </summary>
public sealed class SnippetCompiler(CompileCache cache)
{
    /// <summary>Pinned, so a Roslyn upgrade cannot silently change what a recipe means; part of the cache key.</summary>
    public const LanguageVersion Language = LanguageVersion.CSharp14;

    /// <summary><see cref="Language"/>'s name, a constant: the cache key must not load Roslyn (below).</summary>
    internal const string LanguageName = nameof(LanguageVersion.CSharp14);

    /// <summary>
    /// The Roslyn this tool was built against and ships, read from the tool's own assembly references: touching a Roslyn
    /// type here would load Roslyn's 20 MB assembly on every cache hit, a tenth of a warm <c>check</c>.
    /// </summary>
    internal static Version? RoslynVersion { get; } = typeof(SnippetCompiler).Assembly.GetReferencedAssemblies()
        .FirstOrDefault(a => a.Name == "Microsoft.CodeAnalysis.CSharp")?.Version;

    /// <summary>
    /// Run the <see cref="SnippetGuard"/> before emitting (the default); false only for a recipe that says
    /// <c>unsafe: true</c>. Part of the cache key, so an unguarded build is never loaded for a guarded recipe.
    /// </summary>
    public bool Guarded { get; init; } = true;

    public CompiledSnippets Compile(SnippetSet snippets, IReadOnlyList<string> importPaths, IReadOnlyList<KeyValuePair<string, object>>? parameters = null)
    {
        // A recipe without snippets or imports (the export command's built-in steps) needs no compiler at all.
        if (snippets.All.Count == 0 && importPaths.Count == 0) return CompiledSnippets.None(snippets);
        var imports = importPaths.Select(ImportFile.Load).ToList();
        var source = SnippetSource.Build(snippets, imports, parameters);
        var key = CacheKey(KeySource(source, snippets, imports, parameters), Guarded);
        var fromCache = true;
        var image = cache.TryRead(key);
        if (image is null)
        {
            fromCache = false;
            image = Emit(source, key, Guarded);
            cache.Write(key, image);
        }
        return CompiledSnippets.Load(image, key, fromCache, snippets);
    }

    /// <summary>
    /// The generated file as the cache key reads it: with the recipe's and the imports' paths in its <c>#line</c>
    /// directives named by their order of first appearance, not spelled out. Those paths only place compile errors
    /// (which are never cached) in the recipe; the assembly emitted is the same bytes wherever the recipe lies (no PDB
    /// is emitted; CacheKeyPathTests compares two builds), so a recipe in another checkout, a CI runner's fresh
    /// clone say, loads the same cached assembly and its manifest records the same <c>compile_cache_key</c>, where each
    /// new folder compiled it again (about 0.3 s on one core) under a key of its own. Code that asks for its caller's
    /// file (<c>[CallerFilePath]</c>) gets the path compiled into it: its key keeps the paths.
    /// </summary>
    private static string KeySource(GeneratedSource source, SnippetSet snippets, IReadOnlyList<ImportFile> imports,
        IReadOnlyList<KeyValuePair<string, object>>? parameters)
    {
        if (source.Text.Contains("CallerFilePath", StringComparison.Ordinal)) return source.Text;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        return SnippetSource.Build(snippets, imports, parameters, path =>
        {
            if (!names.TryGetValue(path, out var name)) names.Add(path, name = $"file {names.Count + 1}");
            return name;
        }).Text;
    }

    /// <summary>
    /// Names how <see cref="Emit"/> instruments the code (stack probes), so a build without them is never loaded from the
    /// cache; change it whenever the instrumentation does.
    /// </summary>
    internal const string Instrumentation = "stack-probes-1";

    /// <summary>Everything that changes the emitted bytes: the source, and the tool, Roslyn, runtime and language versions.</summary>
    public static string CacheKey(string source, bool guarded = true)
    {
        var material = string.Join("\n",
            source,
            guarded ? SnippetAllowList.Version : "unguarded",
            Instrumentation,
            typeof(SnippetCompiler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
            RoslynVersion,
            Environment.Version,
            LanguageName);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    private static byte[] Emit(GeneratedSource source, string key, bool guarded)
    {
        var parseOptions = new CSharpParseOptions(Language);
        var tree = CSharpSyntaxTree.ParseText(source.Text, parseOptions, path: "recipe-snippets.g.cs", encoding: Encoding.UTF8);
        var options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release,
            allowUnsafe: true, // so that unsafe code meets the guard's clear refusal, not CS0227
            deterministic: true,
            nullableContextOptions: NullableContextOptions.Disable);
        var compilation = CSharpCompilation.Create($"recipe_{key[..16]}", [tree], MetadataReferences.All, options);
        // The guard runs on the bound tree before any byte is emitted; its refusals come first because a refused
        // symbol (dynamic, say) often causes the compile errors that follow it.
        var refused = guarded ? SnippetGuard.Check(compilation, tree, source) : [];
        var errors = Report(compilation.GetDiagnostics());
        if (refused.Count + errors.Count > 0) throw new TraceCurateException(refused.Concat(errors).Distinct().ToList());
        using var output = new MemoryStream();
        var result = compilation.Emit(output, options: ProbedEmit());
        if (!result.Success) throw new TraceCurateException(Report(result.Diagnostics));
        return output.ToArray();
    }

    /// <summary>
    /// Every method, local function and lambda of the emitted assembly (snippets and helpers, guarded or not) starts with
    /// a call to <c>RuntimeHelpers.EnsureSufficientExecutionStack()</c>, inserted by Roslyn at emit, not in the source the
    /// guard reads. .NET cannot catch a stack overflow: it ends the process with no diagnostic and no cleanup. With the
    /// probe, recursion that runs out of stack throws <see cref="InsufficientExecutionStackException"/> instead, which
    /// fails the trace's step (TC0005) and rolls the run back like any exception. A probe costs a few nanoseconds per call
    /// (docs/safety.md). A method, not a static field: this class must not load Roslyn on a cache hit.
    /// </summary>
    private static EmitOptions ProbedEmit() => new EmitOptions().WithInstrumentationKinds([InstrumentationKind.StackOverflowProbing]);

    private static IReadOnlyList<Diagnostic> Report(ImmutableArray<Microsoft.CodeAnalysis.Diagnostic> diagnostics) =>
        diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => At(d.Location, d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)))
            .Distinct()
            .ToList();

    /// <summary>An error at a place in the generated file, mapped back through its <c>#line</c> directives to the recipe or import.</summary>
    internal static Diagnostic At(Location location, string code, string message)
    {
        var span = location.GetMappedLineSpan();
        var mapped = span.HasMappedPath ? span.Path : null;
        // The params class is nested in the generated class; users know it as P (the recipe's params:).
        message = message.Replace($"'{SnippetSource.ClassName}.{SnippetSource.ParamsClassName}'", $"'{SnippetSource.ParamsClassName}' (the recipe's params:)");
        return Diagnostic.Error(code, message,
            mapped, mapped is null ? 0 : span.StartLinePosition.Line + 1, mapped is null ? 0 : span.StartLinePosition.Character + 1);
    }
}
