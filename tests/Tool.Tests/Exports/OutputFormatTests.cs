using TraceCurate.Catalog;
using TraceCurate.Exports;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// Each output format is one record; these check that what a record says matches the writer it makes, since the
/// loader, the staging area and the shard guard act on the record alone.
/// </summary>
public class OutputFormatTests
{
    private static ITraceWriter Create(OutputFormat format, TempFolder temp) =>
        format.Create(new OutputTarget($"out-{format.Name}", temp.Path), ExportOptions.Default);

    [Fact]
    public void The_catalog_lists_every_export_format_and_the_report_once()
    {
        var names = OutputFormats.All.Select(f => f.Name.ToLowerInvariant()).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        Assert.Equal([.. ExportRegistry.Formats.Select(f => f.Name), "report"], OutputFormats.All.Select(f => f.Name));
        Assert.Same(OutputFormats.Find("OpenAI"), OutputFormats.Find("openai"));
        Assert.Null(OutputFormats.Find("csv"));
    }

    [Fact]
    public void A_format_that_inlines_sub_agents_makes_a_record_writer()
    {
        // StagedOutputs wraps it in a SubagentInliner, which needs a JsonlRecordWriter.
        using var temp = new TempFolder();
        Assert.Contains(OutputFormats.All, f => f.Inlines);
        foreach (var format in OutputFormats.All.Where(f => f.Inlines))
        {
            using var writer = Create(format, temp);
            Assert.IsAssignableFrom<JsonlRecordWriter>(writer);
        }
    }

    [Fact]
    public void Concatenable_formats_write_one_line_per_trace_and_binary_ones_do_not()
    {
        using var temp = new TempFolder();
        foreach (var format in OutputFormats.All)
        {
            using var writer = Create(format, temp);
            var lineWriter = writer is JsonlRecordWriter or OriginalWriter;
            Assert.True(format.Concatenable == lineWriter, $"{format.Name}: Concatenable is {format.Concatenable}, writer {writer.GetType().Name}");
            if (format.Binary) Assert.False(lineWriter, format.Name);
        }
    }

    [Fact]
    public void Only_the_dataset_folder_needs_redaction()
    {
        Assert.Equal(["hf-dataset"], OutputFormats.All.Where(f => f.NeedsRedaction).Select(f => f.Name));
    }
}
