using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Cli;

/// <summary>
/// Issue 26 §8: each command's --help ends with one or two examples, and every example runs as written from the
/// repository's root (here a copy of its layout: links to recipes/, samples/ and filters/, and an out/ of its own).
/// </summary>
public sealed class HelpExamplesTests
{
    [Fact]
    public void Every_commands_help_ends_with_examples_that_run_from_the_repository_root()
    {
        using var root = new TempFolder();
        foreach (var folder in new[] { "recipes", "samples", "filters" })
            Directory.CreateSymbolicLink(root.File(folder), Path.Combine(RepoPaths.Root, folder));

        foreach (var command in TraceCurate.Cli.CliApp.Commands.Select(c => c.Name))
        {
            var help = Support.Cli.Run(command, "--help");
            Assert.Equal(0, help.ExitCode);
            var lines = help.Out.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
            var heading = Array.IndexOf(lines, "Examples (from the trace-curate repository's root):");
            Assert.True(heading > 0, $"{command} --help has no examples:\n{help.Out}");
            var examples = lines[(heading + 1)..];
            Assert.InRange(examples.Length, 1, 2);
            foreach (var example in examples)
            {
                Assert.StartsWith("  dotnet trace-curate ", example);
                var args = example["  dotnet trace-curate ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                var result = Processes.Run("dotnet", [RepoPaths.ToolDll, .. args], workingDirectory: root.Path, timeout: TimeSpan.FromMinutes(3));
                Assert.True(result.ExitCode == 0, $"`{example.Trim()}` exited {result.ExitCode}:\n{result.Err}\n{result.Out}");
            }
        }
    }
}
