using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Manifests;

namespace TraceCurate.Tests.Pipeline;

/// <summary>
/// A <see cref="ReadReport"/> makes each of its collections at its first entry, and the merge and the JSON form read
/// them without making them. Checked against hand-written expectations: the JSON of a report with nothing in it, the
/// figures of a merge of an empty report with a full one, and that neither made a collection nothing was put in.
/// </summary>
public sealed class ReadReportCollectionsTests
{
    [Fact]
    public void An_empty_report_is_written_with_empty_objects_and_arrays_and_makes_no_collection()
    {
        var report = new ReadReport();
        Assert.Equal("""{"read":{"records":0,"types":{},"types_not_understood":{},"versions":{},"lines_skipped":0,"skipped_by_reason":{},"skipped_lines":[],"lines_split":0,"split_lines":[]}}""", Json(report));
        Assert.Null(report.TypesIfAny);
        Assert.Null(report.NotUnderstoodIfAny);
        Assert.Null(report.VersionsIfAny);
        Assert.Null(report.SkippedByReasonIfAny);
        Assert.Null(report.SkippedIfAny);
        Assert.Null(report.SplitIfAny);
        Assert.Empty(report.Warnings);
        Assert.False(report.HasIssues);
        Assert.False(report.HasNotes);
    }

    [Fact]
    public void Merging_empty_and_full_reports_adds_what_there_is_and_makes_nothing_for_what_there_is_not()
    {
        var types = new RecordTypes(["type"], ["a"]);
        var full = new ReadReport();
        full.Count("a", 2, types);
        full.Count("b", 1, types);
        full.Skip(new LineIssue(7, 3, ReadReport.InvalidJson, "bad"));
        var file = new ReadReport();
        file.Merge(new ReadReport());
        Assert.Null(file.TypesIfAny);
        file.Merge(full);
        file.Merge(new ReadReport());
        Assert.Equal(3, file.Records);
        Assert.Equal([new("a", 2L), new("b", 1L)], file.Types.ToList());
        Assert.Equal([new("b", 1L)], file.NotUnderstood.ToList());
        Assert.Equal(1, file.LinesSkipped);
        Assert.Equal(1, file.LinesSkippedInside);
        Assert.Equal(7, Assert.Single(file.Skipped).Line);
        Assert.Null(file.VersionsIfAny);
        Assert.Null(file.SplitIfAny);
        Assert.True(file.HasNotes);
        Assert.Equal("""{"read":{"records":3,"types":{"a":2,"b":1},"types_not_understood":{"b":1},"versions":{},"lines_skipped":1,"skipped_by_reason":{"invalid_json":1},"skipped_lines":[{"line":7,"column":3,"reason":"invalid_json","message":"bad"}],"lines_split":0,"split_lines":[]}}""", Json(file));
    }

    private static string Json(ReadReport report)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            ReadReportJson.Write(w, "read", report);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
