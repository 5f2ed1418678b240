using TraceCurate.Formats;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// <see cref="ReadReport.Append"/>: the reports of a file's parts, appended in order, are the report of one pass over
/// its lines, whatever the cuts: counts, the first positions of each kind, and the warnings written for exactly those.
/// </summary>
public sealed class ReadReportAppendTests
{
    private static readonly RecordTypes Types = new(["type"], ["user", "assistant"]) { VersionFields = ["version"] };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Parts_appended_in_order_give_the_report_of_one_pass(int seed)
    {
        var random = new Random(seed);
        // What one pass meets line after line: a record of some type, a skipped line, a line of several records (which
        // the pass then reads too), and on a few lines both a split and a skip (a cut last value), in line order.
        var events = new List<Action<ReadReport>>();
        var ends = new List<int>(); // the event index after each line: where a part may end
        for (var line = 1L; line <= 1200; line++)
        {
            var n = line;
            switch (random.Next(6))
            {
                case 0: events.Add(r => r.Skip(new LineIssue(n, 3, ReadReport.InvalidJson, $"bad at {n}"))); break;
                case 1: events.Add(r => r.Skip(new LineIssue(n, 1, ReadReport.NotAnObject, "an array"))); break;
                case 2:
                    events.Add(r => r.SplitLine(n, 2));
                    events.Add(r => r.Count(n % 2 == 0 ? "user" : "queue", $"1.{n % 4}", Types));
                    if (n % 5 == 0) events.Add(r => r.Skip(new LineIssue(n, 9, ReadReport.Truncated, "cut")));
                    break;
                default: events.Add(r => r.Count(n % 3 == 0 ? "assistant" : "summary", null, Types)); break;
            }
            ends.Add(events.Count);
        }
        var onePass = new ReadReport();
        foreach (var e in events) onePass.Add(e);
        Assert.True(onePass.LinesSkipped > ReadReport.MaxPositions && onePass.LinesSplit > ReadReport.MaxPositions);

        foreach (var partCount in new[] { 2, 5, 40 })
        {
            var cuts = ends.OrderBy(_ => random.Next()).Take(partCount - 1).Order().Append(events.Count).ToList();
            var whole = new ReadReport();
            var from = 0;
            foreach (var to in cuts)
            {
                var part = new ReadReport();
                for (var k = from; k < to; k++) events[k](part);
                whole.Append(part);
                from = to;
            }
            Assert.Equal(onePass.Records, whole.Records);
            Assert.Equal(onePass.Types, whole.Types);
            Assert.Equal(onePass.NotUnderstood, whole.NotUnderstood);
            Assert.Equal(onePass.Versions, whole.Versions);
            Assert.Equal(onePass.SkippedByReason, whole.SkippedByReason);
            Assert.Equal(onePass.LinesSkipped, whole.LinesSkipped);
            Assert.Equal(onePass.LinesSplit, whole.LinesSplit);
            Assert.Equal(onePass.Skipped, whole.Skipped);
            Assert.Equal(onePass.Split, whole.Split);
            Assert.Equal(onePass.Warnings, whole.Warnings);
        }
    }
}

file static class ReportEvents
{
    public static void Add(this ReadReport report, Action<ReadReport> e) => e(report);
}
