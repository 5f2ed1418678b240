using System.Text.Json;
using TraceCurate.Diagnostics;

namespace TraceCurate.Formats;

/// <summary>
/// The lines of a whole-file JSONL session (one record = the whole file), with 1-based line numbers, so a reader can
/// parse line by line and name the line of a bad one. Empty and whitespace-only lines are skipped and <c>\r\n</c>
/// endings trimmed, as <see cref="JsonLines"/> does for row formats (input-formats §1.3).
/// </summary>
public static class WholeFileLines
{
    public readonly record struct Line(long Number, ReadOnlyMemory<byte> Bytes, bool Terminated);

    /// <summary>One JSON value of a session file: the line it is on and its document, which the caller disposes.</summary>
    public readonly record struct Value(long Line, JsonDocument Document)
    {
        public JsonElement Root => Document.RootElement;

        /// <summary>The slim copy the document was parsed from, when the reader's slimmer made one (Claude Code).</summary>
        internal ClaudeCodeSlimLine? Slim { get; init; }
    }

    public static IEnumerable<Line> Enumerate(ReadOnlyMemory<byte> content) => Enumerate(content, firstLine: 1);

    /// <summary>
    /// The lines of <paramref name="content"/>, numbered from <paramref name="firstLine"/>: a part of a file that starts
    /// on that line (<see cref="SessionParts"/>). A byte-order mark is skipped only at the file's start.
    /// </summary>
    internal static IEnumerable<Line> Enumerate(ReadOnlyMemory<byte> content, long firstLine)
    {
        var rest = content;
        if (firstLine == 1 && rest.Span.StartsWith("\uFEFF"u8)) rest = rest[3..];
        var number = firstLine - 1;
        while (!rest.IsEmpty)
        {
            number++;
            var end = rest.Span.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
            if (!line.IsEmpty && line.Span[^1] == (byte)'\r') line = line[..^1];
            if (line.Span.Trim(" \t\r"u8).IsEmpty) continue;
            yield return new Line(number, line, end >= 0);
        }
    }

    /// <summary>
    /// The JSON values of a session file, line by line, each counted in the record's read report
    /// (<see cref="RawRecord.Report"/>, started afresh here) by the reader's <see cref="ITraceReader.RecordTypes"/>.
    /// Damaged lines, the same way for every session format:
    /// <list type="bullet">
    /// <item>a line holding two or more complete values gives each of them (a warning names the line);</item>
    /// <item>the last line, when its JSON is cut short (a writer that crashed), is skipped with a warning, after any
    /// complete value before the cut;</item>
    /// <item>any other line that does not parse, or (with <paramref name="objectsOnly"/>) is not a JSON object, is a bad line:
    /// a <see cref="BadRecordException"/> naming its line and column, or, when the input skips bad records
    /// (<see cref="ReadOptions.SkipBadLines"/>), skipped and counted, so the session is kept without it;</item>
    /// <item>a line in <see cref="RawRecord.ExcludedLines"/> (one the reader could not map) is skipped and counted.</item>
    /// </list>
    /// Streams: one document at a time, unless the caller keeps them.
    /// </summary>
    public static IEnumerable<Value> Values(RawRecord record, bool objectsOnly = true) => Values(record, objectsOnly, slimmer: null, fast: null);

    /// <summary>
    /// As <see cref="Values(RawRecord, bool)"/>, with two ways for a reader to spend less on a line than a whole
    /// document. <paramref name="fast"/>, when given, is offered each line not left out first: a streaming reader that
    /// maps the line and counts it in the report itself, or answers false having changed nothing (Codex).
    /// <paramref name="slimmer"/> may give a smaller copy of a line to parse instead (<see cref="ClaudeCodeSlimLine"/>);
    /// it answers null for a line it does not accept, which is then parsed as it is, so a damaged line reads exactly as
    /// without it. Only then is the line parsed into a document (and, when it does not parse, handled as a damaged line).
    /// </summary>
    internal static IEnumerable<Value> Values(RawRecord record, bool objectsOnly, Func<ReadOnlyMemory<byte>, ClaudeCodeSlimLine?>? slimmer, Func<Line, ReadReport, bool>? fast)
    {
        var report = record.Report = new ReadReport();
        var types = record.File.Reader.RecordTypes;
        var skipBad = record.File.Options.SkipBadLines;
        // A whole file's record starts on line 1; a part of a large session on its first line (SessionParts).
        using var lines = Enumerate(record.Bytes, record.Line).GetEnumerator();
        var more = lines.MoveNext();
        while (more)
        {
            var line = lines.Current;
            more = lines.MoveNext(); // one line ahead, to know the last one
            if (record.ExcludedLines?.TryGetValue(line.Number, out var excluded) == true)
            {
                report.Skip(excluded);
                continue;
            }
            if (fast is not null && fast(line, report)) continue;
            var slim = slimmer?.Invoke(line.Bytes);
            var (document, error) = TryParse(slim?.Bytes ?? line.Bytes);
            if (document is null && slim is not null) (slim, (document, error)) = (null, TryParse(line.Bytes)); // never expected: the scanner accepted it
            if (document is not null)
            {
                if (Accept(document, line.Number, objectsOnly, skipBad, report, types)) yield return new Value(line.Number, document) { Slim = slim };
                continue;
            }
            var reading = DamagedLine.Classify(line.Bytes.Span);
            var cutLast = reading.Kind == DamagedLine.Kind.Incomplete && !more && !record.LinesFollow;
            if (reading.Kind == DamagedLine.Kind.Several || cutLast)
            {
                // A local of this block, not the loop's line: a lambda capturing the line made an object for every line.
                var bytes = line.Bytes;
                var parsed = reading.Values.Select(range => TryParse(bytes[range]).Document).ToList();
                if (parsed.All(d => d is not null))
                {
                    if (parsed.Count > 1 || reading.Kind == DamagedLine.Kind.Several) report.SplitLine(line.Number, parsed.Count);
                    foreach (var value in parsed)
                        if (Accept(value!, line.Number, objectsOnly, skipBad, report, types)) yield return new Value(line.Number, value!);
                    if (cutLast)
                        report.Skip(new LineIssue(line.Number, line.Bytes.Length + 1, ReadReport.Truncated,
                            "the last line's JSON is cut short (a writer that crashed)"));
                    continue;
                }
                foreach (var value in parsed) value?.Dispose();
            }
            var message = reading.Kind == DamagedLine.Kind.Incomplete
                ? "invalid JSON: the line ends inside a JSON value, and lines follow it"
                : $"invalid JSON: {error!.Message}";
            Bad(new LineIssue(line.Number, (int)(error?.BytePositionInLine ?? 0) + 1, ReadReport.InvalidJson, message), skipBad, report);
        }
    }

    /// <summary>A bad line: thrown, or skipped and counted when the input skips bad records.</summary>
    private static void Bad(LineIssue issue, bool skipBad, ReadReport report)
    {
        if (!skipBad) throw new BadRecordException(issue.Message, issue.Line, issue.Column);
        report.Skip(issue);
    }

    private static bool Accept(JsonDocument document, long line, bool objectsOnly, bool skipBad, ReadReport report, RecordTypes? types)
    {
        if (objectsOnly && document.RootElement.ValueKind != JsonValueKind.Object)
        {
            var kind = Json.Kind(document.RootElement);
            document.Dispose();
            Bad(new LineIssue(line, 1, ReadReport.NotAnObject, $"a session line must be a JSON object, not {kind}"), skipBad, report);
            return false;
        }
        report.Count(document.RootElement, types);
        return true;
    }

    private static (JsonDocument? Document, JsonException? Error) TryParse(ReadOnlyMemory<byte> bytes)
    {
        try
        {
            return (JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = ReadLimits.MaxDepth }), null);
        }
        catch (JsonException e)
        {
            return (null, e);
        }
    }
}
