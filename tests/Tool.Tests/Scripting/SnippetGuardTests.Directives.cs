using TraceCurate.Diagnostics;
using TraceCurate.Tests.Hardening;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Scripting;

/// <summary>
/// A <c>#line</c> in a helper or snippet once made the code after it look generated, so the guard skipped it. Now the
/// guard finds user code by where the generator copied it, refuses the directive, and still checks what follows.
/// </summary>
public sealed partial class SnippetGuardTests
{
    private const string LineReason = "it changes the file and line that errors and the guard report";
    private const string LineInstead = "remove it: the tool maps every line";

    [Theory]
    [InlineData("#line default")]
    [InlineData("#line hidden")]
    [InlineData("#line 7 \"elsewhere.cs\"")]
    [InlineData("#line (1, 1) - (1, 40) \"elsewhere.cs\"")]
    public void A_line_directive_in_a_helper_is_refused_and_hides_nothing(string directive)
    {
        using var scratch = new TempFolder();
        var helper = $"static bool Ok(Trace t) => t.Turns > 0;\n  {directive}\nstatic bool Has(string p) => System.IO.File.Exists(p);\n";
        var errors = Refusals(scratch, ImportRecipe, helper);
        AssertRefused(errors, "#line", LineReason, LineInstead, "helpers.csx", 2, 3);
        // The expression after the directive is still checked, and reported where it stands in the helper file.
        var files = errors.Single(d => d.Message.StartsWith("'System.IO.File.Exists'", StringComparison.Ordinal));
        Assert.Equal(("helpers.csx", 3L, 30), (Path.GetFileName(files.Path), files.Line, files.Column));
    }

    [Fact]
    public void A_line_directive_inside_a_where_block_is_refused_at_its_yaml_line()
    {
        using var scratch = new TempFolder();
        const string recipe = "name: guard\nsteps:\n  - where: |\n      t.Turns > 0 &&\n      #line hidden\n      System.IO.File.Exists(\"/etc/passwd\")\noutputs:\n  - path: kept.jsonl\n    format: original\n";
        var errors = Refusals(scratch, recipe);
        AssertRefused(errors, "#line", LineReason, LineInstead, "r.yaml", 5, 7);
        Assert.Contains(errors, d => d.Line == 6 && d.Column == 7 && d.Message.StartsWith("'System.IO.File.Exists'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_line_directive_smuggled_after_a_carriage_return_in_a_quoted_where_is_refused()
    {
        using var scratch = new TempFolder();
        // YAML turns \r into a carriage return, which C# reads as a line break: the directive starts a line of its own.
        const string recipe = "name: guard\nsteps:\n  - where: \"true &&\\r#line hidden\\rSystem.IO.File.Exists(\\\"x\\\")\"\noutputs:\n  - path: kept.jsonl\n    format: original\n";
        var errors = Refusals(scratch, recipe);
        Assert.Contains(errors, d => d.Code == DiagnosticCodes.SnippetNotAllowed && d.Line == 3 && d.Message.StartsWith("'#line'", StringComparison.Ordinal));
        Assert.Contains(errors, d => d.Code == DiagnosticCodes.SnippetNotAllowed && d.Line == 3
                                     && d.Message.StartsWith("'System.IO.File.Exists'", StringComparison.Ordinal));
    }

    [Fact]
    public void A_pragma_checksum_in_a_helper_is_refused() =>
        AssertHelperRefused("#pragma checksum \"x.cs\" \"{ff1816ec-aa5e-4d10-87f7-6f4963833460}\" \"ab007f1d23d9\"\nstatic bool Ok(Trace t) => true;\n",
            1, "#pragma", "#pragma checksum", "names a source file", "remove it");

    [Fact]
    public void A_pragma_warning_in_a_helper_passes_since_it_can_silence_no_error()
    {
        using var scratch = new TempFolder();
        var helper = "#pragma warning disable CS0168\nstatic bool Ok(Trace t) { int unused; return t.Turns >= 0; }\n#pragma warning restore CS0168\n";
        Assert.Empty(Refusals(scratch, ImportRecipe, helper));
        // …and cannot silence a refusal, which is an error.
        var refused = Refusals(scratch, ImportRecipe, "#pragma warning disable\nstatic bool Has(string p) => System.IO.File.Exists(p);\n");
        Assert.Contains(refused, d => d.Code == DiagnosticCodes.SnippetNotAllowed && d.Line == 2);
    }
}
