using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Traces;

namespace TraceCurate.Pipeline;

/// <summary>
/// One record into analysed traces, the same way for <c>run</c> and for the commands that read without a recipe: the
/// splitter's refusal (a record too long) is the bad record; each trace gets its source and is analysed (error
/// classes, recoveries, outcome) once, before any step or statistic sees it. Runs on any thread.
/// </summary>
internal static class RecordParsing
{
    public static List<Trace> Parse(RawRecord record, long ordinal)
    {
        if (record.Problem is { } problem) throw new BadRecordException(problem);
        RecordText.Check(record.Bytes.Span); // text no decode can fail on later: a bad byte is this record's error, here
        var source = new TraceSource(record.File.Path, record.Line, record.Bytes)
        {
            Ordinal = ordinal, WholeFile = record.File.Reader.OneRecordPerFile,
        };
        return record.File.Reader.Parse(record, record.File.Options).Select(t => TraceAnalyzer.Analyze(t with { Source = source })).ToList();
    }
}
