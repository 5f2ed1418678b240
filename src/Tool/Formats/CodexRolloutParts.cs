using System.Runtime.ExceptionServices;
using System.Text.Json;

namespace TraceCurate.Formats;

/// <summary>
/// A large Codex rollout's lines read in parts on the record's threads (<see cref="SessionParts.Split"/>). Real rollouts
/// run to hundreds of MB (one of 286 MiB was read at 2x the Python counter, on one core). What a line holds does not
/// depend on the lines before it: its scan (<see cref="CodexFastLine.TryScan"/>), or its document when the scan leaves
/// it, is made on any thread, each line into fields of its own. What the session makes of the lines (turns, calls joined
/// to outputs, the first session_meta) does, so the lines are applied one part after another in file order, by one
/// thread at a time, while the other threads scan the parts ahead. At most <see cref="AheadPerThread"/> parts per thread
/// are held scanned and not applied, so the fields held stay a few parts' worth whatever the file's size. The other
/// threads help only while the reading's other workers are idle (<see cref="ReadingLoad"/>); else the thread that reads
/// the record reads it all, part after part.
/// <para>
/// The session gets the same calls in the same order as in one pass (<see cref="CodexReader"/>), with one difference
/// that changes nothing: a <c>session_meta</c> is scanned as though it were the session's first (which one pass knows and
/// a part does not), and one that could not be read as the first goes to the document path, which maps a later meta as
/// the scan would. The parts' read reports are joined in order (<see cref="ReadReport.Append"/>); the lines the scan
/// read are counted as they are applied. The first failure in file order is thrown, as in one pass: a part's read that
/// fails is thrown when the lines before it have been applied.
/// </para>
/// </summary>
internal static class CodexRolloutParts
{
    /// <summary>Parts per thread read ahead of the one being applied.</summary>
    private const int AheadPerThread = 2;

    /// <summary>One part's lines as read: each either scanned fields or a document, in file order.</summary>
    private sealed class ScannedPart(RawRecord record, FieldsPool pool)
    {
        public RawRecord Record { get; } = record;
        public FieldsPool Pool { get; } = pool;
        public readonly List<(long Line, ReadOnlyMemory<byte> Bytes, CodexFastLine.Fields? Fields, JsonDocument? Document)> Lines = [];
        public ExceptionDispatchInfo? Failure;

        public void DisposeDocuments()
        {
            foreach (var line in Lines) line.Document?.Dispose();
            Lines.Clear();
        }
    }

    /// <summary>Fields for the lines of one part, used again for a later part once this one is applied.</summary>
    private sealed class FieldsPool(bool textChecked)
    {
        private readonly List<CodexFastLine.Fields> _fields = [];
        private readonly RecentStrings _repeated = new(8);
        private int _used;

        public CodexFastLine.Fields Take()
        {
            if (_used == _fields.Count) _fields.Add(new CodexFastLine.Fields(_repeated) { TextChecked = textChecked });
            return _fields[_used++];
        }

        public void Return() => _used--; // the last one taken, which its line did not keep

        public void Reset()
        {
            _used = 0;
            _repeated.Clear();
        }
    }

    /// <summary>Reads every part into the session, and sets the record's read report to theirs, joined in file order.</summary>
    public static void Read(RawRecord record, List<RawRecord> parts, CodexSession session, RecordTypes types)
    {
        var run = new Run(record, parts, session, types);
        // One worker per thread; this thread is one of them and reads the whole file if no other comes, so the read ends
        // even when no pool thread comes free. A worker that starts after the last part was applied returns at once.
        var workers = Math.Min(record.Threads, parts.Count);
        var caller = Environment.CurrentManagedThreadId;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ => run.Work(helper: Environment.CurrentManagedThreadId != caller));
        run.Finish();
    }

    private sealed class Run(RawRecord record, List<RawRecord> parts, CodexSession session, RecordTypes types)
    {
        private readonly object _gate = new();
        private readonly ScannedPart?[] _scanned = new ScannedPart?[parts.Count];
        private readonly Stack<FieldsPool> _pools = new();
        private readonly int _ahead = AheadPerThread * record.Threads;
        private readonly CodexFastLine.TypeTally _tally = new();
        private readonly ReadReport _counted = new();
        private int _nextToScan, _nextToApply;
        private bool _applying;
        private ExceptionDispatchInfo? _failure;
        private long _failedAtPart = long.MaxValue;

        /// <summary>
        /// One thread's share: apply the next part when it is scanned and no other thread applies, else scan the next part
        /// when few enough are held, else wait for either. A <paramref name="helper"/> (not the thread that reads the
        /// record) stops when another worker of the reading has a batch (<see cref="ReadingLoad"/>): that worker's thread
        /// is then the better use of the core.
        /// </summary>
        public void Work(bool helper)
        {
            while (true)
            {
                int scan;
                lock (_gate)
                {
                    while (true)
                    {
                        if (_failure is not null || _nextToApply == parts.Count) return;
                        if (helper && record.Load is { OthersIdle: false }) return;
                        if (!_applying && _scanned[_nextToApply] is not null)
                        {
                            _applying = true;
                            scan = -1;
                            break;
                        }
                        if (_nextToScan < parts.Count && _nextToScan < _nextToApply + _ahead)
                        {
                            scan = _nextToScan++;
                            break;
                        }
                        Monitor.Wait(_gate);
                    }
                }
                if (scan >= 0) Scan(scan);
                else ApplyReady();
            }
        }

        private void Scan(int k)
        {
            FieldsPool? pool;
            lock (_gate) _pools.TryPop(out pool);
            pool ??= new FieldsPool(record.TextChecked);
            pool.Reset();
            var part = new ScannedPart(parts[k], pool);
            try
            {
                foreach (var value in WholeFileLines.Values(part.Record, objectsOnly: false, slimmer: null, fast: (line, _) =>
                         {
                             var f = pool.Take();
                             if (!CodexFastLine.TryScan(line.Bytes, f, mayBeFirstMeta: true))
                             {
                                 pool.Return();
                                 return false;
                             }
                             part.Lines.Add((line.Number, line.Bytes, f, null));
                             return true;
                         }))
                    part.Lines.Add((value.Line, default, null, value.Document));
            }
            catch (Exception e)
            {
                part.Failure = ExceptionDispatchInfo.Capture(e); // thrown when the lines before it are applied
            }
            lock (_gate)
            {
                _scanned[k] = part;
                Monitor.PulseAll(_gate);
            }
        }

        /// <summary>Applies the scanned parts from the next one in order, as long as the next is scanned.</summary>
        private void ApplyReady()
        {
            while (true)
            {
                ScannedPart part;
                lock (_gate) part = _scanned[_nextToApply]!;
                try
                {
                    Apply(part);
                }
                catch (Exception e)
                {
                    lock (_gate)
                    {
                        _failure = ExceptionDispatchInfo.Capture(e);
                        _failedAtPart = _nextToApply;
                        _applying = false;
                        Monitor.PulseAll(_gate);
                    }
                    return;
                }
                lock (_gate)
                {
                    part.DisposeDocuments();
                    _pools.Push(part.Pool);
                    _scanned[_nextToApply] = null; // its list of lines with it
                    _nextToApply++;
                    Monitor.PulseAll(_gate);
                    if (_nextToApply == parts.Count || _scanned[_nextToApply] is null)
                    {
                        _applying = false;
                        return;
                    }
                }
            }
        }

        /// <summary>A part's lines into the session in order, as one pass maps them; then the part's failure, if its read failed.</summary>
        private void Apply(ScannedPart part)
        {
            foreach (var (number, bytes, fields, document) in part.Lines)
            {
                if (fields is not null)
                {
                    CodexFastLine.Apply(fields, bytes, session);
                    CodexFastLine.Count(fields, _tally, _counted, types);
                    continue;
                }
                session.Add(document!.RootElement, number);
            }
            part.Failure?.Throw();
        }

        /// <summary>
        /// The record's report: the parts' in file order and the lines the scan read, counted; or, when a part failed, the
        /// parts' up to it, and the failure thrown.
        /// </summary>
        public void Finish()
        {
            var report = new ReadReport();
            for (var k = 0; k < parts.Count && k <= _failedAtPart; k++)
                if (parts[k].Report is { } partReport) report.Append(partReport);
            record.Report = report;
            report.Merge(_counted);
            if (_failure is { } failure)
            {
                // One pass gives its tally to the report only after the last line: a failed read's report has none of it.
                foreach (var part in _scanned) part?.DisposeDocuments();
                failure.Throw();
            }
            CodexFastLine.CountTypes(_tally, report, types);
        }
    }
}
