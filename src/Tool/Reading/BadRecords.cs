using TraceCurate.Diagnostics;
using TraceCurate.Formats;

namespace TraceCurate.Reading;

/// <summary>
/// What a read counts per input file, the records it used and those it could not (a run's <see cref="InputStats"/> and
/// inspect's <see cref="ReadCounts"/> alike, both filled by <see cref="BadRecords"/>).
/// </summary>
public interface IReadTally
{
    long Records { get; set; }

    long BadRecords { get; set; }

    long Truncated { get; set; }

    /// <summary>Lines skipped inside session files whose session was kept.</summary>
    long LinesSkipped { get; set; }

    ReadReport Read { get; }
}

/// <summary>
/// The one policy for what a reader made of a record, used by <c>run</c> and by <c>inspect</c>/<c>report</c> alike, so a
/// damaged, cut or unknown record is counted and reported the same way by every command. A refused record
/// (<see cref="Handle"/>): a reader's own diagnostic stops the read; a cut last line (a writer that crashed,
/// input-formats §1.3) is skipped with a warning; any other bad record stops with its position unless skipping was
/// asked for, and is then counted and reported as a warning. A record that parsed (<see cref="Accept"/>): counted, its
/// read report (types not understood, damaged lines skipped or split) folded into its file's and each damaged line
/// logged. Never silent: every skipped record or line is in the tally and in the log.
/// </summary>
internal static class BadRecords
{
    /// <summary>
    /// Applies the policy to <paramref name="record"/>. Returns the line of a bad record that was skipped (the run counts
    /// it against <c>max_bad_records</c>), or null for a cut last line. <paramref name="howToSkip"/> ends the error
    /// message when skipping was not asked for.
    /// </summary>
    public static long? Handle(RawRecord record, Exception failure, bool skip, string howToSkip, IReadTally? tally, TextWriter log)
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

    /// <summary>
    /// Counts a record that parsed in <paramref name="tally"/> (when there is one), folds its read report into its file's
    /// and logs each line it skipped or split. Returns the bad lines skipped inside it (not cut last lines), which a run
    /// counts against <c>max_bad_records</c>.
    /// </summary>
    public static long Accept(RawRecord record, IReadTally? tally, TextWriter log)
    {
        var (skipped, bad) = ReadReports.Fold(record, tally?.Read ?? new ReadReport(), log);
        if (tally is not null)
        {
            tally.Records++;
            tally.LinesSkipped += skipped;
        }
        return bad;
    }
}
