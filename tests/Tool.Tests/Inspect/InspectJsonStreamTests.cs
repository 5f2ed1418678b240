using TraceCurate.Tests.Hardening;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Inspect;

/// <summary>
/// <c>inspect --json</c> printed by the tool as a process writes the document to the console's stream as it is made
/// (a folder of thousands of sessions made a document of tens of MB that was held whole, then decoded into a string);
/// the bytes must be those of the document built whole in memory, the way the command writes to any other writer.
/// </summary>
public sealed class InspectJsonStreamTests
{
    [Fact]
    public void The_streamed_document_is_byte_for_byte_the_document_built_whole()
    {
        using var folder = new TempFolder();
        var samples = Directory.GetFiles(RepoPaths.Samples("codex"));
        Assert.NotEmpty(samples);
        // Enough inputs (about 3 KB of figures each) for the document to be written in several pieces.
        for (var copy = 0; copy < 40; copy++)
            foreach (var sample in samples)
                folder.Write($"copy-{copy:D2}/{Path.GetFileName(sample)}", File.ReadAllText(sample));
        var cwd = Directory.GetCurrentDirectory(); // both runs show paths the same way
        var process = InputCases.Bash($"$TOOL inspect --json '{folder.Path}'", cwd);
        Assert.True(process.ExitCode == 0, process.Err);
        var (exit, whole, err) = InputCases.Cli("inspect", "--json", folder.Path);
        Assert.True(exit == 0, err);
        Assert.True(whole.Length > 200_000, $"only {whole.Length} characters: the document would not be written in pieces");
        Assert.Equal(whole, process.Out);
    }
}
