using TraceCurate.Tests.Support;
using TraceCurate.Diagnostics;
using TraceCurate.Pipeline;

namespace TraceCurate.Tests.Hardening;

public sealed partial class FuzzTests
{
    public static IEnumerable<object[]> HostileFixtures() =>
        Directory.EnumerateFiles(RepoPaths.HostileFixtures).Where(f => !f.EndsWith(".md", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    /// <summary>Inputs that once broke the contract (listed with what they show in Fixtures/hostile/README.md).</summary>
    [Theory]
    [MemberData(nameof(HostileFixtures))]
    public void A_hostile_fixture_that_once_failed_ends_in_success_or_a_diagnostic(string name)
    {
        using var scratch = new TempFolder();
        var input = scratch.File(name);
        File.Copy(Path.Combine(RepoPaths.HostileFixtures, name), input);
        FuzzHarness.AssertEveryReaderEndsCleanly(scratch, input, name);
        // And the reader-level oracle (FuzzTests.Readers.cs), which also fails a programming error passed off as a diagnostic.
        var found = ReaderFuzz.Check(input, Malformed.Why(File.ReadAllBytes(input), mutation: ""));
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public void A_corrupt_gzip_input_fails_naming_the_file_and_where_reading_stopped()
    {
        using var scratch = new TempFolder();
        var input = scratch.File("corrupt.jsonl.gz");
        File.Copy(Path.Combine(RepoPaths.HostileFixtures, "gzip-corrupt-deflate-block.jsonl.gz"), input);
        var recipe = scratch.Write("r.yaml", "name: gz\noutputs:\n  - path: kept.jsonl\n    format: original\n");
        var error = Assert.Throws<TraceCurateException>(() => RecipeJob.Run(recipe, new RunOptions
        {
            Inputs = [input], Format = "agenttrace", OutDir = scratch.File("out"), Cache = scratch.Cache,
        }));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(input, diagnostic.Path);
        Assert.True(diagnostic.Line >= 1);
        Assert.Equal(DiagnosticCodes.InputUnreadable, diagnostic.Code);
        Assert.Contains("the compressed data is damaged", diagnostic.Message); // decodes, but neither CRC-32 nor length matches
        Assert.DoesNotContain("unsupported compression method", diagnostic.Message); // the runtime's word for a bad checksum
    }
}
