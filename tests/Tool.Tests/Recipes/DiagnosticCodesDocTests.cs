using System.Reflection;
using TraceCurate.Diagnostics;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Recipes;

/// <summary>docs/diagnostics.md is the user's table of codes; TC0011 to TC0015 were missing from it (issue 28).</summary>
public sealed class DiagnosticCodesDocTests
{
    [Fact]
    public void Every_code_the_tool_prints_has_a_row_in_docs_diagnostics_md()
    {
        var table = File.ReadAllLines(Path.Combine(RepoPaths.Root, "docs", "diagnostics.md"))
            .Where(l => l.StartsWith("| TC", StringComparison.Ordinal))
            .Select(l => l.Split('|')[1].Trim())
            .ToHashSet();
        var codes = typeof(DiagnosticCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .ToList();

        Assert.Contains(DiagnosticCodes.InputUnreadable, codes); // the constants are read, not an empty list
        Assert.Empty(codes.Where(c => !table.Contains(c)).Order());
    }
}
