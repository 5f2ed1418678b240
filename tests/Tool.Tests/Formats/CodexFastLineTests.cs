using System.Text;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The Codex reader's streaming pass (<see cref="CodexFastLine"/>) against the document path it stands in for: every
/// line read through <see cref="CodexSession.Add"/> from a <see cref="JsonDocument"/>, as the reader did before the
/// streaming pass. The two must give the same trace (every field, written as the trace format writes it) and the same
/// read report, on the samples, on the corpus and on lines built to hit each case where the streaming pass hands a
/// line back to the document path.
/// </summary>
public sealed class CodexFastLineTests
{
    private static readonly CodexReader Reader = new();

    public static TheoryData<string> Samples() => new(Directory.EnumerateFiles(RepoPaths.Samples("codex")).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_sample_reads_the_same_streamed_as_through_documents(string path) => AssertSameAsDocuments(path);

    [CorpusFact("codex")]
    public void Every_corpus_file_reads_the_same_streamed_as_through_documents()
    {
        var files = RepoPaths.CorpusFiles("codex", ".jsonl");
        Assert.NotEmpty(files);
        foreach (var path in files) AssertSameAsDocuments(path);
    }

    private const string Meta = """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":"s1","cwd":"/w","cli_version":"0.46.0"}}""";

    /// <summary>Lines the streaming pass reads itself, and lines it must hand to the document path (the comment says why).</summary>
    public static TheoryData<string, string> Lines() => new()
    {
        { "streamed", """{"timestamp":"2025-10-14T09:12:04.000Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{\"command\":[\"ls\"]}","call_id":"c1"}}""" },
        { "arguments an object", """{"timestamp":"2025-10-14T09:12:04.000Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":{"command":["ls"]},"call_id":"c1"}}""" },
        { "arguments not JSON", """{"timestamp":"2025-10-14T09:12:04.000Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"ls -la","call_id":"c1"}}""" },
        { "output an array", """{"timestamp":"2025-10-14T09:12:05.000Z","type":"response_item","payload":{"type":"function_call_output","call_id":"c1","output":[{"text":"Exit code: 2"}]}}""" },
        { "output JSON text", """{"timestamp":"2025-10-14T09:12:05.000Z","type":"response_item","payload":{"type":"function_call_output","call_id":"c1","output":"{\"output\":\"x\",\"metadata\":{\"exit_code\":3,\"duration_seconds\":1.5}}"}}""" },
        { "repeated key", """{"timestamp":"2025-10-14T09:12:04.000Z","type":"response_item","payload":{"type":"message","role":"user","role":"assistant","content":[{"type":"input_text","text":"hi"}]}}""" },
        { "escaped key", """{"timestamp":"2025-10-14T09:12:04.000Z","type":"response_item","payload":{"typ\u0065":"message","role":"user","content":[{"text":"hi"}]}}""" },
        { "item without a type", """{"timestamp":"2025-10-14T09:12:04.000Z","type":"response_item","payload":{"role":"user","content":[{"text":"hi"}]}}""" },
        { "figures as decimals", """{"timestamp":"2025-10-14T09:12:06.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":10.0,"output_tokens":2}}}}""" },
        { "info null", """{"timestamp":"2025-10-14T09:12:06.000Z","type":"event_msg","payload":{"type":"token_count","info":null}}""" },
        { "reasoning content only", """{"timestamp":"2025-10-14T09:12:04.000Z","type":"response_item","payload":{"type":"reasoning","summary":[],"content":[{"type":"reasoning_text","text":"think"},"odd",{"text":""}]}}""" },
        { "unknown line type", """{"timestamp":"2025-10-14T09:12:04.000Z","type":"something_new","payload":{"type":"x"}}""" },
        { "payload before type", """{"payload":{"type":"turn_aborted","reason":"interrupted"},"timestamp":"2025-10-14T09:12:07.000Z","type":"event_msg"}""" },
        { "no timestamp", """{"type":"turn_context","payload":{"cwd":"/x","model":"gpt-5"}}""" },
        { "two values on the line", """{"type":"turn_context","payload":{"model":"a"}} {"type":"turn_context","payload":{"model":"b"}}""" },
        { "a second session_meta", """{"timestamp":"2025-10-14T09:13:00.000Z","type":"session_meta","payload":{"id":"s2","cwd":"/other","cli_version":"0.47.0","source":{"subagent":{"parent_thread_id":"p"}}}}""" },
        { "session_meta with a number for cli_version", """{"timestamp":"2025-10-14T09:13:00.000Z","type":"session_meta","payload":{"id":"s2","cli_version":47}}""" },
        { "session_meta with a payload type", """{"timestamp":"2025-10-14T09:13:00.000Z","type":"session_meta","payload":{"type":"x","id":"s2","cwd":null}}""" },
        { "cli_version on a turn_context", """{"timestamp":"2025-10-14T09:13:00.000Z","type":"turn_context","payload":{"cwd":"/x","model":"gpt-5","cli_version":"0.48.0"}}""" },
        { "timestamp with an offset", """{"timestamp":"2025-10-14T11:13:00.5+02:00","type":"turn_context","payload":{"model":"gpt-5"}}""" },
        { "timestamp escaped", """{"timestamp":"2025-10-14T09:13:00.000\u005A","type":"turn_context","payload":{"model":"gpt-5"}}""" },
        { "line and payload types escaped", """{"timestamp":"2025-10-14T09:13:00.000Z","type":"event_m\u0073g","payload":{"type":"task_complet\u0065"}}""" },
        { "turn_context with a summary setting", """{"timestamp":"2025-10-14T09:13:00.000Z","type":"turn_context","payload":{"cwd":"/x","model":"gpt-5","effort":"medium","summary":"auto","sandbox_policy":{"type":"workspace-write"}}}""" },
        { "function call with a content string", """{"timestamp":"2025-10-14T09:13:00.000Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{}","call_id":"c2","content":"x","summary":7}}""" },
        { "message without a type, content null", """{"timestamp":"2025-10-14T09:13:00.000Z","type":"response_item","payload":{"role":"assistant","content":null}}""" },
        { "message without a type, role null", """{"payload":{"content":[{"text":"apply patch","type":"input_text"}],"role":null},"timestamp":"2024-01-01T10:00:01Z","type":"response_item"}""" },
        { "item with a role but no content", """{"timestamp":"2025-10-14T09:13:00.000Z","type":"response_item","payload":{"role":"user"}}""" },
        { "ghost snapshot", """{"timestamp":"2025-10-14T09:13:00.000Z","type":"response_item","payload":{"type":"ghost_snapshot","ghost_commit":{"id":"2b41","parent":"1cea","preexisting_untracked_files":[]}}}""" },
        { "bare item of the older layout", """{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]}""" },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void A_line_reads_the_same_streamed_as_through_documents(string what, string line)
    {
        using var folder = new TempFolder();
        var call = """{"timestamp":"2025-10-14T09:12:04.000Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{}","call_id":"c1"}}""";
        var path = folder.Write(what.Replace(' ', '-') + ".jsonl", string.Join("\n", Meta, call, line, ""));
        AssertSameAsDocuments(path);
    }

    /// <summary>
    /// First lines whose <c>session_meta</c> the pass reads itself (its payload left unparsed until read), and those it
    /// must hand to the document path: the id, start and fork parent the trace takes from it, the metadata, the lineage.
    /// </summary>
    public static TheoryData<string, string> Metas() => new()
    {
        { "plain", Meta },
        { "payload before type", """{"payload":{"cwd":"/w","id":"abc-123","originator":"user"},"timestamp":"2024-01-01T10:00:00Z","type":"session_meta"}""" },
        { "no id", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"cwd":"/w"}}""" },
        { "id null, start null", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":null,"timestamp":null}}""" },
        { "id empty", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":""}}""" },
        { "id escaped", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":"s\u00e9\"1\\n","timestamp":"2025-10-14T09:12:01.250Z"}}""" },
        { "id twice", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":"a","id":"b"}}""" },
        { "start with an offset", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":"s1","timestamp":"2025-10-14T11:12:00.5+02:00"}}""" },
        { "start escaped", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":"s1","timestamp":"2025-10-14T09:12:00\u002e5Z"}}""" },
        { "start without a zone", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":"s1","timestamp":"2025-10-14 09:12:00"}}""" },
        { "fork", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":"s1","forked_from_id":"p\u0031","source":"cli"}}""" },
        { "fork null", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":"s1","forked_from_id":null}}""" },
        { "sub-agent", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":"s1","source":{"subagent":{"review":{"parent_thread_id":"p9"}}},"forked_from_id":"f"}}""" },
        { "source an object without a sub-agent", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":"s1","source":{"exec":true},"forked_from_id":"f"}}""" },
        { "source null", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":{"id":"s1","source":null,"git":{"branch":"main"},"instructions":null}}""" },
        { "meta after an item", """{"timestamp":"2025-10-14T09:12:02.000Z","type":"turn_context","payload":{"cwd":"/x","model":"gpt-5"}}""" + "\n" + Meta },
    };

    [Theory]
    [MemberData(nameof(Metas))]
    public void A_session_meta_reads_the_same_streamed_as_through_documents(string what, string meta)
    {
        using var folder = new TempFolder();
        var call = """{"timestamp":"2025-10-14T09:12:04.000Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{}","call_id":"c1"}}""";
        var second = """{"timestamp":"2025-10-14T09:13:00.000Z","type":"session_meta","payload":{"id":"s2","forked_from_id":"f2"}}""";
        var path = folder.Write(what.Replace(' ', '-').Replace(',', '-') + ".jsonl", string.Join("\n", meta, call, second, ""));
        AssertSameAsDocuments(path);
    }

    /// <summary>
    /// A session_meta's id or start of the wrong kind is refused as the document path refuses it (when the trace is built,
    /// naming the field), whichever path read its line.
    /// </summary>
    [Theory]
    [InlineData("""{"id":"s1","timestamp":"soon"}""", "field 'timestamp' is not a timestamp: 'soon'")]
    [InlineData("""{"id":7}""", "field 'id' must be a string, not a number")]
    [InlineData("""{"id":"s1","timestamp":true}""", "field 'timestamp' must be a string, not a boolean")]
    [InlineData("""{"id":"s1","forked_from_id":["p"]}""", "field 'forked_from_id' must be a string, not an array")]
    public void A_session_meta_field_of_the_wrong_kind_is_the_same_bad_record(string payload, string message)
    {
        using var folder = new TempFolder();
        var path = folder.Write("bad-meta.jsonl", """{"timestamp":"2025-10-14T09:12:03.000Z","type":"session_meta","payload":""" + payload + "}\n");
        var streamed = Assert.Throws<BadRecordException>(() => ReaderRun.File(Reader, path));
        var documents = ThroughDocuments(SplitOne(path), path);
        var expected = Assert.Throws<BadRecordException>(() => documents.Build());
        Assert.Equal((expected.Message, expected.Line), (streamed.Message, streamed.Line));
        Assert.Contains(message, streamed.Message);
    }

    /// <summary>A field of the wrong type is the same bad record, at the same line, whichever path met it.</summary>
    [Theory]
    [InlineData("""{"timestamp":"2025-10-14T09:12:04.000Z","type":"response_item","payload":{"type":"function_call","name":7,"arguments":"{}","call_id":"c1"}}""", "field 'name' must be a string, not a number")]
    [InlineData("""{"timestamp":"2025-10-14T09:12:04.000Z","type":"response_item","payload":{"type":"function_call","arguments":"{}","call_id":"c1"}}""", "missing field 'name'")]
    [InlineData("""{"timestamp":"yesterday","type":"turn_context","payload":{"model":"gpt-5"}}""", "field 'timestamp' is not a timestamp")]
    [InlineData("""{"timestamp":"2025-10-14T09:13:00.000Z","type":"response_item","payload":{"type":"reasoning","summary":"auto","content":[{"text":"t"}]}}""", "field 'summary' must be an array, not a string")]
    [InlineData("""{"timestamp":"2025-10-14T09:13:00.000Z","type":"response_item","payload":{"type":"message","role":"user","content":"hi"}}""", "field 'content' must be an array, not a string")]
    [InlineData("""{"timestamp":"2025-10-14T09:13:00.000Z","type":"response_item","payload":{"role":"user","content":7}}""", "field 'content' must be an array, not a number")]
    [InlineData("""{"timestamp":"2025-10-14T09:12:04.000Z","type":"event_msg","payload":{"type":"token_count","info":{"total_token_usage":{"input_tokens":"ten"}}}}""", "field 'input_tokens' must be a whole number")]
    public void A_field_of_the_wrong_type_is_a_bad_record_naming_its_line(string line, string message)
    {
        using var folder = new TempFolder();
        var path = folder.Write("bad.jsonl", Meta + "\n" + line + "\n");
        var error = Assert.Throws<BadRecordException>(() => ReaderRun.File(Reader, path));
        Assert.Equal(2, error.Line);
        Assert.Contains(message, error.Message);
    }

    private static void AssertSameAsDocuments(string path)
    {
        var record = SplitOne(path);
        var streamed = Assert.Single(Reader.Parse(record, ReadOptions.Default));
        var streamedReport = record.Report!;

        var documents = ThroughDocuments(record, path);
        foreach (var warning in record.Report!.Warnings) documents.Warn(warning);
        var expected = documents.Build();

        Assert.Equal(Write(expected), Write(streamed));
        Assert.Equal((expected.Id, expected.StartedAt, expected.Kind, expected.ParentId, expected.Metadata?.GetRawText()),
            (streamed.Id, streamed.StartedAt, streamed.Kind, streamed.ParentId, streamed.Metadata?.GetRawText()));
        Assert.Equal(record.Report!.Types, streamedReport.Types);
        Assert.Equal(record.Report!.NotUnderstood, streamedReport.NotUnderstood);
        Assert.Equal(record.Report!.Versions, streamedReport.Versions);
        Assert.Equal(record.Report!.Records, streamedReport.Records);
        // The lazily read fields too (the writer may leave out what equals another field).
        Assert.Equal(expected.Actions.Select(a => (a.Input, a.Arguments?.GetRawText())), streamed.Actions.Select(a => (a.Input, a.Arguments?.GetRawText())));
        Assert.Equal(expected.Messages.SelectMany(m => m.ToolCalls).Select(c => c.Arguments?.GetRawText()),
            streamed.Messages.SelectMany(m => m.ToolCalls).Select(c => c.Arguments?.GetRawText()));

        // As the pipeline reads it: the text checked first, so that strings are decoded without a second check.
        var checkedRecord = SplitOne(path);
        RecordText.Check(checkedRecord.Bytes.Span);
        checkedRecord.TextChecked = true;
        var streamedChecked = Assert.Single(Reader.Parse(checkedRecord, ReadOptions.Default));
        Assert.Equal(Write(expected), Write(streamedChecked));
        Assert.Equal(expected.Metadata?.GetRawText(), streamedChecked.Metadata?.GetRawText());
    }

    private static RawRecord SplitOne(string path)
    {
        var input = new InputFile(path, Reader, ReadOptions.Default);
        using var stream = FormatDetector.Open(path);
        return Assert.Single(Reader.Split(stream, input).ToList());
    }

    /// <summary>Every line of the record read through <see cref="CodexSession.Add"/> from a document, as the reader did before the streaming pass.</summary>
    private static CodexSession ThroughDocuments(RawRecord record, string path)
    {
        var documents = new CodexSession(FileStem.Of(path));
        foreach (var line in WholeFileLines.Values(record, objectsOnly: false))
            using (line.Document)
                documents.Add(line.Root, line.Line);
        return documents;
    }

    private static string Write(Trace trace)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, TraceJsonWriter.Options)) TraceJsonWriter.Write(w, trace);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
