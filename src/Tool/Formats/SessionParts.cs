using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// A large session file's lines read in parts, on the threads the reading may use (<see cref="RawRecord.Threads"/>).
/// Files are read on every core one file each, but a single long session was read on one: a Claude Code file of 87 MB
/// took 1.3x less time than the Python counter, where the same sessions in 40 files took 1.9x less. The lines of a
/// session are independent JSON objects, so the pass over them (the streaming scan, the documents of the lines it
/// leaves, the read report) is cut at line ends into parts, each read as a record of its own that starts on its own line
/// (<see cref="RawRecord.Line"/>) and, but for the last, has lines after it (<see cref="RawRecord.LinesFollow"/>); the
/// parts' results are then put back together in file order. What a reader builds from the lines (the session's tree, its
/// traces) is still one pass over all of them, so the traces are the same whatever the number of parts.
/// </summary>
internal static class SessionParts
{
    /// <summary>
    /// About how many bytes a part holds: large enough that a part's own costs (its scanner, its lists, a thread's turn)
    /// do not show, small enough that the parts of a file of a few parts' size even out between two threads.
    /// </summary>
    internal const int DefaultPartBytes = 4 << 20;

    /// <summary>
    /// The size from which a session file is read on several threads: its read (<see cref="WholeFile.ReadPlain"/>), its
    /// lines in parts of the default size, and the work done per trace (<see cref="ForEachTrace"/>).
    /// </summary>
    internal const long LargeBytes = 2L * DefaultPartBytes;

    /// <summary>
    /// Runs <paramref name="body"/> for each of a record's <paramref name="count"/> traces (analysis, a run's judging and
    /// rendering): on the record's threads when it is large (<see cref="LargeBytes"/>) and holds more than one, each call
    /// writing only its own trace's place; else in order on this thread. A failure is the first trace's in order, thrown
    /// as it was thrown, as one by one.
    /// </summary>
    public static void ForEachTrace(RawRecord record, int count, Action<int> body)
    {
        if (count < 2 || !MaySpread(record) || record.Bytes.Length < LargeBytes)
        {
            for (var i = 0; i < count; i++) body(i);
            return;
        }
        foreach (var failure in OnThreads.Run(record.Threads, count, body)) failure?.Throw();
    }

    /// <summary>
    /// Whether the record may be spread over the reading's threads: it has more than one, and the reading's other workers
    /// are idle (<see cref="ReadingLoad"/>). When each has a file of its own, more threads than cores only cost: a
    /// folder of 10 MB Codex rollouts read each in parts took 1.3x the wall of one pass each.
    /// </summary>
    internal static bool MaySpread(RawRecord record) => MaySpread(record.Threads, record.Load);

    internal static bool MaySpread(int threads, ReadingLoad? load) => threads >= 2 && load is not { OthersIdle: false };

    /// <summary>
    /// The threads a large record's traces may use for their analysis, asked when a trace's analysis starts (it may be
    /// worked out later than the record is read, when a step first reads it): the record's threads while the reading's
    /// other workers are idle, else one. Null for a record below <see cref="LargeBytes"/>, whose traces are short.
    /// </summary>
    internal static Func<int>? AnalysisThreads(RawRecord record)
    {
        if (record.Bytes.Length < LargeBytes || record.Threads < 2) return null;
        var (threads, load) = (record.Threads, record.Load); // not the record: the trace would keep it alive
        return () => MaySpread(threads, load) ? threads : 1;
    }

    /// <summary>
    /// The record cut at line ends into parts of about <paramref name="partBytes"/> bytes, or null when it is read in one
    /// pass: one thread, or a record of fewer than two parts.
    /// </summary>
    public static List<RawRecord>? Split(RawRecord record, int partBytes)
    {
        if (!MaySpread(record) || record.Bytes.Length < 2L * partBytes) return null;
        var bytes = record.Bytes;
        var starts = new List<int> { 0 };
        for (var at = partBytes; at < bytes.Length; at = starts[^1] + partBytes)
        {
            var end = bytes.Span[at..].IndexOf((byte)'\n');
            if (end < 0 || at + end + 1 >= bytes.Length) break;
            starts.Add(at + end + 1);
        }
        if (starts.Count == 1) return null;
        starts.Add(bytes.Length);
        // Each part's first line: the line ends before it, counted part by part on the threads.
        var lineEnds = new long[starts.Count - 1];
        Parallel.For(0, lineEnds.Length, new ParallelOptions { MaxDegreeOfParallelism = record.Threads },
            k => lineEnds[k] = bytes.Span[starts[k]..starts[k + 1]].Count((byte)'\n'));
        var parts = new List<RawRecord>(lineEnds.Length);
        var line = record.Line;
        for (var k = 0; k < lineEnds.Length; k++)
        {
            parts.Add(record with
            {
                Line = line,
                Bytes = bytes[starts[k]..starts[k + 1]],
                LinesFollow = k < lineEnds.Length - 1 || record.LinesFollow,
                Report = null,
                Chunk = null, // released with the whole record, never by a part
                Threads = 1,
            });
            line += lineEnds[k];
        }
        return parts;
    }

    /// <summary>
    /// A session's lines: read in one pass by <paramref name="readPart"/>, or, for a large record, its parts read by it on
    /// the record's threads (<see cref="Read{T}"/>) and put back together in file order into <paramref name="whole"/>'s
    /// lists, which then own every part's documents, with the warnings of the parts' joined report.
    /// </summary>
    public static T ReadLines<T, TLine>(RawRecord record, int partBytes, Func<RawRecord, T> readPart, Func<T> whole)
        where T : class, ISessionPartLines<TLine>
    {
        if (Split(record, partBytes) is not { } parts) return readPart(record);
        var read = Read(record, parts, readPart);
        var result = whole();
        var count = 0;
        foreach (var part in read) count += part.Lines.Count;
        result.Lines.Capacity = count;
        foreach (var part in read)
        {
            result.Lines.AddRange(part.Lines);
            result.Documents.AddRange(part.Documents);
        }
        result.Warnings.AddRange(record.Report!.Warnings);
        return result;
    }

    /// <summary>
    /// Reads every part with <paramref name="read"/> on the record's threads, and sets the record's report to the parts'
    /// reports in file order (<see cref="ReadReport.Append"/>). A part that fails is the record's failure when no part
    /// before it failed, as it would be in one pass: the report is then that of the lines up to the failure, what was read
    /// is disposed, and the failure thrown.
    /// </summary>
    private static T[] Read<T>(RawRecord record, List<RawRecord> parts, Func<RawRecord, T> read) where T : class, IDisposable
    {
        var results = new T?[parts.Count];
        var failures = OnThreads.Run(record.Threads, parts.Count, k => results[k] = read(parts[k]));
        var failed = Array.FindIndex(failures, f => f is not null);
        var report = new ReadReport();
        for (var k = 0; k < parts.Count && (failed < 0 || k <= failed); k++)
            if (parts[k].Report is { } part) report.Append(part);
        record.Report = report;
        if (failed >= 0)
        {
            foreach (var result in results)
                result?.Dispose();
            failures[failed]!.Throw();
        }
        return results!;
    }
}
