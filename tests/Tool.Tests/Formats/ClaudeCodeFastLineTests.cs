using System.Text;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The Claude Code reader's streaming pass (<see cref="ClaudeCodeFastLine"/>) against the document path it stands in
/// for: the same reader with every line parsed into a <see cref="JsonDocument"/>, as it read them before the pass. The
/// two must give the same traces (every field, written as the trace format writes it, and the lazily read inputs and
/// outputs), the same read report, or the same error, on the samples, on every Claude Code file of the corpus, and on
/// lines built to hit each case the pass reads itself or hands back to the document path.
/// </summary>
public sealed class ClaudeCodeFastLineTests
{
    private static readonly ClaudeCodeReader Streamed = new();
    private static readonly ClaudeCodeReader Documents = new(fastLines: false);

    public static TheoryData<string> Samples() =>
        new(Directory.EnumerateFiles(RepoPaths.Samples("claude-code"), "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_sample_reads_the_same_streamed_as_through_documents(string path) => AssertSameAsDocuments(path, minStreamed: 1);

    [CorpusFact("claude-code")]
    public void Every_corpus_file_reads_the_same_streamed_as_through_documents()
    {
        var files = Directory.EnumerateFiles(RepoPaths.CorpusFolder("claude-code")!, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        foreach (var path in files) AssertSameAsDocuments(path, minStreamed: 1);
    }

    private const string Envelope = "\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/w\",\"sessionId\":\"s1\",\"version\":\"2.0.1\",\"gitBranch\":\"main\"";
    private const string Time = "\"timestamp\":\"2026-01-20T09:12:05.000Z\"";

    /// <summary>A user line, a call and its result: the line under test follows them, its parent the result line.</summary>
    private static readonly string[] Before =
    [
        "{\"parentUuid\":null," + Envelope + ",\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"list the files\"},\"uuid\":\"u1\"," + Time + "}",
        "{\"parentUuid\":\"u1\"," + Envelope + ",\"type\":\"assistant\",\"requestId\":\"r1\",\"message\":{\"id\":\"m1\",\"model\":\"claude-x\",\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Bash\",\"input\":{\"command\":\"ls\"}}],\"usage\":{\"input_tokens\":5,\"output_tokens\":2}},\"uuid\":\"a1\"," + Time + "}",
        "{\"parentUuid\":\"a1\"," + Envelope + ",\"type\":\"assistant\",\"requestId\":\"r1\",\"message\":{\"id\":\"m1\",\"model\":\"claude-x\",\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t2\",\"name\":\"Read\",\"input\":{\"file_path\":\"/w/a\"}}],\"usage\":{\"input_tokens\":5,\"output_tokens\":4}},\"uuid\":\"a2\"," + Time + "}",
    ];

    private static string User(string content, string extra = "") =>
        "{\"parentUuid\":\"a2\"," + Envelope + ",\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":" + content + "},\"uuid\":\"u2\"," + Time + extra + "}";

    private static string Assistant(string message, string extra = "") =>
        "{\"parentUuid\":\"a2\"," + Envelope + ",\"type\":\"assistant\",\"requestId\":\"r2\",\"message\":" + message + ",\"uuid\":\"a3\"," + Time + extra + "}";

    private static readonly string Long = string.Concat(Enumerable.Repeat("line of output\\n", 30));

    /// <summary>Lines the pass reads itself.</summary>
    public static TheoryData<string, string> StreamedLines() => new()
    {
        { "typed text", User("\"go on\"") },
        { "text and image blocks", User("[{\"type\":\"text\",\"text\":\"see\"},{\"type\":\"image\",\"source\":{}},\"odd\",{\"type\":\"text\",\"text\":null}]") },
        { "two results", User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"Exit code 2\\nboom\",\"is_error\":true},{\"type\":\"tool_result\",\"tool_use_id\":\"t2\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"image\"},{\"type\":7},{\"text\":\"untyped\"}]}]") },
        { "long result kept as bytes", User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"Exit code 0\\n" + Long + "\"},{\"type\":\"tool_result\",\"tool_use_id\":\"t2\",\"content\":\"" + Long + "\\u00e9\"}]") },
        { "interrupted result", User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"" + Long + "\"}]", ",\"toolUseResult\":{\"stdout\":\"x\",\"interrupted\":true,\"agentId\":\"ag1\"}") },
        { "result content a number", User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":3}]", ",\"toolUseResult\":\"Error: no\"") },
        { "rejected call", User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"The user doesn't want to proceed with this tool use.\",\"is_error\":true}]") },
        { "interrupt marker", User("[{\"type\":\"text\",\"text\":\"[Request interrupted by user]\"}]") },
        { "meta and compact summary", User("\"This session is being continued\"", ",\"isMeta\":null,\"isCompactSummary\":true") },
        { "escaped block type", User("[{\"type\":\"t\\u0065xt\",\"text\":\"caf\\u00e9\"}]") },
        { "thinking text and calls", Assistant("{\"id\":\"m2\",\"model\":\"claude-x\",\"stop_reason\":\"tool_use\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"x\"},{\"type\":\"text\",\"text\":\"ok\"},{\"type\":\"tool_use\",\"id\":\"t3\",\"name\":\"Bash\",\"input\":{\"command\":\"echo \\\"\\u00e9\\\"\",\"n\":[1,2.5,null]}},{\"type\":\"tool_use\",\"id\":\"t4\",\"name\":\"Noop\",\"input\":null},{\"type\":\"tool_use\",\"id\":\"t5\",\"name\":\"Str\",\"input\":\"raw\"}],\"usage\":{\"input_tokens\":null,\"output_tokens\":9,\"cache_read_input_tokens\":100,\"cache_creation_input_tokens\":7}}") },
        { "call id used twice", Assistant("{\"id\":\"m2\",\"model\":\"claude-x\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"Bash\",\"input\":{}}]}") },
        { "synthetic message", Assistant("{\"id\":\"m2\",\"model\":\"<synthetic>\",\"content\":[{\"type\":\"text\",\"text\":\"No response requested.\"}],\"usage\":{\"input_tokens\":0}}") },
        { "usage not an object", Assistant("{\"id\":\"m2\",\"model\":\"claude-x\",\"content\":[],\"usage\":\"n/a\"}") },
        { "same response streamed", Assistant("{\"id\":\"m1\",\"model\":\"claude-x\",\"content\":[{\"type\":\"text\",\"text\":\"done\"}],\"usage\":{\"input_tokens\":5,\"output_tokens\":8}}") },
        { "timestamp without zone", User("\"go on\"").Replace("09:12:05.000Z", "09:12:05") },
        { "sidechain agent line", User("\"go on\"", ",\"agentId\":\"ag9\"").Replace("\"isSidechain\":false", "\"isSidechain\":true") },
        { "no parent key", User("\"go on\"").Replace("\"parentUuid\":\"a2\",", "") },
        { "long texts kept as bytes", Assistant("{\"id\":\"m2\",\"model\":\"claude-x\",\"content\":[{\"type\":\"text\",\"text\":\"" + Long + "\\u00e9\"},{\"type\":\"text\",\"text\":\"short\"},{\"type\":\"text\",\"text\":\"caf\u00e9 " + Long + "\"}]}") },
        { "one long text kept as bytes", Assistant("{\"id\":\"m2\",\"model\":\"claude-x\",\"content\":[{\"type\":\"text\",\"text\":\"" + Long + "\"}]}") },
        { "result array of one long text kept as bytes", User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":[{\"type\":\"text\",\"text\":\"Exit code 3\\n" + Long + "\"}]}]") },
        { "result array of texts and an image joined as bytes", User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":[{\"type\":\"text\",\"text\":\"" + Long + "caf\\u00e9 \\\"q\\\"\"},{\"type\":\"image\",\"source\":{}},{\"type\":\"text\",\"text\":\"tail\\té\"},{\"type\":\"text\",\"text\":\"\"}]},{\"type\":\"tool_result\",\"tool_use_id\":\"t2\",\"content\":[{\"type\":\"text\",\"text\":\"short\"},{\"type\":\"text\",\"text\":\"parts\"}]}]") },
        { "failed result array", User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"is_error\":true,\"content\":[{\"type\":\"text\",\"text\":\"" + Long + "\"},{\"type\":\"text\",\"text\":\"Error: denied\"}]}]") },
        { "result array with an escaped surrogate pair", User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":[{\"type\":\"text\",\"text\":\"" + Long + "\"},{\"type\":\"text\",\"text\":\"smile \\ud83d\\ude00\"}]}]") },
        { "long user text", User("[{\"type\":\"text\",\"text\":\"<command-name>" + Long + "\"}]") },
    };

    /// <summary>Lines the pass must hand to the document path (the name says why).</summary>
    public static TheoryData<string, string> DocumentLines() => new()
    {
        { "repeated key", User("\"a\"", ",\"uuid\":\"u3\"") },
        { "escaped key", User("\"a\"", ",\"isM\\u0065ta\":true") },
        { "repeated block key", User("[{\"type\":\"text\",\"text\":\"a\",\"text\":\"b\"}]") },
        { "subtype on a user line", User("\"a\"", ",\"subtype\":\"compact_boundary\"") },
        { "usage as decimals", Assistant("{\"id\":\"m2\",\"model\":\"claude-x\",\"content\":[],\"usage\":{\"input_tokens\":10.0}}") },
        { "isMeta a string", User("\"a\"", ",\"isMeta\":\"yes\"") },
        { "timestamp not a timestamp", User("\"a\"").Replace("2026-01-20T09:12:05.000Z", "yesterday") },
        { "assistant content a string", Assistant("{\"id\":\"m2\",\"model\":\"claude-x\",\"content\":\"hi\"}") },
        { "message missing", Assistant("null").Replace("\"message\":null,", "") },
        { "message not an object", Assistant("[1]") },
        { "block type a number", Assistant("{\"id\":\"m2\",\"model\":\"claude-x\",\"content\":[{\"type\":1}]}") },
        { "sessionId null", User("\"a\"").Replace("\"sessionId\":\"s1\"", "\"sessionId\":null") },
        { "version a number", User("\"a\"").Replace("\"version\":\"2.0.1\"", "\"version\":2") },
        { "lone surrogate in a long text", Assistant("{\"id\":\"m2\",\"model\":\"claude-x\",\"content\":[{\"type\":\"text\",\"text\":\"" + Long + "\\ud800\"}]}") },
        { "lone surrogate in a long result", User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"" + Long + "\\ud800\"}]") },
        { "system line", User("\"a\"").Replace("\"type\":\"user\"", "\"type\":\"system\"") },
        { "progress line", User("\"a\"").Replace("\"type\":\"user\"", "\"type\":\"progress\"") },
        { "no uuid", User("\"a\"").Replace("\"uuid\":\"u2\",", "") },
        { "two values on the line", User("\"a\"") + " " + User("\"b\"").Replace("u2", "u3") },
        { "cut short", User("\"a\"")[..^5] },
    };

    [Theory]
    [MemberData(nameof(StreamedLines))]
    public void A_line_the_pass_reads_reads_the_same_as_through_documents(string what, string line)
    {
        Assert.NotNull(Scan(line));
        AssertLine(what, line);
    }

    [Theory]
    [MemberData(nameof(DocumentLines))]
    public void A_line_the_pass_hands_back_reads_the_same_as_through_documents(string what, string line)
    {
        Assert.Null(Scan(line));
        AssertLine(what, line);
    }

    [Fact]
    public void A_line_that_is_not_UTF8_is_handed_back_and_reads_the_same()
    {
        var line = Encoding.UTF8.GetBytes(User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"" + Long + "@\"}]"));
        line[Array.LastIndexOf(line, (byte)'@')] = 0xFF;
        Assert.Null(new ClaudeCodeFastLine.Scanner(Streamed.RecordTypes).TryRead(new WholeFileLines.Line(1, line, true), new ReadReport()));
        using var folder = new TempFolder();
        var path = folder.Write("bad-utf8.jsonl", [.. Encoding.UTF8.GetBytes(string.Join("\n", Before) + "\n"), .. line, (byte)'\n']);
        AssertSameAsDocuments(path, minStreamed: 0);
    }

    /// <summary>Long texts and an input holding surrogate pair escapes and non-ASCII text.</summary>
    public static TheoryData<string, string> PairLines() => new()
    {
        { "tool result with a pair", User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"" + Long + "\\ud83d\\ude00 done\"}]") },
        { "tool result part with a pair", User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":[{\"type\":\"text\",\"text\":\"" + Long + "\\uD83D\\uDE00\"}]}]") },
        { "assistant text with a pair", Assistant("{\"id\":\"m2\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"" + Long + "\\uD83D\\uDE00 é\"}]}") },
        { "input with a pair", Assistant("{\"id\":\"m2\",\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"t3\",\"name\":\"Bash\",\"input\":{\"command\":\"echo é \\ud83d\\ude00 " + Long + "\"}}]}") },
        { "typed text with a pair", User("\"" + Long + "\\ud83d\\ude00 ü\"") },
    };

    [Theory]
    [MemberData(nameof(PairLines))]
    public void A_surrogate_pair_reads_the_same_when_the_record_text_was_checked(string what, string line)
    {
        // Checked, the pass keeps the long texts as bytes (unchecked, it hands such a text back to the document path).
        Assert.NotNull(new ClaudeCodeFastLine.Scanner(Streamed.RecordTypes, textChecked: true)
            .TryRead(new WholeFileLines.Line(1, Encoding.UTF8.GetBytes(line), true), new ReadReport()));
        AssertLine(what, line);
    }

    // A result given as an array of text blocks is kept as the line's bytes when every part may be (as a result given
    // as one long string is), so that writers copy it: the output is then pending bytes, and decodes to the parts'
    // texts joined by line breaks. The texts here are spelled out, not taken from the reader.
    [Fact]
    public void A_result_array_is_kept_as_bytes_that_decode_to_its_texts_joined_by_line_breaks()
    {
        var longText = string.Concat(Enumerable.Repeat("line of output\n", 30));
        using var folder = new TempFolder();
        var line = User("[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":[{\"type\":\"text\",\"text\":\"" + Long + "caf\\u00e9\"},{\"type\":\"image\"},{\"type\":\"text\",\"text\":\"end\"}]},"
            + "{\"type\":\"tool_result\",\"tool_use_id\":\"t2\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}]");
        var path = folder.Write("array.jsonl", string.Join("\n", [.. Before, line, ""]));
        foreach (var textChecked in new[] { false, true })
        {
            var actions = Assert.Single(Read(Streamed, path, textChecked).Traces).Actions;
            var joined = actions.Single(a => a.Id == "t1");
            Assert.NotNull(joined.PendingRawOutput);
            Assert.Equal(longText + "caf\u00e9\n[image]\nend", joined.Output);
            var shortOne = actions.Single(a => a.Id == "t2");
            Assert.Null(shortOne.PendingRawOutput); // short: decoded at once, as a short string result is
            Assert.Equal("a\nb", shortOne.Output);
        }
    }

    private static ClaudeCodeFastLine? Scan(string line) =>
        new ClaudeCodeFastLine.Scanner(Streamed.RecordTypes).TryRead(new WholeFileLines.Line(1, Encoding.UTF8.GetBytes(line), true), new ReadReport());

    private static void AssertLine(string what, string line)
    {
        using var folder = new TempFolder();
        var path = folder.Write(what.Replace(' ', '-') + ".jsonl", string.Join("\n", [.. Before, line, ""]));
        AssertSameAsDocuments(path, minStreamed: 0);
    }

    /// <summary>
    /// Both paths' traces (or error), report, and the lazily read fields; and that the pass read at least
    /// <paramref name="minStreamed"/> lines. The pass is compared twice: as a test reads a file, and as the pipeline reads
    /// it, after <see cref="RecordText.Check"/> passed on the whole record (<see cref="RawRecord.TextChecked"/>), when
    /// the pass checks no text again.
    /// </summary>
    private static void AssertSameAsDocuments(string path, int minStreamed)
    {
        AssertSameAsDocuments(path, minStreamed, textChecked: false);
        var bytes = File.ReadAllBytes(path);
        if (!RecordText.IsText(bytes)) return; // the pipeline refuses the record before any reader sees it
        AssertSameAsDocuments(path, minStreamed, textChecked: true);
    }

    private static void AssertSameAsDocuments(string path, int minStreamed, bool textChecked)
    {
        var (expected, expectedReport, expectedError) = Read(Documents, path, false);
        var (actual, actualReport, actualError) = Read(Streamed, path, textChecked);
        Assert.Equal(expectedError, actualError);
        if (expectedError is not null) return; // the same error, from the same line (a text that is not UTF-8 fails when decoded, on both)
        Assert.Equal(expected.Count, actual.Count);
        for (var k = 0; k < expected.Count; k++)
        {
            Assert.Equal(Write(expected[k]), Write(actual[k]));
            Assert.Equal(expected[k].Actions.Select(a => (a.Input, a.Arguments?.GetRawText(), a.Output)),
                actual[k].Actions.Select(a => (a.Input, a.Arguments?.GetRawText(), a.Output)));
            Assert.Equal(expected[k].Messages.SelectMany(m => m.ToolCalls).Select(c => c.Arguments?.GetRawText()),
                actual[k].Messages.SelectMany(m => m.ToolCalls).Select(c => c.Arguments?.GetRawText()));
            Assert.Equal(expected[k].Messages.Select(m => m.Text), actual[k].Messages.Select(m => m.Text));
        }
        Assert.Equal(expectedReport!.Records, actualReport!.Records);
        Assert.Equal(expectedReport.Types, actualReport.Types);
        Assert.Equal(expectedReport.NotUnderstood, actualReport.NotUnderstood);
        Assert.Equal(expectedReport.Versions, actualReport.Versions);
        Assert.Equal(expectedReport.Warnings, actualReport.Warnings);
        if (minStreamed > 0) Assert.True(StreamedLineCount(path) >= minStreamed, $"no line of {path} was read by the streaming pass");
    }

    private static (List<Trace> Traces, ReadReport? Report, string? Error) Read(ClaudeCodeReader reader, string path, bool textChecked)
    {
        var input = new InputFile(path, reader, ReadOptions.Default);
        List<RawRecord> records;
        using (var stream = FormatDetector.Open(path)) records = reader.Split(stream, input).ToList();
        var record = Assert.Single(records);
        record.TextChecked = textChecked;
        try
        {
            return (reader.Parse(record, input.Options).ToList(), record.Report, null);
        }
        catch (Exception e) when (e is BadRecordException or TraceCurateException or InvalidOperationException)
        {
            return ([], null, $"{e.GetType().Name} {(e as BadRecordException)?.Line}: {e.Message}");
        }
    }

    private static int StreamedLineCount(string path)
    {
        var scanner = new ClaudeCodeFastLine.Scanner(Streamed.RecordTypes);
        var bytes = File.ReadAllBytes(path);
        return WholeFileLines.Enumerate(bytes).Count(l => scanner.TryRead(l, new ReadReport()) is not null);
    }

    private static string Write(Trace trace)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, TraceJsonWriter.Options)) TraceJsonWriter.Write(w, trace);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
