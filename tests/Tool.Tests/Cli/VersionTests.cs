using System.Text.RegularExpressions;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Cli;

/// <summary>Issue 26 §7: <c>--version</c> prints the one line docs/cli.md shows.</summary>
public sealed class VersionTests
{
    [Fact]
    public void Version_is_one_line_with_the_name_and_the_version_the_docs_show()
    {
        var result = Support.Cli.Run("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"trace-curate {TraceCurate.ToolVersion.Current}\n", result.Out.Replace("\r\n", "\n"));
        // The docs write the line out: it must be the one the tool prints.
        var docs = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "cli.md"));
        Assert.Contains($"`--version` prints one line, `{result.Out.Trim()}`", docs);
        Assert.Matches(new Regex(@"dotnet trace-curate --version +# " + Regex.Escape(result.Out.Trim())), File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "ci.md")));
    }
}
