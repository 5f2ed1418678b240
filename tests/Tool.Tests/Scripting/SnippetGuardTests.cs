using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Tests.Hardening;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Scripting;

public sealed partial class SnippetGuardTests
{
    private static string RecipeWith(string where, string extra = "") =>
        $"name: guard\n{extra}steps:\n  - where: {where}\noutputs:\n  - path: kept.jsonl\n    format: original\n";

    private static IReadOnlyList<Diagnostic> Refusals(TempFolder scratch, string recipeText, string? import = null)
    {
        if (import is not null) scratch.Write("helpers.csx", import);
        var path = scratch.Write("r.yaml", recipeText);
        try
        {
            using var plan = RecipePlan.Prepare(RecipeLoader.Load(path), scratch.Cache);
            return [];
        }
        catch (TraceCurateException e)
        {
            return e.Diagnostics;
        }
    }

    [Fact]
    public void A_predicate_calling_File_Exists_is_refused_at_its_yaml_line_and_column()
    {
        using var scratch = new TempFolder();
        var (exit, _, err) = scratch.Cli("check", scratch.Write("r.yaml", RecipeWith("System.IO.File.Exists(\"/etc/passwd\")")));
        Assert.Equal(1, exit);
        // Line 3 is "  - where: System.IO…"; the expression starts after "  - where: " (11 characters), so column 12.
        Assert.True(exit == 1, err);
        Assert.Contains("r.yaml(3,12): error TC0011: 'System.IO.File.Exists' is not allowed in a snippet: it reaches files; " +
                        "add 'unsafe: true' to the recipe if it really needs it", err);
    }

    [Theory]
    [InlineData("t.GetType().Assembly.Location != null", "System.Reflection.Assembly.Location", "reflection")]
    [InlineData("t.Id.GetType() is not null", "System.Object.GetType", "reflection")]
    [InlineData("typeof(Trace).Name == \"x\"", "System.Reflection.MemberInfo.Name", "reflection")]
    [InlineData("System.Diagnostics.Debugger.Launch()", "System.Diagnostics.Debugger.Launch", "processes")]
    [InlineData("Environment.GetEnvironmentVariable(\"HOME\") != null", "System.Environment.GetEnvironmentVariable", "environment")]
    [InlineData("Activator.CreateInstance<List<int>>().Count == 0", "System.Activator.CreateInstance", "reflection")]
    [InlineData("System.Threading.Thread.CurrentThread.ManagedThreadId > 0", "System.Threading.Thread.ManagedThreadId", "threads")]
    [InlineData("new System.IO.FileInfo(t.Id).Length > 0", "System.IO.FileInfo.Length", "files")]
    [InlineData("System.IO.Path.GetFullPath(t.Id).Length > 0", "System.IO.Path.GetFullPath", "files")]
    [InlineData("System.IO.Path.Exists(t.Cwd)", "System.IO.Path.Exists", "files")]
    [InlineData("((dynamic)t).Id == \"x\"", "dynamic", "dynamic")]
    [InlineData("AppContext.GetData(\"x\") == null", "System.AppContext.GetData", "environment")]
    [InlineData("new Func<bool>(() => true).Method is not null", "System.Delegate.Method", "reflection")]
    [InlineData("TraceCurate.Scripting.CompileCache.Disabled != null", "TraceCurate.Scripting.CompileCache.Disabled", "part of the tool")]
    [InlineData("System.Linq.Expressions.Expression.Constant(1) != null", "System.Linq.Expressions.Expression.Constant", "reflection")]
    public void Snippets_that_reach_outside_are_refused_naming_the_symbol(string where, string symbol, string reason)
    {
        using var scratch = new TempFolder();
        var errors = Refusals(scratch, RecipeWith(where));
        var refusal = errors.First(d => d.Code == DiagnosticCodes.SnippetNotAllowed);
        Assert.StartsWith($"'{symbol}' is not allowed in a snippet: ", refusal.Message);
        Assert.Contains(reason, refusal.Message);
        Assert.Equal((3L, 12), (refusal.Line, refusal.Column));
    }

    [Theory]
    [InlineData("t.Actions.Any(a => a.Name.Length > 3) && Math.Abs(-1.5) < 2")]
    [InlineData("Regex.IsMatch(t.Id, \"^[a-z]\") || t.Messages.Select(m => m.Text ?? \"\").Any(s => s.Contains(\"x\", StringComparison.Ordinal))")]
    [InlineData("new StringBuilder().Append($\"{t.Id}:{t.Turns}\").ToString().Length > 0")]
    [InlineData("string.Create(System.Globalization.CultureInfo.InvariantCulture, $\"{t.Turns}\").Length > 0")]
    [InlineData("t.Metadata is { } m && m.ValueKind == JsonValueKind.Object && m.EnumerateObject().Any(p => p.Name == \"x\")")]
    [InlineData("new List<(string Name, int N)> { (t.Id, 1) }.ToDictionary(p => p.Name, p => p.N).Count == 1")]
    [InlineData("TimeSpan.FromSeconds(t.Turns) < TimeSpan.FromHours(1) && DateTimeOffset.UnixEpoch < DateTimeOffset.MaxValue")]
    [InlineData("System.Numerics.BigInteger.Parse(\"12\") > 3 && Convert.ToInt32(\"4\") == 4 && t.Id[..0] == \"\"")]
    [InlineData("System.IO.Path.GetFileName(t.Cwd ?? \"\") != \"x\" && System.IO.Path.GetExtension(t.Id) == \"\"")]
    [InlineData("t.Id.AsSpan().Trim().Length >= 0 && Enum.TryParse<Role>(\"user\", true, out var r) && r == Role.User")]
    public void Ordinary_predicates_on_the_trace_model_and_the_pure_bcl_pass(string where)
    {
        using var scratch = new TempFolder();
        Assert.Empty(Refusals(scratch, RecipeWith(where)));
    }
}
