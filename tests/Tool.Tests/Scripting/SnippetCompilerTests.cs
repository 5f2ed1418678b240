using System.Runtime.CompilerServices;
using TraceCurate.Diagnostics;
using TraceCurate.Scripting;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Scripting;

public sealed class SnippetCompilerTests
{
    private static SnippetSet Set(string predicate, out Snippet<Func<Trace, bool>> snippet)
    {
        var set = new SnippetSet();
        snippet = set.AddPredicate(SnippetText.Inline(predicate, "inline.yaml"));
        return set;
    }

    [Fact]
    public void Compiled_predicate_answers_like_the_expression()
    {
        var set = Set("t.Actions.Count(a => a.Failed) == 1 && t.Task.StartsWith(\"do\", StringComparison.Ordinal)", out var p);
        using var compiled = new SnippetCompiler(CompileCache.Disabled).Compile(set, []);

        Assert.True(p.Delegate(Some.Trace("a", Some.Action(failed: true), Some.Action())));
        Assert.False(p.Delegate(Some.Trace("b", Some.Action(failed: true), Some.Action(failed: true))));
    }

    [Fact]
    public void Second_compile_of_the_same_source_loads_from_the_disk_cache()
    {
        using var temp = new TempFolder();
        var cache = CompileCache.At(temp.Path);
        using (var first = new SnippetCompiler(cache).Compile(Set("t.Turns > 2", out _), []))
            Assert.False(first.FromCache);

        using var second = new SnippetCompiler(cache).Compile(Set("t.Turns > 2", out var p), []);

        Assert.True(second.FromCache);
        Assert.True(p.Delegate(Some.Trace() with { Turns = 3 }));
        Assert.Single(Directory.GetFiles(temp.Path, "*.dll"));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.tmp"));
    }

    [Fact]
    public void Cache_key_changes_with_the_source_and_with_imports()
    {
        using var temp = new TempFolder();
        var helper = temp.Write("h.csx", "static bool H(Trace t) => true;");
        var a = SnippetCompiler.CacheKey(SnippetSource.Generate(Set("t.Turns > 2", out _), []));
        var b = SnippetCompiler.CacheKey(SnippetSource.Generate(Set("t.Turns > 3", out _), []));
        var c = SnippetCompiler.CacheKey(SnippetSource.Generate(Set("t.Turns > 2", out _), [ImportFile.Load(helper)]));

        Assert.Equal(3, new[] { a, b, c }.Distinct().Count());
        Assert.Equal(a, SnippetCompiler.CacheKey(SnippetSource.Generate(Set("t.Turns > 2", out _), [])));
    }

    [Fact]
    public void Cache_key_names_the_Roslyn_and_language_version_that_compile_without_loading_Roslyn_to_ask()
    {
        Assert.Equal(typeof(Microsoft.CodeAnalysis.CSharp.CSharpCompilation).Assembly.GetName().Version, SnippetCompiler.RoslynVersion);
        Assert.Equal(SnippetCompiler.LanguageName, SnippetCompiler.Language.ToString()); // the constant is what Roslyn spells
    }

    [Fact]
    public void Compile_errors_carry_the_snippet_position_and_roslyn_code()
    {
        var set = new SnippetSet();
        set.AddPredicate(new SnippetText("r.yaml", [new SnippetLine("t.Nothing > 1", 9, 12)]));

        var e = Assert.Throws<TraceCurateException>(() => new SnippetCompiler(CompileCache.Disabled).Compile(set, []));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(("CS1061", "r.yaml", 9L, 14), (d.Code, d.Path, d.Line, d.Column));
    }

    [Fact]
    public void Helpers_without_static_and_with_fields_are_usable_from_snippets()
    {
        using var temp = new TempFolder();
        var helper = temp.Write("h.csx", "using System.Text.RegularExpressions;\nreadonly Regex Digits = new(\"^[0-9]+$\");\nbool AllDigits(string s) => Digits.IsMatch(s);\n");
        var set = Set("AllDigits(t.Id)", out var p);
        using var compiled = new SnippetCompiler(CompileCache.Disabled).Compile(set, [helper]);

        Assert.True(p.Delegate(Some.Trace("123")));
        Assert.False(p.Delegate(Some.Trace("12a")));
    }

    [Fact]
    public void A_load_directive_in_an_import_is_refused_with_its_position()
    {
        using var temp = new TempFolder();
        var helper = temp.Write("h.csx", "// helpers\n#load \"other.csx\"\n");

        var e = Assert.Throws<TraceCurateException>(() => ImportFile.Load(helper));

        Assert.Equal(("TC0009", 2L), (e.Diagnostics[0].Code, e.Diagnostics[0].Line));
    }

    [Fact]
    public void Disposing_compiled_snippets_unloads_their_assembly()
    {
        var weak = CompileAndDispose();
        for (var i = 0; i < 20 && weak.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        Assert.False(weak.IsAlive, "the collectible load context was not unloaded");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference CompileAndDispose()
    {
        var set = Set("t.Turns > 5", out var p);
        var compiled = new SnippetCompiler(CompileCache.Disabled).Compile(set, []);
        var weak = new WeakReference(p.Delegate.Method.DeclaringType!.Assembly);
        compiled.Dispose();
        return weak;
    }
}
