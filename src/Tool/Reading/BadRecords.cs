using TraceCurate.Diagnostics;
using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>What a read counts of the records it could not use, per input file (a run's and inspect's counts alike).</summary>
public interface IBadRecordTally
{
    long BadRecords { get; set; }

    long Truncated { get; set; }

    ReadReport Read { get; }
}

/// <summary>
/// The one policy for a record a reader refused, used by <c>run</c> and by <c>inspect</c>/<c>report</c> alike: a reader's
/// own diagnostic stops the read; a cut last line (a writer that crashed, input-formats §1.3) is skipped with a
/// warning; any other bad record stops with its position unless skipping was asked for, and is then counted and
/// reported as a warning. Never silent: every skipped record is in the tally and in the log.
/// </summary>
internal static class BadRecords
{
    /// <summary>
    /// Applies the policy to <paramref name="record"/>. Returns the line of a bad record that was skipped (the run counts
    /// it against <c>max_bad_records</c>), or null for a cut last line. <paramref name="howToSkip"/> ends the error
    /// message when skipping was not asked for.
    /// </summary>
    public static long? Handle(RawRecord record, Exception failure, bool skip, string howToSkip, IBadRecordTally? tally, TextWriter log)
    {
        // A reader's own diagnostic (a file with nothing of a forced format, a bad input setting) is not a bad record.
        if (failure is TraceCurateException fatal) throw fatal;
        var line = failure is BadRecordException { Line: > 0 } b ? record.Line + b.Line - 1 : record.Line;
        var column = failure is BadRecordException bad ? bad.Column : 0;
        var message = failure is BadRecordException ? failure.Message : $"unreadable record ({failure.GetType().Name}: {failure.Message})";
        if (ReadReports.IsCutLastLine(record))
        {
            if (tally is not null)
            {
                tally.Truncated++;
                ReadReports.Skipped(tally.Read, truncated: true, line, column, message);
            }
            log.WriteLine(Diagnostic.Warning(DiagnosticCodes.TruncatedRecord,
                $"the last line has no line end and does not parse; skipped as a truncated record ({message})", record.File.Path, line));
            return null;
        }
        var diagnostic = Diagnostic.Error(DiagnosticCodes.BadRecord, message, record.File.Path, line, column);
        if (!skip) throw new TraceCurateException(diagnostic with { Message = $"{message} ({howToSkip} to skip bad records)" });
        if (tally is not null)
        {
            tally.BadRecords++;
            ReadReports.Skipped(tally.Read, truncated: false, line, column, message);
        }
        log.WriteLine(diagnostic with { Severity = Severity.Warning, Message = "skipped: " + message });
        return line;
    }
}
