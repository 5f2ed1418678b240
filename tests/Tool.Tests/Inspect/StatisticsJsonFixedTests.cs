using System.Text.Json;
using TraceCurate.Inspect;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Inspect;

/// <summary>
/// <c>inspect --json</c> copies an empty distribution and an empty telemetry block from bytes rendered once per depth
/// instead of writing their tokens each time. The reference is the same document written token by token by a writer
/// with the document's options (<see cref="JsonDocument.WriteTo"/> of its parse): any byte the copy got wrong (indent,
/// separator, a key) differs from what the writer makes, at every depth the document uses (totals, inputs, groups,
/// each tool's durations, the telemetry block).
/// </summary>
public sealed class StatisticsJsonFixedTests
{
    [Theory]
    [InlineData("codex", null, false)]
    [InlineData("codex", "tool", true)]
    [InlineData("claude-code", "model", true)]
    [InlineData("", "format", false)]
    [InlineData("", null, true)]
    public void The_copied_empty_blocks_are_the_bytes_the_writer_makes(string samples, string? by, bool jsonOnly)
    {
        var inspection = InspectJob.Run(new InspectOptions
        {
            Inputs = [RepoPaths.Samples(samples)], By = by is null ? null : GroupKey.Parse(by), Threads = 2,
            SkipBadRecords = true, SkipUnknown = true, JsonOnly = jsonOnly,
        });
        var document = StatisticsJson.Build(inspection);
        Assert.Contains("\"peak_rss_bytes\": {\n", System.Text.Encoding.UTF8.GetString(document).Replace("\r\n", "\n"));
        Assert.Equal(System.Text.Encoding.UTF8.GetString(WrittenToken_by_token(document)), System.Text.Encoding.UTF8.GetString(document));
    }

    [Fact]
    public void An_inspection_of_nothing_but_empty_figures_is_written_as_the_writer_would()
    {
        var inspection = new Inspection(GroupKey.Parse("format")) { SpoolsInputs = true };
        inspection.AddInput("a.jsonl", "agenttrace");
        inspection.Finished(inspection.Inputs[0]);
        var document = StatisticsJson.Build(inspection);
        Assert.Equal(WrittenToken_by_token(document), document);
    }

    private static byte[] WrittenToken_by_token(byte[] document)
    {
        using var parsed = JsonDocument.Parse(document);
        using var buffer = new MemoryStream();
        using (var w = StatisticsJson.NewWriter(buffer)) parsed.WriteTo(w);
        buffer.WriteByte((byte)'\n'); // the document ends with a line break after its closing brace
        return buffer.ToArray();
    }
}
