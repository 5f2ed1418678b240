using TraceCurate.Formats;
using TraceCurate.Reading;

namespace TraceCurate.Tests.Reading;

/// <summary>
/// <see cref="ReadReports.Fold"/> folds each parsed record's report into its file's, once per record: it reads the
/// record's skipped and split lines as they are, without making the empty collections the public getters make at first
/// look (three objects per record of a folder of thousands of one-record files), and says the same as the getters would.
/// </summary>
public sealed class ReadReportsFoldTests
{
    private static readonly RecordTypes Types = new(["type"], ["message"]);

    private static RawRecord Record(ReadReport report) =>
        new(new InputFile("/sessions/a.jsonl", FormatRegistry.Find("codex")!, ReadOptions.Default), 1, Array.Empty<byte>()) { Report = report };

    [Fact]
    public void A_record_with_nothing_skipped_or_split_is_merged_and_makes_no_empty_collection()
    {
        var report = new ReadReport();
        report.Count("message", 3, Types);
        report.Count("other", 1, Types);
        var file = new ReadReport();
        var log = new StringWriter();

        Assert.Equal((0L, 0L), ReadReports.Fold(Record(report), file, log));

        Assert.Null(report.SkippedIfAny);
        Assert.Null(report.SplitIfAny);
        Assert.Null(report.SkippedByReasonIfAny);
        Assert.Equal(4, file.Records);
        Assert.Equal(3, file.Types["message"]);
        Assert.Equal(1, file.NotUnderstood["other"]);
        Assert.Null(file.SkippedIfAny);
        Assert.Equal("", log.ToString());
    }

    [Fact]
    public void Skipped_and_split_lines_are_logged_and_only_the_bad_ones_count_against_the_limit()
    {
        var report = new ReadReport();
        report.Skip(new LineIssue(4, 7, ReadReport.InvalidJson, "unexpected character"));
        report.Skip(new LineIssue(9, 0, ReadReport.Truncated, "the line ends inside a string"));
        report.Skip(new LineIssue(12, 3, ReadReport.NotAnObject, "an array"));
        report.SplitLine(6, 2);
        var file = new ReadReport();
        var log = new StringWriter();

        Assert.Equal((3L, 2L), ReadReports.Fold(Record(report), file, log));

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains("(6)", lines[0]); // the split line first, then the skipped ones in file order
        Assert.Contains("(4,7)", lines[1]);
        Assert.Contains("(9", lines[2]);
        Assert.Contains("skipped: ", lines[2]);
        Assert.Contains("(12,3)", lines[3]);
        Assert.Equal(3, file.LinesSkipped);
        Assert.Equal(1, file.SkippedByReason[ReadReport.Truncated]);
        Assert.Equal(1, file.LinesSplit);
    }

    [Fact]
    public void A_record_without_a_report_is_counted_as_one_record()
    {
        var file = new ReadReport();
        var record = new RawRecord(new InputFile("/rows.jsonl", FormatRegistry.Find("codex")!, ReadOptions.Default), 1, Array.Empty<byte>());
        Assert.Equal((0L, 0L), ReadReports.Fold(record, file, TextWriter.Null));
        Assert.Equal(1, file.Records);
    }

    [Fact]
    public void Counts_dropped_once_taken_cannot_be_read_again_nor_summed()
    {
        var counts = new ReadCountsByInput();
        counts[2].Records = 5;
        counts[0].Records = 1;
        Assert.Equal(6, counts.Sum(c => c.Records));

        counts.Drop(0);

        Assert.Equal(5, counts[2].Records);
        Assert.Equal(3, counts.Count);
        Assert.Throws<InvalidOperationException>(() => counts[0]);
        Assert.Throws<InvalidOperationException>(() => counts.Sum(c => c.Records));
    }
}
