using System.Text.Json;
using TraceCurate.Inspect;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Inspect;

/// <summary>
/// <c>inspect --json</c> copies an empty distribution and an empty telemetry block from bytes rendered once per depth
/// instead of writing their tokens each time, and renders each input's entry on a line of its own. The reference is the
/// same document written token by token by writers with the document's options (<see cref="JsonDocument.WriteTo"/> of its
/// parse), the entries by one without indentation: any byte the copy got wrong (indent, separator, a key) differs from
/// what the writers make, at every depth the document uses (totals, inputs, groups, each tool's durations, the telemetry
/// block).
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

    /// <summary>
    /// The document as the writer makes it token by token, in the layout the document promises: indented, except that
    /// each entry of <c>inputs</c> is one line, the entry as a writer without indentation makes it.
    /// </summary>
    private static byte[] WrittenToken_by_token(byte[] document)
    {
        using var parsed = JsonDocument.Parse(document);
        using var buffer = new MemoryStream();
        var entries = new List<string>();
        using (var w = StatisticsJson.NewWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var property in parsed.RootElement.EnumerateObject())
            {
                if (property.Name != "inputs")
                {
                    property.WriteTo(w);
                    continue;
                }
                w.WriteStartArray("inputs"); // left empty here, its entries put in below
                w.WriteEndArray();
                foreach (var entry in property.Value.EnumerateArray())
                {
                    using var line = new MemoryStream();
                    using (var compact = new Utf8JsonWriter(line, w.Options with { Indented = false })) entry.WriteTo(compact);
                    entries.Add(System.Text.Encoding.UTF8.GetString(line.ToArray()));
                }
            }
            w.WriteEndObject();
        }
        var text = System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n"; // the document ends with a line break
        if (entries.Count > 0)
            text = text.Replace("\"inputs\": []", "\"inputs\": [\n    " + string.Join(",\n    ", entries) + "\n  ]");
        return System.Text.Encoding.UTF8.GetBytes(text);
    }
}
