using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Reading;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

/// <summary>
/// Reading without a recipe (inspect, report): traces in input order across files whatever the thread count, counts per
/// input, and a record the splitter refused (too long) reported as run reports it, not as a parse error.
/// </summary>
public sealed class TraceReadingTests
{
    private static InputFile AgentTrace(string path, long maxRecordBytes = ReadLimits.DefaultMaxRecordBytes) =>
        new(path, FormatRegistry.Find("agenttrace")!, ReadOptions.Default with { Limits = ReadLimits.Default with { MaxRecordBytes = maxRecordBytes } });

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Traces_come_in_input_order_across_files_with_counts_per_input(int threads)
    {
        using var temp = new TempFolder();
        var lines = AgentTraceLines.Samples().ToList();
        // 600 lines in the first file (more than one batch), the samples once in the second.
        var first = temp.Write("a.jsonl", string.Join("\n", Enumerable.Range(0, 600).Select(i => lines[i % lines.Count].Replace(AgentTraceLines.Id(lines[i % lines.Count]), $"id-{i:D4}"))) + "\n");
        var second = temp.Write("b.jsonl", string.Join("\n", lines) + "\n");
        var counts = new[] { new ReadCounts(), new ReadCounts() };

        var read = TraceReading.Read([AgentTrace(first), AgentTrace(second)], new TraceReadingOptions { Threads = threads, Counts = counts }).ToList();

        Assert.Equal(Enumerable.Range(0, 600).Select(i => $"id-{i:D4}").Concat(lines.Select(AgentTraceLines.Id)), read.Select(r => r.Trace.Id));
        Assert.Equal(Enumerable.Repeat(0, 600).Concat(Enumerable.Repeat(1, lines.Count)), read.Select(r => r.InputIndex));
        Assert.Equal(600, counts[0].Traces);
        Assert.Equal(lines.Count, counts[1].Records);
    }

    [Fact]
    public void A_record_longer_than_the_limit_is_reported_as_too_long_at_its_line()
    {
        using var temp = new TempFolder();
        var lines = AgentTraceLines.Samples().ToList();
        var shortest = lines.MinBy(l => l.Length)!;
        var file = temp.Write("a.jsonl", shortest + "\n" + lines.MaxBy(l => l.Length) + "\n");

        var error = Assert.Throws<TraceCurateException>(() =>
            TraceReading.Read([AgentTrace(file, maxRecordBytes: System.Text.Encoding.UTF8.GetByteCount(shortest))], new TraceReadingOptions()).ToList());
        Assert.Contains("a.jsonl(2", error.Message);
        Assert.Contains("longer than", error.Message);
    }
}
