using System.Text;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Manifests;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// A large session read in parts on several threads (<see cref="SessionParts"/>) reads exactly as in one pass: the same
/// traces, read report, warnings and first error. The reference is the one-pass read of the same bytes by the same
/// reader; the parts are made small here (a few hundred bytes), so that every file is cut in many places, at every kind
/// of line, damaged ones included.
/// </summary>
public sealed class SessionPartsTests
{
    private static readonly ClaudeCodeReader OnePass = new();
    private static readonly ClaudeCodeReader InParts = new(fastLines: true, partBytes: 300);
    private static readonly PiReader PiOnePass = new();
    private static readonly PiReader PiInParts = new(partBytes: 300);
    private static readonly CodexReader CodexOnePass = new();
    private static readonly CodexReader CodexInParts = new(partBytes: 300);

    public static TheoryData<string, string> Samples()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in new[] { "claude-code", "pi", "codex" })
            foreach (var path in Directory.EnumerateFiles(RepoPaths.Samples(format), "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                data.Add(format, path);
        return data;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_sample_reads_the_same_in_parts_as_in_one_pass(string format, string path) =>
        AssertSameInParts(path, File.ReadAllBytes(path), format: format);

    [CorpusTheory]
    [InlineData("claude-code")]
    [InlineData("pi")]
    [InlineData("codex")]
    public void Every_corpus_file_reads_the_same_in_parts_as_in_one_pass(string format)
    {
        var files = RepoPaths.CorpusFiles(format, ".jsonl");
        Assert.NotEmpty(files);
        var cut = 0;
        foreach (var path in files)
        {
            var bytes = File.ReadAllBytes(path);
            AssertSameInParts(path, bytes, format: format);
            if (Parts(path, bytes, 300) is { Count: > 10 }) cut++;
        }
        Assert.True(cut >= files.Count / 2 || (format == "codex" && cut >= 1), $"only {cut} of {files.Count} corpus files were cut in more than ten parts");
    }

    [Fact]
    public void A_Pi_header_after_parts_of_blank_lines_is_read_as_in_one_pass()
    {
        // Lines of nothing fill the first parts, so the header is the first line kept of a later part.
        var session = File.ReadAllText(RepoPaths.Samples("pi", "fix-grid-snap.jsonl"));
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("      \n", 300)) + session);
        var parts = Parts("/p.jsonl", bytes, 300)!;
        Assert.True(parts[0].Bytes.Span.Trim(" \n"u8).IsEmpty && parts.Count > 3);
        var (expected, actual) = AssertSameInParts("/p.jsonl", bytes, format: "pi");
        Assert.NotEmpty(actual.Traces);
        Assert.Equal(expected.Traces, actual.Traces);

        // Without its header, the first line kept is an entry the streaming pass reads when it is not a file's first:
        // it must still be read as the first line, and refused as one pass refuses it.
        var headless = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("      \n", 300)) + string.Join("\n", session.Split('\n').Skip(1)));
        (expected, actual) = AssertSameInParts("/p.jsonl", headless, format: "pi");
        Assert.NotNull(actual.Error);
    }

    /// <summary>The readers of whole JSONL sessions without a streaming pass (Gemini CLI, opencode) read lines the same in parts.</summary>
    [Fact]
    public void Session_lines_without_a_streaming_pass_are_the_same_in_parts()
    {
        var files = new[] { RepoPaths.Samples("gemini-cli", "session-2026-05-02T09-00-5d1e9a44.jsonl") }
            .Concat(RepoPaths.CorpusFolder("gemini-cli") is null ? [] : RepoPaths.CorpusFiles("gemini-cli", ".jsonl"))
            .Concat(RepoPaths.CorpusFolder("claude-code") is null ? [] : RepoPaths.CorpusFiles("claude-code", ".jsonl").Take(3));
        foreach (var path in files)
        {
            var bytes = File.ReadAllBytes(path);
            var whole = new RawRecord(new InputFile(path, OnePass, ReadOptions.Default), 1, bytes);
            var cut = whole with { Threads = 2 };
            Assert.NotNull(SessionParts.Split(cut, 300));
            using var expected = SessionLines.Read(whole);
            using var actual = SessionLines.Read(cut, partBytes: 300);
            Assert.Equal(expected.Lines.Select(l => (l.Line, l.Value.GetRawText())), actual.Lines.Select(l => (l.Line, l.Value.GetRawText())));
            Assert.Equal(expected.Warnings, actual.Warnings);
            Assert.Equal(Describe(whole.Report), Describe(cut.Report));
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Damaged_lines_in_every_part_give_the_one_pass_report_warnings_and_error(bool skipBad)
    {
        // 1,500 lines: a bad line, a line of two records, a blank line or a line that is no object every few lines, more
        // than a report keeps positions of (100 of each kind), and a last line cut short.
        var lines = new List<string>();
        for (var i = 0; i < 1500; i++)
        {
            var line = SessionLine(i);
            lines.Add((i % 9) switch
            {
                2 => line[..^3], // cut short in the middle of the file: a bad line, never "truncated"
                4 => line + SessionLine(10_000 + i), // two records on one line: both read
                6 => "   ",
                7 when i % 2 == 1 => "[1,2]",
                _ => line,
            });
        }
        var text = string.Join("\n", lines) + "\n" + SessionLine(99_999)[..40];
        var bytes = Encoding.UTF8.GetBytes(text);
        const string path = "/sessions/damaged.jsonl";

        var parts = Parts(path, bytes, 300)!;
        Assert.True(parts.Count > 100);
        // Some part ends on a line cut short: read alone, it would look like the file's last line.
        var cutLines = lines.Where((_, i) => i % 9 == 2).ToHashSet();
        Assert.Contains(parts.SkipLast(1), p => cutLines.Contains(Encoding.UTF8.GetString(p.Bytes.Span).TrimEnd('\n').Split('\n')[^1]));

        var (expected, actual) = AssertSameInParts(path, bytes, skipBad);
        if (skipBad)
        {
            Assert.Equal(ReadReport.MaxPositions, actual.Report!.Skipped.Count);
            Assert.Equal(ReadReport.MaxPositions, actual.Report.Split.Count);
            Assert.True(actual.Report.LinesSkipped > 2 * ReadReport.MaxPositions);
            Assert.Equal(1, actual.Report.SkippedByReason[ReadReport.Truncated]); // the last line only
            Assert.Equal(2 * ReadReport.MaxPositions, actual.Report.Warnings.Count);
        }
        else
        {
            Assert.StartsWith("3:", actual.Error); // the first bad line, line 3, as one pass reports it
            Assert.Equal(expected.Error, actual.Error);
        }
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_at_the_start_of_the_file_only()
    {
        var bom = "\uFEFF";
        var lines = Enumerable.Range(0, 60).Select(i => SessionLine(i)).ToList();
        for (var i = 20; i <= 40; i++) lines[i] = bom + lines[i]; // a mark inside the file is not the file's
        var bytes = Encoding.UTF8.GetBytes(bom + string.Join("\n", lines) + "\n");
        var parts = Parts("/s.jsonl", bytes, 300)!;
        Assert.Contains(parts, p => p.Bytes.Span.StartsWith("\uFEFF"u8) && p.Line > 1);
        AssertSameInParts("/s.jsonl", bytes, skipBad: true);
        AssertSameInParts("/s.jsonl", bytes, skipBad: false);
    }

    [Fact]
    public void Parts_start_on_their_own_lines_and_cover_the_file()
    {
        var text = string.Join("\n", Enumerable.Range(0, 200).Select(i => i % 5 == 0 ? "" : SessionLine(i))) + "\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        var parts = Parts("/s.jsonl", bytes, 500)!;
        Assert.Equal(bytes, parts.SelectMany(p => p.Bytes.ToArray()).ToArray());
        var numbered = WholeFileLines.Enumerate(bytes).Select(l => (l.Number, Encoding.UTF8.GetString(l.Bytes.Span))).ToList();
        var fromParts = parts.SelectMany(p => WholeFileLines.Enumerate(p.Bytes, p.Line).Select(l => (l.Number, Encoding.UTF8.GetString(l.Bytes.Span)))).ToList();
        Assert.Equal(numbered, fromParts);
        Assert.All(parts.SkipLast(1), p => Assert.True(p.LinesFollow));
        Assert.False(parts[^1].LinesFollow);
    }

    [Fact]
    public void One_thread_a_small_file_or_a_busy_reading_is_read_in_one_pass()
    {
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, 50).Select(i => SessionLine(i))) + "\n");
        Assert.Null(Parts("/s.jsonl", bytes, 300, threads: 1));
        Assert.Null(Parts("/s.jsonl", bytes, bytes.Length / 2 + 1));
        Assert.NotNull(Parts("/s.jsonl", bytes, bytes.Length / 3));

        // While another worker of the reading maps a batch, the record keeps to its own thread.
        var load = new ReadingLoad();
        var record = new RawRecord(new InputFile("/s.jsonl", OnePass, ReadOptions.Default), 1, bytes) { Threads = 2, Load = load };
        load.Enter();
        Assert.NotNull(SessionParts.Split(record, 300));
        load.Enter();
        Assert.Null(SessionParts.Split(record, 300));
        load.Leave();
        Assert.NotNull(SessionParts.Split(record, 300));
    }

    [Fact]
    public void A_large_records_traces_may_use_its_threads_for_their_analysis_while_the_reading_is_idle()
    {
        var file = new InputFile("/s.jsonl", OnePass, ReadOptions.Default);
        var load = new ReadingLoad();
        Assert.Null(SessionParts.AnalysisThreads(new RawRecord(file, 1, new byte[SessionParts.LargeBytes - 1]) { Threads = 2, Load = load }));
        Assert.Null(SessionParts.AnalysisThreads(new RawRecord(file, 1, new byte[SessionParts.LargeBytes]) { Threads = 1, Load = load }));
        var threads = SessionParts.AnalysisThreads(new RawRecord(file, 1, new byte[SessionParts.LargeBytes]) { Threads = 3, Load = load })!;
        load.Enter();
        Assert.Equal(3, threads());
        load.Enter(); // another worker maps a batch: asked again when the analysis starts, the trace keeps to its thread
        Assert.Equal(1, threads());
        load.Leave();
        Assert.Equal(3, threads());
    }

    /// <summary>
    /// Line <paramref name="i"/> of a Claude Code session, one chain (each line's parent the one before): a user line, an
    /// assistant line with a tool call, and that call's result, in turn; the ids are the session's own.
    /// </summary>
    internal static string SessionLine(int i, string session = "s1")
    {
        var parent = i == 0 ? "null" : $"\"{session}u{i - 1}\"";
        var envelope = $"\"parentUuid\":{parent},\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/w\",\"sessionId\":\"{session}\",\"version\":\"2.0.{i % 3}\",\"gitBranch\":\"main\",\"uuid\":\"{session}u{i}\",\"timestamp\":\"2026-01-20T09:{i / 60 % 60:00}:{i % 60:00}.000Z\"";
        return (i % 3) switch
        {
            0 => $"{{{envelope},\"type\":\"user\",\"message\":{{\"role\":\"user\",\"content\":\"step {i} caf\\u00e9 ü\"}}}}",
            1 => $"{{{envelope},\"type\":\"assistant\",\"requestId\":\"{session}r{i}\",\"message\":{{\"id\":\"{session}m{i}\",\"model\":\"claude-x\",\"role\":\"assistant\",\"content\":[{{\"type\":\"tool_use\",\"id\":\"{session}t{i}\",\"name\":\"Bash\",\"input\":{{\"command\":\"ls {i}\"}}}}],\"usage\":{{\"input_tokens\":{i},\"output_tokens\":2}}}}}}",
            _ => $"{{{envelope},\"type\":\"user\",\"message\":{{\"role\":\"user\",\"content\":[{{\"type\":\"tool_result\",\"tool_use_id\":\"{session}t{i - 1}\",\"content\":\"Exit code {i % 2}\\nout {i}\",\"is_error\":{(i % 2 == 1 ? "true" : "false")}}}]}}}}",
        };
    }

    internal static List<RawRecord>? Parts(string path, byte[] bytes, int partBytes, int threads = 2) =>
        SessionParts.Split(new RawRecord(new InputFile(path, OnePass, ReadOptions.Default), 1, bytes) { Threads = threads }, partBytes);

    internal sealed record Reading(List<string> Traces, ReadReport? Report, string? Error);

    /// <summary>
    /// Reads the bytes in one pass and in parts of 300 bytes on two and three threads, and asserts the same traces, error
    /// and report. A Codex read that fails while its lines are applied (a line the session refuses) may have counted lines
    /// after the failing one in its report, which no command reads once the record failed: there, the error alone.
    /// </summary>
    internal static (Reading Expected, Reading Actual) AssertSameInParts(string path, byte[] bytes, bool skipBad = false, string format = "claude-code")
    {
        var (onePass, inParts) = format switch
        {
            "pi" => ((ITraceReader)PiOnePass, (ITraceReader)PiInParts),
            "codex" => (CodexOnePass, CodexInParts),
            _ => (OnePass, InParts),
        };
        var expected = Read(onePass, path, bytes, threads: 1, skipBad);
        foreach (var threads in new[] { 2, 3 })
        {
            var actual = Read(inParts, path, bytes, threads, skipBad);
            Assert.Equal(expected.Error, actual.Error);
            Assert.Equal(expected.Traces, actual.Traces);
            if (format == "codex" && expected.Error is not null) continue;
            Assert.Equal(Describe(expected.Report), Describe(actual.Report));
            Assert.Equal(expected.Report?.Warnings, actual.Report?.Warnings);
        }
        return (expected, Read(inParts, path, bytes, 2, skipBad));
    }

    internal static Reading Read(ITraceReader reader, string path, byte[] bytes, int threads, bool skipBad)
    {
        var options = new ReadOptions { SkipBadLines = skipBad };
        var record = new RawRecord(new InputFile(path, reader, options), 1, bytes) { Threads = threads };
        try
        {
            return new Reading(reader.Parse(record, options).Select(Write).ToList(), record.Report, null);
        }
        catch (Exception e) when (e is BadRecordException or TraceCurateException or InvalidOperationException)
        {
            return new Reading([], record.Report, $"{(e as BadRecordException)?.Line}:{(e as BadRecordException)?.Column}: {e.GetType().Name} {e.Message}");
        }
    }

    /// <summary>A trace as the JSONL writer writes it, with the texts and arguments it reads lazily.</summary>
    private static string Write(Trace trace)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, TraceJsonWriter.Options)) TraceJsonWriter.Write(w, trace);
        var lazy = string.Join("\u0001", trace.Actions.Select(a => $"{a.Input}\u0002{a.Arguments?.GetRawText()}\u0002{a.Output}"));
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\u0003" + lazy;
    }

    /// <summary>Every count and position of a report, as the manifest writes it.</summary>
    internal static string? Describe(ReadReport? report)
    {
        if (report is null) return null;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            ReadReportJson.Write(w, "read", report);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
