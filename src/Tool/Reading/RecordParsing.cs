using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Traces;

namespace TraceCurate.Reading;

/// <summary>
/// One record into analysed traces, the same way for <c>run</c> and for the commands that read without a recipe: the
/// splitter's refusal (a record too long) is the bad record; each trace gets its source and its
/// <see cref="Trace.ReadIssues"/>, and is analysed (error classes, recoveries, outcome) once, before any step or
/// statistic sees it. A row that does not parse because its line holds several complete rows is read as those rows.
/// Whole-document formats get their read report counted here (<see cref="RecordTypes.Items"/>). Runs on any thread.
/// </summary>
internal static class RecordParsing
{
    public static List<Trace> Parse(RawRecord record, long ordinal)
    {
        if (record.Problem is { } problem) throw new BadRecordException(problem);
        var reader = record.File.Reader;
        try
        {
            RecordText.Check(record.Bytes.Span); // text no decode can fail on later: a bad byte is this record's error, here
            record.TextChecked = true;
            var traces = Read(record, ordinal);
            if (record.Report is null && reader.RecordTypes is { Items: not null } types) record.Report = CountDocument(record.Bytes, types);
            return traces;
        }
        catch (BadRecordException) when (!reader.OneRecordPerFile && DamagedLine.Classify(record.Bytes.Span) is { Kind: DamagedLine.Kind.Several } several)
        {
            return ReadRows(record, ordinal, several.Values);
        }
        // Only for sessions read line by line: a whole JSON document (a .traj) cannot be read again without one of its
        // lines, and its reader would meet the same bad text again, outside any bad-record check.
        catch (BadRecordException e) when (reader.OneRecordPerFile && reader.RecordTypes is not { Items: not null }
                                           && record.File.Options.SkipBadLines && e.Line > 1)
        {
            return ReadWithout(record, ordinal, e);
        }
    }

    /// <summary>Bad lines one session may lose this way before it is refused whole, so a cascade cannot eat a session.</summary>
    private const int MaxUnmappableLines = 20;

    /// <summary>
    /// Under skip, a session whose reader refused one line it could parse (a field of the wrong type) is read again
    /// without that line, until it reads or a limit is reached: the line is skipped, not the session. Line 1 (a Pi or
    /// Codex header) is never left out: a session without it is not the same session.
    /// </summary>
    private static List<Trace> ReadWithout(RawRecord record, long ordinal, BadRecordException first)
    {
        var excluded = new Dictionary<long, LineIssue>();
        var error = first;
        while (error.Line > 1 && !excluded.ContainsKey(error.Line) && excluded.Count < MaxUnmappableLines)
        {
            excluded[error.Line] = new LineIssue(error.Line, error.Column, ReadReport.Unmappable, error.Message);
            var retry = record with { ExcludedLines = excluded };
            try
            {
                CheckTextExcept(record.Bytes, excluded);
                var traces = Read(retry, ordinal);
                record.Report = retry.Report;
                return traces;
            }
            catch (BadRecordException next)
            {
                error = next;
            }
        }
        throw first;
    }

    /// <summary>
    /// <see cref="RecordText.Check"/> on every line of a session but the ones left out, so that a second line of bad
    /// text is found when the first was skipped (positions stay those of the whole record).
    /// </summary>
    private static void CheckTextExcept(ReadOnlyMemory<byte> bytes, IReadOnlyDictionary<long, LineIssue> excluded)
    {
        // The lines as the session readers number them, so the line left out is the line the reader refused.
        foreach (var line in WholeFileLines.Enumerate(bytes))
        {
            if (excluded.ContainsKey(line.Number)) continue;
            try
            {
                RecordText.Check(line.Bytes.Span);
            }
            catch (BadRecordException e)
            {
                throw new BadRecordException(e.Message, line.Number, e.Column, e);
            }
        }
    }

    private static List<Trace> Read(RawRecord record, long ordinal)
    {
        var source = new TraceSource(record.File.Path, record.Line, record.Bytes)
        {
            Ordinal = ordinal, WholeFile = record.File.Reader.OneRecordPerFile,
        };
        var parsed = record.File.Reader.Parse(record, record.File.Options);
        // A reader that built a list (the session readers) hands it over: its traces are replaced by their analysed copies.
        var traces = parsed as List<Trace> ?? parsed.ToList();
        var issues = (int)Math.Min(record.Report?.LinesSkipped ?? 0, int.MaxValue); // known once the reader has run
        // Added to what the trace already carries (a trace output read back keeps the issues of its first reading).
        // The traces of a large session (its sessions and sub-agents) are analysed on the reading's threads, as its lines
        // were read (SessionParts): each analysis is the trace's own, and lands in the trace's place.
        // A long trace's own analysis may use the threads too, while the reading's other workers are idle.
        var threads = SessionParts.AnalysisThreads(record);
        SessionParts.ForEachTrace(record, traces.Count, i => traces[i] = TraceAnalyzer.Analyze(traces[i], source, traces[i].ReadIssues + issues, threads));
        return traces;
    }

    /// <summary>A line of a row format holding several complete rows: each row read as a record of its own (same line).</summary>
    private static List<Trace> ReadRows(RawRecord record, long ordinal, List<Range> rows)
    {
        var report = new ReadReport();
        report.SplitLine(record.Line, rows.Count);
        var traces = new List<Trace>();
        foreach (var row in rows)
        {
            traces.AddRange(Read(record with { Bytes = record.Bytes[row] }, ordinal));
            report.CountRecord();
        }
        record.Report = report;
        return traces.Select(t => t with { Warnings = [.. t.Warnings, .. report.Warnings] }).ToList();
    }

    /// <summary>The read report of a whole-document record; null when it does not parse (the reader said why).</summary>
    private static ReadReport? CountDocument(ReadOnlyMemory<byte> bytes, RecordTypes types)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxDepth });
            var report = new ReadReport();
            report.CountDocument(doc.RootElement, types);
            return report;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
