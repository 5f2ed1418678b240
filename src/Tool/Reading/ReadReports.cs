using TraceCurate.Diagnostics;
using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>
/// The pipeline's side of the read report (<see cref="ReadReport"/>), shared by <c>run</c> and the commands that read
/// without a recipe: each parsed record's report is folded into its file's in input order, with one warning per line
/// that was skipped or split; a record that failed is counted as a skip at its position; and <c>run</c> ends with one
/// warning line per input whose report has something to say.
/// </summary>
internal static class ReadReports
{
    /// <summary>
    /// Folds a parsed record into its file's report and logs its damaged lines; returns the lines it skipped, and of
    /// those the bad ones (not cut last lines), which count against max_bad_records.
    /// </summary>
    public static (long Skipped, long Bad) Fold(RawRecord record, ReadReport file, TextWriter log)
    {
        if (record.Report is not { } report)
        {
            file.CountRecord();
            return (0, 0);
        }
        file.Merge(report);
        // The collections as they are: the public getters make an empty one at first look, and nearly every record has
        // nothing skipped or split (a Codex folder is thousands of one-record files).
        // (Not `?? []`: that makes an empty list too.)
        if (report.SplitIfAny is { } splits)
            foreach (var split in splits)
                log.WriteLine(Diagnostic.Warning(DiagnosticCodes.ReaderWarning, split.Message, record.File.Path, split.Line));
        if (report.SkippedIfAny is { } skipped)
            foreach (var skip in skipped)
            {
                log.WriteLine(skip.Reason == ReadReport.Truncated
                    ? Diagnostic.Warning(DiagnosticCodes.TruncatedRecord, "skipped: " + skip.Message, record.File.Path, skip.Line)
                    : Diagnostic.Warning(DiagnosticCodes.BadRecord, "skipped line, the rest of the session is kept: " + skip.Message,
                        record.File.Path, skip.Line, skip.Column));
            }
        if (report.LinesSkipped == 0) return (0, 0);
        return (report.LinesSkipped, report.LinesSkipped - (report.SkippedByReasonIfAny?.GetValueOrDefault(ReadReport.Truncated) ?? 0));
    }

    /// <summary>A record the reader refused, skipped whole (or a cut last line): counted in its file's report at its position.</summary>
    public static void Skipped(ReadReport file, bool truncated, long line, int column, string message) =>
        file.Skip(new LineIssue(line, column, truncated ? ReadReport.TruncatedRecord : ReadReport.BadRecord, message));

    /// <summary>
    /// A failed record whose line is the last one of its file, has no line end, and holds JSON cut short: a writer that
    /// crashed (input-formats §1.3), skipped with a warning. An unterminated last line that is malformed is a bad record.
    /// </summary>
    public static bool IsCutLastLine(RawRecord record) =>
        record.Unterminated && DamagedLine.Classify(record.Bytes.Span).Kind == DamagedLine.Kind.Incomplete;

    /// <summary>
    /// <c>run</c>'s one warning line for an input with types not understood, lines skipped inside kept sessions, or lines
    /// split (<see cref="ReadReport.HasNotes"/>); null otherwise.
    /// </summary>
    public static Diagnostic? Warning(InputFile file, ReadReport report) => report.HasNotes
        ? Diagnostic.Warning(DiagnosticCodes.ReaderWarning, "read report: " + report.Describe(), file.Path, report.FirstLine)
        : null;
}
