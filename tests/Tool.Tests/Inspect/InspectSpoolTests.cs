using TraceCurate.Inspect;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Inspect;

/// <summary>
/// <c>inspect --json</c> renders each input's entry as soon as the input is read whole and drops its figures
/// (<see cref="Inspection.SpoolsInputs"/>). The reference is the document written at the end from every input's figures
/// held (the path of the table, the report and any other caller): the two must be the same bytes, whatever the threads
/// and the grouping, and nothing may read figures that were dropped.
/// </summary>
public sealed class InspectSpoolTests
{
    public static TheoryData<string, string?, int> Folders() => new()
    {
        { "codex", null, 1 }, { "codex", "tool", 2 }, { "claude-code", null, 2 }, { "claude-code", "model", 1 },
        { "pi", "format", 2 }, { "agenttrace", null, 2 }, { "", "format", 1 }, { "", null, 2 },
    };

    [Theory]
    [MemberData(nameof(Folders))]
    public void The_spooled_document_is_the_one_written_from_the_figures_held(string samples, string? by, int threads) =>
        AssertSameDocument(RepoPaths.Samples(samples), by, threads, minInputs: 1);

    [CorpusTheory]
    [InlineData("codex")]
    [InlineData("claude-code")]
    [InlineData("pi")]
    public void The_spooled_document_of_a_corpus_folder_is_the_one_written_from_the_figures_held(string folder) =>
        AssertSameDocument(RepoPaths.CorpusFolder(folder)!, "tool", 2, minInputs: 2);

    [Fact]
    public void Figures_dropped_after_their_entry_was_spooled_cannot_be_read()
    {
        var inspection = InspectJob.Run(Options(RepoPaths.Samples("codex"), null, 1) with { JsonOnly = true });
        Assert.Equal(3, inspection.Inputs.Count);
        foreach (var input in inspection.Inputs)
        {
            Assert.Same(InputStatistics.Written, input); // nothing of a written input is held, not even its path
            Assert.Throws<InvalidOperationException>(() => input.Statistics);
            Assert.Throws<InvalidOperationException>(() => input.Read);
        }
    }

    [Theory]
    [InlineData("codex", 1)]
    [InlineData("", 2)]
    public void Read_counts_dropped_as_inputs_finish_or_kept_for_a_progress_line_give_the_same_document(string samples, int threads)
    {
        // Without a progress line each input's read counts are dropped once taken (ReadCountsByInput.Drop); with one they
        // are all kept, for its sums. The figures must not depend on which.
        var options = Options(RepoPaths.Samples(samples), "format", threads) with { JsonOnly = true };
        var dropped = InspectJob.Run(options);
        var kept = InspectJob.Run(options with { Progress = true, Log = new StringWriter() });
        var document = StatisticsJson.Build(dropped);
        Assert.Equal(StatisticsJson.Build(kept), document);
        Assert.Contains("\"format\":\"codex\"", System.Text.Encoding.UTF8.GetString(document)); // in an input's entry, one line
    }

    [Fact]
    public void An_input_finished_out_of_order_is_written_at_the_end_from_its_figures()
    {
        var traces = InspectFixtures.HandMade();
        var spooled = new Inspection { SpoolsInputs = true };
        var held = new Inspection();
        foreach (var inspection in new[] { spooled, held })
        {
            var first = inspection.AddInput("a.jsonl", "agenttrace");
            var second = inspection.AddInput("b.jsonl", "agenttrace");
            foreach (var t in traces) inspection.Add(t with { Source = t.Source with { Path = "b.jsonl" } });
            inspection.Finished(second); // before the first: nothing can be spooled yet
            inspection.Finished(first);
        }
        Assert.Equal(3, spooled.Inputs[1].Statistics.Traces); // still held
        Assert.Equal(StatisticsJson.Build(held), StatisticsJson.Build(spooled));
    }

    private static void AssertSameDocument(string folder, string? by, int threads, int minInputs)
    {
        var options = Options(folder, by, threads);
        var held = InspectJob.Run(options);
        var spooled = InspectJob.Run(options with { JsonOnly = true });
        Assert.True(held.Inputs.Count >= minInputs, $"{held.Inputs.Count} input(s) in {folder}");
        // The spool was used: the first input's figures are gone from the inspection.
        Assert.Throws<InvalidOperationException>(() => spooled.Inputs[0].Statistics);
        var expected = StatisticsJson.Build(held);
        Assert.Equal(System.Text.Encoding.UTF8.GetString(expected), System.Text.Encoding.UTF8.GetString(StatisticsJson.Build(spooled)));
    }

    private static InspectOptions Options(string folder, string? by, int threads) => new()
    {
        Inputs = [folder], By = by is null ? null : GroupKey.Parse(by), Threads = threads, SkipBadRecords = true, SkipUnknown = true,
    };
}
