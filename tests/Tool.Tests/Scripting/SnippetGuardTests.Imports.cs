using TraceCurate.Tests.Support;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Scripting;
using TraceCurate.Tests.Hardening;

namespace TraceCurate.Tests.Scripting;

public sealed partial class SnippetGuardTests
{
    private const string ImportRecipe = "name: guard\nimports: [helpers.csx]\nsteps:\n  - where: t.Id != null\noutputs:\n  - path: kept.jsonl\n    format: original\n";

    [Fact]
    public void A_using_static_of_a_refused_type_in_an_import_is_refused_at_the_import_line()
    {
        using var scratch = new TempFolder();
        var errors = Refusals(scratch, ImportRecipe, "// helpers\nusing static System.IO.File;\nstatic bool Has(string p) => Exists(p);\n");
        var first = errors.First(d => d.Code == DiagnosticCodes.SnippetNotAllowed);
        Assert.EndsWith("helpers.csx", first.Path);
        Assert.Equal((2L, 14), (first.Line, first.Column)); // "using static " is 13 characters
        Assert.StartsWith("'System.IO.File' is not allowed", first.Message);
        Assert.Contains(errors, d => d.Line == 3 && d.Message.StartsWith("'System.IO.File.Exists'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[System.Runtime.InteropServices.DllImport(\"libc\")]\nstatic extern int getpid();\n", "'extern'")]
    [InlineData("static unsafe int Peek(int* p) => *p;\n", "'unsafe'")]
    [InlineData("static int Count(IEnumerable<int> xs) { unsafe { return xs.Count(); } }\n", "'unsafe'")]
    [InlineData("static System.Reflection.MethodInfo M() => null;\n", "'System.Reflection.MethodInfo'")]
    [InlineData("static readonly System.Random Shared = new(1);\n", "'System.Random'")]
    public void Native_calls_unsafe_code_and_refused_types_in_imports_are_refused(string import, string named)
    {
        using var scratch = new TempFolder();
        var errors = Refusals(scratch, ImportRecipe, import);
        var first = errors.First(d => d.Code == DiagnosticCodes.SnippetNotAllowed);
        Assert.StartsWith(named + " is not allowed in a snippet", first.Message);
        Assert.EndsWith("helpers.csx", first.Path);
        Assert.Equal(1L, first.Line);
    }

    [Fact]
    public void The_quickstart_helpers_pass_the_guard()
    {
        using var scratch = new TempFolder();
        scratch.Write("helpers.csx", File.ReadAllText(Path.Combine(RepoPaths.Root, "filters", "common.csx")));
        Assert.Empty(Refusals(scratch, ImportRecipe.Replace("t.Id != null", "FailedThenSucceeded(t) || RaisedPythonError(t)")));
    }

    [Fact]
    public void Unsafe_true_turns_the_guard_off_and_the_manifest_and_summary_say_so()
    {
        using var scratch = new TempFolder();
        var input = Path.Combine(RepoPaths.Samples(), "agenttrace", "mbpp.jsonl");
        var recipe = scratch.Write("r.yaml", RecipeWith("System.IO.File.Exists(\"/nonexistent/trace-curate\") == false", "unsafe: true\n"));
        var (exit, _, err) = scratch.Cli("run", recipe, "--input", input, "--out", scratch.File("out"));
        Assert.True(exit == 0, err);
        Assert.Contains("unsafe: true", err);
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(scratch.File("out/manifest.json")));
        Assert.True(manifest.RootElement.GetProperty("unsafe").GetBoolean());
        var lines = File.ReadAllLines(input).Count(l => l.Trim().Length > 0);
        Assert.Equal(lines, File.ReadAllLines(scratch.File("out/kept.jsonl")).Length);
    }

    [Fact]
    public void A_guarded_recipe_is_never_served_the_cached_build_of_an_unsafe_one()
    {
        using var scratch = new TempFolder();
        const string where = "System.IO.File.Exists(\"/nonexistent/cache-check\") == false";
        Assert.Empty(Refusals(scratch, RecipeWith(where, "unsafe: true\n"))); // compiles and fills the shared cache
        Assert.Contains(Refusals(scratch, RecipeWith(where)), d => d.Code == DiagnosticCodes.SnippetNotAllowed);
        Assert.NotEqual(SnippetCompiler.CacheKey("class C {}", guarded: true), SnippetCompiler.CacheKey("class C {}", guarded: false));
    }

    [Fact]
    public void A_guarded_run_writes_no_unsafe_key_in_its_manifest()
    {
        using var scratch = new TempFolder();
        var input = Path.Combine(RepoPaths.Samples(), "agenttrace", "nl2bash.jsonl");
        var (exit, _, err) = scratch.Cli("run", scratch.Write("r.yaml", RecipeWith("t.Id != null")), "--input", input, "--out", scratch.File("out"));
        Assert.True(exit == 0, err);
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(scratch.File("out/manifest.json")));
        Assert.False(manifest.RootElement.TryGetProperty("unsafe", out _));
        Assert.DoesNotContain("unsafe", err);
    }
}
