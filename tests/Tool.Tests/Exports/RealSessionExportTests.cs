using Xunit.Abstractions;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// Exports of real sessions no one here wrote (the shared corpus) and of every bundled sample pass each training
/// format's structural rules (docs/exports.md): tool messages answer calls by id, arguments parse, roles alternate, spans
/// point at actions and observations.
/// </summary>
public sealed class RealSessionExportTests(ITestOutputHelper output)
{
    public static TheoryData<string> Formats() => new() { "openai", "anthropic", "sharegpt", "trl", "codeact", "tao" };

    [Theory]
    [MemberData(nameof(Formats))]
    public void Every_corpus_session_and_sample_exports_to_a_structurally_valid_record(string format)
    {
        using var temp = new TempFolder();
        string[] formats = ["agenttrace", "pi", "claude-code", "codex", "swe-agent", "mini-swe-agent"];
        var inputs = formats.Select(f => RepoPaths.Samples(f)).ToList();
        // The corpus folders of the formats the tool reads (it also holds agents no reader claims yet, which are refused).
        if (RepoPaths.Corpus is { } corpus) inputs.AddRange(formats.Select(f => Path.Combine(corpus, f)).Where(Directory.Exists));
        else
        {
            Assert.False(CorpusCounts.IsCi, "../shared/corpus is absent under CI=true"); // the corpus half would pass unseen
            output.WriteLine("../shared/corpus is absent: only the samples are exported");
        }
        var outFile = temp.File($"all.{format}.jsonl");
        var args = new List<string> { "export" };
        args.AddRange(inputs);
        args.AddRange(["--format", format, "-o", outFile]);

        var result = Support.Cli.Run([.. args]);

        Assert.True(result.ExitCode == 0, result.Err);
        var records = File.ReadAllLines(outFile);
        // Every sample trace with an assistant turn becomes a record; the corpus adds at least one per session file.
        Assert.True(records.Length >= (RepoPaths.Corpus is null ? 10 : 16), $"only {records.Length} records");
        ExportValidators.ValidateFile(format, outFile);
    }
}
