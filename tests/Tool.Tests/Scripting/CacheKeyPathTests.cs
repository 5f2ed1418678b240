using TraceCurate.Diagnostics;
using TraceCurate.Scripting;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Scripting;

/// <summary>
/// The compile-cache key does not depend on where the recipe and its imports lie: the assembly compiled for a recipe in
/// one folder is the same bytes as the one compiled for it in another (compared here, each compiled into an empty cache
/// of its own, which is the reason to believe the shared key), so a second checkout loads the first one's assembly.
/// Compile errors still name the files where they are, and code that asks for its caller's file keeps its paths.
/// </summary>
public sealed class CacheKeyPathTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Helper = "static bool Long(Trace t) => t.Actions.Count > 1;\n";

    /// <summary>A recipe's predicate and an import, as they would be read from <paramref name="folder"/>.</summary>
    private (SnippetSet Set, ImportFile Import, Snippet<Func<Trace, bool>> Predicate) At(string folder, string predicate = "Long(t) && t.Turns > 2", string helper = Helper)
    {
        var import = ImportFile.Load(_dir.Write($"{folder}/filters/h.csx", helper));
        var set = new SnippetSet();
        var snippet = set.AddPredicate(new SnippetText(_dir.File($"{folder}/recipe.yaml"), [new SnippetLine(predicate, 4, 12)]));
        return (set, import, snippet);
    }

    [Fact]
    public void A_recipe_in_another_folder_has_the_same_key_and_the_same_assembly_bytes()
    {
        var (a, importA, _) = At("checkout-a");
        var (b, importB, _) = At("elsewhere/checkout-b");
        var cacheA = CompileCache.At(_dir.File("cache-a"));
        var cacheB = CompileCache.At(_dir.File("cache-b"));

        using var first = new SnippetCompiler(cacheA).Compile(a, [importA.Path]);
        using var second = new SnippetCompiler(cacheB).Compile(b, [importB.Path]);

        Assert.False(first.FromCache);
        Assert.False(second.FromCache);
        Assert.Equal(first.CacheKey, second.CacheKey);
        var emittedA = File.ReadAllBytes(Assert.Single(Directory.GetFiles(_dir.File("cache-a"), "*.dll")));
        var emittedB = File.ReadAllBytes(Assert.Single(Directory.GetFiles(_dir.File("cache-b"), "*.dll")));
        Assert.Equal(emittedA, emittedB);
    }

    [Fact]
    public void The_second_folder_loads_the_first_ones_assembly_and_it_answers_for_the_second_recipe()
    {
        var (a, importA, _) = At("checkout-a");
        var (b, importB, predicate) = At("checkout-b");
        var cache = CompileCache.At(_dir.File("cache"));
        using (var first = new SnippetCompiler(cache).Compile(a, [importA.Path])) Assert.False(first.FromCache);

        using var second = new SnippetCompiler(cache).Compile(b, [importB.Path]);

        Assert.True(second.FromCache);
        Assert.True(predicate.Delegate(Some.Trace("t", Some.Action(), Some.Action()) with { Turns = 3 }));
        Assert.False(predicate.Delegate(Some.Trace("t", Some.Action()) with { Turns = 3 }));
    }

    [Fact]
    public void Other_text_is_another_key_and_errors_name_the_files_where_they_are()
    {
        var (a, importA, _) = At("checkout-a");
        var (b, importB, _) = At("checkout-b", predicate: "Long(t) && t.Turns > 3");
        using var first = new SnippetCompiler(CompileCache.At(_dir.File("cache"))).Compile(a, [importA.Path]);
        using var second = new SnippetCompiler(CompileCache.At(_dir.File("cache"))).Compile(b, [importB.Path]);
        Assert.NotEqual(first.CacheKey, second.CacheKey);

        var (bad, importBad, _) = At("checkout-c", predicate: "t.Nothing > 1");
        var error = Assert.Throws<TraceCurateException>(() => new SnippetCompiler(CompileCache.At(_dir.File("cache"))).Compile(bad, [importBad.Path]));
        var d = Assert.Single(error.Diagnostics);
        Assert.Equal(("CS1061", _dir.File("checkout-c/recipe.yaml"), 4L, 14), (d.Code, d.Path, d.Line, d.Column));

        var (badImport, importWithError, _) = At("checkout-d", helper: "static bool Long(Trace t) => t.Nope;\n");
        error = Assert.Throws<TraceCurateException>(() => new SnippetCompiler(CompileCache.At(_dir.File("cache"))).Compile(badImport, [importWithError.Path]));
        Assert.Equal(_dir.File("checkout-d/filters/h.csx"), Assert.Single(error.Diagnostics).Path);
    }

    [Fact]
    public void Unguarded_code_that_asks_for_its_callers_file_keeps_the_paths_in_its_key()
    {
        // The guard refuses [CallerFilePath]; a recipe with 'unsafe: true' may use it, and then the path is in the bytes.
        const string helper = "static string Where([System.Runtime.CompilerServices.CallerFilePath] string file = \"\") => file;\n"
            + "static bool Long(Trace t) => Where().Length > 0;\n";
        var (a, importA, _) = At("checkout-a", helper: helper);
        var (b, importB, _) = At("checkout-b", helper: helper);

        using var first = new SnippetCompiler(CompileCache.At(_dir.File("cache-a"))) { Guarded = false }.Compile(a, [importA.Path]);
        using var second = new SnippetCompiler(CompileCache.At(_dir.File("cache-b"))) { Guarded = false }.Compile(b, [importB.Path]);

        Assert.NotEqual(first.CacheKey, second.CacheKey);
        var emittedA = File.ReadAllBytes(Assert.Single(Directory.GetFiles(_dir.File("cache-a"), "*.dll")));
        var emittedB = File.ReadAllBytes(Assert.Single(Directory.GetFiles(_dir.File("cache-b"), "*.dll")));
        Assert.NotEqual(emittedA, emittedB);
    }
}
