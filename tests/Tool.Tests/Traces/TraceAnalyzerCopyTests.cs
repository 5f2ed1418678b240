using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Traces;

/// <summary>
/// <see cref="TraceAnalyzer.Analyze(Trace, TraceSource, int)"/> makes one copy of a reader's trace with its source, read
/// issues and analysis. It must give what the three copies it replaced gave: the source and issues set first, then the
/// classified actions and the recoveries' factory, then the outcome's factory over that intermediate trace (written
/// out here as it was).
/// </summary>
public sealed class TraceAnalyzerCopyTests
{
    [CorpusFact]
    public void One_copy_gives_what_the_three_copies_gave_on_every_corpus_and_sample_trace()
    {
        var files = RepoPaths.CorpusAndSampleFiles();
        var (traces, recovered, decided) = (0, 0, 0);
        foreach (var path in files)
        {
            foreach (var read in ReadOnly(path))
            {
                var source = new TraceSource(path, 3, ReadOnlyMemory<byte>.Empty) { Ordinal = traces, WholeFile = true };
                var issues = read.ReadIssues + traces % 3;
                var expected = ThreeCopies(read, source, issues);
                var actual = TraceAnalyzer.Analyze(read, source, issues);
                Assert.Same(source, actual.Source);
                Assert.Equal(issues, actual.ReadIssues);
                Assert.Equal(expected.Actions.Select(a => (a.ErrorClass, a.Failed, a.Interrupted, a.Rejected)),
                    actual.Actions.Select(a => (a.ErrorClass, a.Failed, a.Interrupted, a.Rejected)));
                Assert.Equal(expected.Recoveries, actual.Recoveries);
                Assert.Equal(expected.UnrecoveredErrors, actual.UnrecoveredErrors);
                Assert.Equal((expected.Outcome, expected.OutcomeEvidence), (actual.Outcome, actual.OutcomeEvidence));
                Assert.Equal(expected with { Source = TraceSource.None, Actions = actual.Actions }, actual with { Source = TraceSource.None }); // the rest, field by field
                traces++;
                recovered += actual.Recoveries.Count;
                if (actual.Outcome != Outcome.Unknown) decided++;
            }
        }
        Assert.True(traces >= 70 && recovered >= 20 && decided >= 20, $"only {traces} traces, {recovered} recoveries, {decided} outcomes decided");
    }

    /// <summary>The analysis as RecordParsing and the analyzer wrote it before: three copies of the trace.</summary>
    private static Trace ThreeCopies(Trace t, TraceSource source, int issues)
    {
        t = t with { Source = source, ReadIssues = issues };
        var actions = t.Actions.Select(a => ErrorClassifier.Classify(a, t.Format)).ToList();
        var keys = new ActionKeys(actions, t.Cwd);
        var classified = t with
        {
            Actions = actions,
            LazyRecovery = () => { var (found, left) = RecoveryAnalyzer.Analyze(keys); return new RecoveryResult(found, left); },
        };
        return classified with
        {
            LazyVerdict = () => { var (outcome, why) = OutcomeAnalyzer.Analyze(classified, keys); return new OutcomeVerdict(outcome, why.Count == 0 ? null : string.Join(',', why)); },
        };
    }

    /// <summary>A file's traces as its reader gives them, not analysed; none for a file that is no trace or bad on purpose.</summary>
    private static List<Trace> ReadOnly(string path)
    {
        try
        {
            return ReaderRun.File(FormatDetector.Detect(path), path);
        }
        catch (Exception)
        {
            return [];
        }
    }
}
