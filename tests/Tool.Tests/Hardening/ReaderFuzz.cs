using System.Text.Json;
using System.Text.RegularExpressions;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Reading;
using TraceCurate.Recipes;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// The reader-level fuzz oracle, for one input file, in process and in milliseconds: format detection, then a read as
/// every registered format through <see cref="TraceReading"/> (Split, Parse, the damaged-line recovery, as
/// <c>inspect</c> reads), with bad records failing and, if one fails, skipped; every lazily decoded field of every trace
/// touched and the trace written in the trace format. It fails on:
/// <list type="bullet">
/// <item>a crash: any exception but a <see cref="TraceCurateException"/> naming the file and a line (what would end the
/// process with exit 134), including from a lazy field after Parse;</item>
/// <item>a programming error caught by the pipeline's catch-all and passed on as a diagnostic ("unreadable record
/// (NullReferenceException: …)"): the reader did not say what is wrong with the record;</item>
/// <item>a damaged input (<see cref="Malformed"/>) read into traces without any diagnostic: no error, no warning
/// logged, no bad or truncated record or skipped or split line counted (the read report), and no trace carrying a
/// warning or <see cref="Trace.ReadIssues"/>.</item>
/// </list>
/// Hangs are the caller's to catch (<see cref="FuzzDriver"/>).
/// </summary>
internal static partial class ReaderFuzz
{
    /// <summary>Exception types that mean a bug in the code, not a bad input, when they reach a diagnostic's message.</summary>
    [GeneratedRegex(@"\((NullReferenceException|IndexOutOfRangeException|ArgumentOutOfRangeException|ArgumentNullException|ArgumentException|InvalidCastException|KeyNotFoundException|InvalidOperationException|DivideByZeroException|OverflowException|NotImplementedException|NotSupportedException|OutOfMemoryException|FormatException):")]
    private static partial Regex BugType();

    /// <param name="readers">The readers to read with: every registered one unless a test of the oracle gives its own.</param>
    public static List<string> Check(string input, string? malformed, IReadOnlyList<ITraceReader>? readers = null)
    {
        var failures = new List<string>();
        try
        {
            Resolve(input, format: null);
        }
        catch (TraceCurateException e)
        {
            // No format matched, or the head cannot be read: the error names the file (detection has no line to name).
            if (!e.Diagnostics.Any(d => d.Path == input)) failures.Add($"detection failed without naming the file: {e.Message}");
        }
        catch (Exception e)
        {
            failures.Add($"detection threw {e}");
        }
        foreach (var reader in readers ?? FormatRegistry.Readers)
        {
            var failing = Read(input, reader, skip: false, malformed, failures);
            if (failing) Read(input, reader, skip: true, malformed, failures);
        }
        return failures;
    }

    /// <summary>The input as a run resolves it (<see cref="InputResolver"/>): detection when no format is forced.</summary>
    private static InputFile Resolve(string input, string? format) =>
        InputResolver.Resolve([new InputSpec(input, Path.GetDirectoryName(input)!, new RecipePosition("--input", 0, 0)) { Format = format }], null).Single();

    /// <summary>Reads the input as one format; true when it stopped on an error (worth reading again with skipping).</summary>
    private static bool Read(string input, ITraceReader reader, bool skip, string? malformed, List<string> failures)
    {
        var what = $"read as {reader.Format} with bad records {(skip ? "skipped" : "failing")}";
        var log = new StringWriter();
        var counts = new[] { new ReadCounts() };
        var traces = 0;
        var traceWarned = false;
        try
        {
            var file = FormatRegistry.Find(reader.Format) == reader ? Resolve(input, reader.Format) : new InputFile(input, reader, ReadOptions.Default);
            foreach (var read in TraceReading.Read([file], new TraceReadingOptions { Threads = 1, SkipBadRecords = skip, Log = log, Counts = counts }))
            {
                traces++;
                traceWarned |= read.Trace.Warnings.Count > 0 || read.Trace.ReadIssues > 0;
                try
                {
                    Touch(read.Trace);
                }
                catch (Exception e)
                {
                    failures.Add($"{what}: a lazily decoded field of trace '{read.Trace.Id}' threw {e}");
                    return false;
                }
            }
        }
        catch (TraceCurateException e)
        {
            if (!e.Diagnostics.Any(d => d.Path == input && d.Line > 0))
                failures.Add($"{what}: the diagnostics name no line of the input: {e.Message}");
            if (e.Diagnostics.FirstOrDefault(d => BugType().IsMatch(d.Message)) is { } bug)
                failures.Add($"{what}: a programming error became the diagnostic: {bug}\n{StackOf(input, reader)}");
            return true;
        }
        catch (Exception e)
        {
            failures.Add($"{what}: threw {e}");
            return true;
        }
        var logged = log.ToString();
        if (BugType().Match(logged) is { Success: true } masked)
            failures.Add($"{what}: a programming error became a warning: {logged.Split('\n').First(l => l.Contains(masked.Value))}\n{StackOf(input, reader)}");
        var reported = logged.Length > 0 || counts[0].BadRecords > 0 || counts[0].Truncated > 0 || counts[0].LinesSkipped > 0
            || counts[0].Read.LinesSkipped > 0 || counts[0].Read.LinesSplit > 0 || traceWarned;
        if (malformed is not null && traces > 0 && !reported)
            failures.Add($"{what}: the input is damaged ({malformed}) but {traces} trace(s) were read without any diagnostic");
        return false;
    }

    /// <summary>
    /// Where a programming error the pipeline turned into a diagnostic was thrown (the diagnostic keeps no stack): the
    /// input split and parsed again by the reader alone, with the first exception that is not a bad record.
    /// </summary>
    private static string StackOf(string input, ITraceReader reader)
    {
        try
        {
            var file = new InputFile(input, reader, ReadOptions.Default);
            using var content = FormatDetector.Open(input);
            foreach (var record in reader.Split(content, file))
            {
                try
                {
                    if (record.Problem is null) reader.Parse(record, file.Options).ToList();
                }
                catch (Exception e) when (e is not BadRecordException)
                {
                    return $"    thrown at line {record.Line}: {e}";
                }
            }
            return "    (not thrown again by the reader alone)";
        }
        catch (Exception e)
        {
            return $"    (split failed: {e.GetType().Name}: {e.Message})";
        }
    }

    /// <summary>Reads every field a step or an output may decode, and writes the trace as the trace output does.</summary>
    private static void Touch(Trace trace)
    {
        _ = trace.Metadata?.GetRawText();
        _ = trace.Meta("a.b");
        foreach (var message in trace.Messages)
        {
            _ = message.Text?.Length;
            _ = message.Thinking?.Length;
            foreach (var call in message.ToolCalls) _ = call.Arguments?.GetRawText();
        }
        foreach (var action in trace.Actions)
        {
            _ = action.Arguments?.GetRawText();
            _ = action.Input?.Length;
            _ = action.Output?.Length;
            _ = action.ErrorClass;
        }
        using var writer = new Utf8JsonWriter(Stream.Null, TraceJsonWriter.Options);
        TraceJsonWriter.Write(writer, trace);
    }
}
