using System.Text;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The Pi reader's streaming pass (<see cref="PiFastLine"/>) against the document path it stands in for: every line
/// parsed into a <see cref="JsonDocument"/> and read by <see cref="PiTraceBuilder"/> from it, as the reader did before
/// the streaming pass (<c>PiReader.Parse(record, options, streamed: false)</c>). The two must give the same traces
/// (every field, as the trace format writes it, and the lazily read tool-call arguments), the same read report and the
/// same errors, on the samples, on every corpus file, on both branch settings, and on lines built for each case the pass
/// reads itself or hands back to the document path.
/// </summary>
public sealed class PiFastLineTests
{
    private static readonly PiReader Reader = new();

    public static TheoryData<string> Samples() => new(Directory.EnumerateFiles(RepoPaths.Samples("pi")).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_sample_reads_the_same_streamed_as_through_documents(string path)
    {
        AssertSame(path, ReadOptions.Default);
        AssertSame(path, Branches("all"));
    }

    [CorpusFact("pi")]
    public void Every_corpus_file_reads_the_same_streamed_as_through_documents()
    {
        var files = RepoPaths.CorpusFiles("pi", ".jsonl");
        Assert.NotEmpty(files);
        foreach (var path in files)
        {
            AssertSame(path, ReadOptions.Default);
            AssertSame(path, Branches("all"));
        }
    }

    /// <summary>
    /// The pass must carry the corpus, or the comparison above would compare the document path with itself: every line
    /// after the header that holds one <c>message</c> entry of a role the builder maps, as plain JSON parsing sees it, is
    /// read by the pass.
    /// </summary>
    [CorpusFact("pi")]
    public void The_streaming_pass_reads_every_message_line_of_the_corpus()
    {
        string[] roles = ["user", "assistant", "toolResult", "bashExecution", "custom", "hookMessage", "branchSummary", "compactionSummary"];
        var files = RepoPaths.CorpusFiles("pi", ".jsonl");
        Assert.NotEmpty(files);
        var streamed = 0;
        foreach (var path in files)
        {
            foreach (var line in File.ReadAllLines(path).Skip(1))
            {
                JsonElement root;
                try
                {
                    root = JsonDocument.Parse(line).RootElement;
                }
                catch (JsonException)
                {
                    Assert.Null(PiFastLine.TryScan(Encoding.UTF8.GetBytes(line))); // two records on one line: the document path splits it
                    continue;
                }
                if (root.GetProperty("type").GetString() != "message" || !roles.Contains(root.GetProperty("message").GetProperty("role").GetString())) continue;
                Assert.NotNull(PiFastLine.TryScan(Encoding.UTF8.GetBytes(line)));
                streamed++;
            }
        }
        Assert.True(streamed > 1000, $"{streamed} lines streamed");
    }

    private const string Header = """{"type":"session","version":3,"id":"s1","timestamp":"2026-02-10T08:00:00.000Z","cwd":"/w"}""";

    private static string Entry(string id, string parent, string message) =>
        $$"""{"type":"message","id":"{{id}}","parentId":"{{parent}}","timestamp":"2026-02-10T08:00:02.000Z","message":{{message}}}""";

    private const string User = """{"type":"message","id":"u1","parentId":null,"timestamp":"2026-02-10T08:00:01.000Z","message":{"role":"user","content":"go","timestamp":1}}""";

    private const string Call = """{"type":"message","id":"a1","parentId":"u1","timestamp":"2026-02-10T08:00:01.500Z","message":{"role":"assistant","content":[{"type":"toolCall","id":"c1","name":"bash","arguments":{"command":"ls"}}],"provider":"p","model":"m","stopReason":"toolUse"}}""";

    /// <summary>A text of 30 escaped lines (about 500 bytes), for the texts the pass keeps as bytes.</summary>
    private static readonly string Long = string.Concat(Enumerable.Repeat("a line of output, \\\"quoted\\\" \\u00e9t\\u00e9\\n", 30));

    /// <summary>
    /// An entry after a user message and a tool call, and whether the streaming pass reads it itself (true) or hands it
    /// to the document path (false, the comment says why). Either way both paths must read the file alike.
    /// </summary>
    public static TheoryData<string, bool, string> Lines() => new()
    {
        { "tool result", true, Entry("r1", "a1", """{"role":"toolResult","toolCallId":"c1","toolName":"bash","content":[{"type":"text","text":"a\nb\nCommand exited with code 2"}],"isError":true}""") },
        { "tool result aborted", true, Entry("r1", "a1", """{"role":"toolResult","toolCallId":"c1","content":[{"type":"text","text":"partial\n\nCommand aborted"}],"isError":true}""") },
        { "tool result of no open call", true, Entry("r1", "a1", """{"role":"toolResult","toolCallId":"zz","content":"x","isError":false}""") },
        { "tool result with isError null", true, Entry("r1", "a1", """{"role":"toolResult","toolCallId":"c1","content":[{"type":"image","data":"x"},{"text":"no type"},"odd",{"type":"text","text":"\u00e9t\u00e9 \ud83d\ude00"}],"isError":null}""") },
        { "tool result text null", true, Entry("r1", "a1", """{"role":"toolResult","toolCallId":"c1","content":[{"type":"text","text":null}]}""") },
        { "tool result content a number", true, Entry("r1", "a1", """{"role":"toolResult","toolCallId":"c1","content":5}""") },
        // Texts of 256 bytes or more stay the line's bytes until read.
        { "long tool result with an exit code", true, Entry("r1", "a1", $$"""{"role":"toolResult","toolCallId":"c1","content":[{"type":"text","text":"{{Long}}Command exited with code 3\n"}],"isError":false}""") },
        { "long tool result, an error with a marker", true, Entry("r1", "a1", $$"""{"role":"toolResult","toolCallId":"c1","content":[{"type":"text","text":"{{Long}}Command aborted"}],"isError":true}""") },
        { "long tool result, a marker in a success", true, Entry("r1", "a1", $$"""{"role":"toolResult","toolCallId":"c1","content":[{"type":"text","text":"Tool execution was blocked\n{{Long}}"}],"isError":false}""") },
        { "long tool result with an escaped prefix", true, Entry("r1", "a1", $$"""{"role":"toolResult","toolCallId":"c1","content":[{"type":"text","text":"{{Long}}\u0043ommand exited with code 4"}]}""") },
        { "long tool result with escaped surrogates", true, Entry("r1", "a1", $$"""{"role":"toolResult","toolCallId":"c1","content":[{"type":"text","text":"{{Long}}\ud83d\ude00 done"}]}""") },
        { "long tool result of two blocks", true, Entry("r1", "a1", $$"""{"role":"toolResult","toolCallId":"c1","content":[{"type":"text","text":"{{Long}}"},{"type":"text","text":"{{Long}}"}]}""") },
        { "long assistant text and thinking", true, Entry("a2", "a1", $$"""{"role":"assistant","content":[{"type":"thinking","thinking":"{{Long}}"},{"type":"text","text":"{{Long}}"}],"model":"m"}""") },
        { "assistant with every block", true, Entry("a2", "a1", """{"role":"assistant","content":[{"type":"thinking","thinking":"hmm","thinkingSignature":"sig"},{"type":"thinking","thinking":"secret","redacted":true},{"type":"thinking","thinking":"more","redacted":false},{"type":"text","text":"one"},{"type":"text","text":"two"},{"type":"toolCall","id":"c2","name":"read","arguments":"{\"path\":\"a\"}"},{"type":"toolCall","id":"c3","arguments":null},{"type":"toolCall","name":"x"},"odd",{"type":"other"}],"api":"x","provider":"anthropic","model":"claude","usage":{"input":3,"output":4,"cacheRead":5,"cacheWrite":null,"totalTokens":12,"cost":{"input":2.7e-05,"total":0.019947}},"stopReason":"stop","timestamp":5}""") },
        { "assistant without provider or usage", true, Entry("a2", "a1", """{"role":"assistant","content":[],"model":"m2","usage":"none"}""") },
        { "assistant with content null", true, Entry("a2", "a1", """{"role":"assistant","content":null,"usage":{"cost":"free"}}""") },
        { "assistant reusing a call id", true, Entry("a2", "a1", """{"role":"assistant","content":[{"type":"toolCall","id":"c1","name":"bash","arguments":[1,2]}]}""") },
        { "user with blocks", true, Entry("u2", "a1", """{"role":"user","content":[{"type":"text","text":"look"},{"type":"image","data":"AAAA","mimeType":"image/png"}]}""") },
        { "user with no text", true, Entry("u2", "a1", """{"role":"user","content":[{"type":"image","data":"AAAA"}]}""") },
        { "user command", true, Entry("b1", "a1", """{"role":"bashExecution","command":"git status","output":"clean","exitCode":0}""") },
        { "user command without output", true, Entry("b1", "a1", """{"role":"bashExecution","command":null,"output":""}""") },
        { "hook message", true, Entry("h1", "a1", """{"role":"hookMessage","customType":"x","content":"injected","display":true}""") },
        { "custom message role", true, Entry("h1", "a1", """{"role":"custom","content":[{"type":"text","text":"x"}]}""") },
        { "branch summary role", true, Entry("s2", "a1", """{"role":"branchSummary","summary":"tried another way","fromId":"x"}""") },
        { "compaction summary role", true, Entry("s2", "a1", """{"role":"compactionSummary","summary":"earlier","tokensBefore":10}""") },
        { "compaction entry", true, """{"type":"compaction","id":"k1","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","summary":"earlier work","firstKeptEntryId":"u1","tokensBefore":10}""" },
        { "branch summary entry", true, """{"type":"branch_summary","id":"k1","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","fromId":"u1","summary":null}""" },
        { "custom message entry", true, """{"type":"custom_message","id":"k1","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","customType":"x","content":[{"type":"text","text":"a"},{"type":"text","text":"b"}],"display":true}""" },
        { "model change", true, """{"type":"model_change","id":"k1","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","provider":"openai","modelId":"gpt-5"}""" },
        { "model change without provider", true, """{"type":"model_change","id":"k1","parentId":"a1","timestamp":null,"modelId":"gpt-5"}""" },
        { "entry without id in a version 3 file", true, """{"type":"message","timestamp":"2026-02-10T08:00:03.000Z","message":{"role":"user","content":"x"}}""" },
        { "keys in another order", true, """{"message":{"content":"x","role":"user"},"parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","id":"k1","type":"message"}""" },
        { "parent not in the file", true, Entry("r1", "nowhere", """{"role":"user","content":"x"}""") },
        // Timestamps of another shape than yyyy-MM-ddTHH:mm:ss.fffZ are parsed from their text, as the document path does.
        { "timestamp with an offset", true, """{"type":"message","id":"k1","parentId":"a1","timestamp":"2026-02-10T10:00:03.25+02:00","message":{"role":"user","content":"x"}}""" },
        { "timestamp without a zone", true, """{"type":"message","id":"k1","parentId":"a1","timestamp":"2026-02-10 08:00:03","message":{"role":"user","content":"x"}}""" },
        { "timestamp with an escape", true, """{"type":"message","id":"k1","parentId":"a1","timestamp":"2026-02-10T08:00:03\u002e5Z","message":{"role":"user","content":"x"}}""" },
        { "timestamp with eight fraction digits", true, """{"type":"message","id":"k1","parentId":"a1","timestamp":"2026-02-10T08:00:03.12345678Z","message":{"role":"user","content":"x"}}""" },
        { "assistant with more blocks than the first slots", true, Entry("a2", "a1", $$$"""{"role":"assistant","content":[{"type":"text","text":"1"},{"type":"thinking","thinking":"2"},{"type":"toolCall","id":"c5","name":"read","arguments":{"path":"a"}},{"type":"text","text":"{{{Long}}}"},{"type":"toolCall","id":"c6","name":"bash","arguments":{"command":"ls"}},{"type":"text","text":"6"},{"type":"thinking","thinking":"{{{Long}}}"},{"type":"toolCall","id":"c7","name":"edit","arguments":{}}],"usage":{"input":1,"output":2,"cost":{"total":0.5}},"model":"m"}""") },
        // Handed to the document path:
        { "label (kept in the metadata events)", false, """{"type":"label","id":"k1","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","targetId":"u1","label":"here"}""" },
        { "session info (kept in the metadata events)", false, """{"type":"session_info","id":"k1","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","name":"the title"}""" },
        { "thinking level change (kept in the metadata events)", false, """{"type":"thinking_level_change","id":"k1","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","thinkingLevel":"high"}""" },
        { "custom entry (kept in the metadata events)", false, """{"type":"custom","id":"k1","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","customType":"ext","data":{"a":[1,2.50,{"b":"\u00e9\n\"q\" \ud83d\ude00 é"}],"n":null,"t":true,"d":{"e":{"f":[[]]}}}}""" },
        { "thinking level change with escapes and numbers", false, """{"type":"thinking_level_change","id":"k1","parentId":"a1","timestamp":"2026-02-10T10:00:03.25+02:00","thinkingLevel":"h\u0069gh\/low","x":1.0e3,"y":-0.0,"z":12345678901234567890123}""" },
        { "thinking level change without id or timestamp", false, """{"type":"thinking_level_change","parentId":"a1","thinkingLevel":"low"}""" },
        { "thinking level change with a repeated key", false, """{"type":"thinking_level_change","id":"k1","parentId":"a1","thinkingLevel":"low","thinkingLevel":"high"}""" },
        { "unknown role (kept in the metadata events)", false, Entry("x1", "a1", """{"role":"system","content":"x"}""") },
        { "no role", false, Entry("x1", "a1", """{"content":"x"}""") },
        { "repeated key", false, Entry("x1", "a1", """{"role":"user","content":"x","content":"y"}""") },
        { "escaped key", false, Entry("x1", "a1", """{"r\u006fle":"user","content":"x"}""") },
        { "a version key", false, """{"type":"message","version":3,"id":"k1","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","message":{"role":"user","content":"x"}}""" },
        { "usage figure as a decimal", false, Entry("a2", "a1", """{"role":"assistant","content":[],"usage":{"input":10.0,"output":2}}""") },
        { "cost total with an exponent", false, Entry("a2", "a1", """{"role":"assistant","content":[],"usage":{"input":1,"cost":{"total":1.5e-05}}}""") },
        { "two values on the line", false, Entry("x1", "a1", """{"role":"user","content":"x"}""") + " " + Entry("x2", "x1", """{"role":"user","content":"y"}""") },
        { "message not an object on a compaction", false, """{"type":"compaction","id":"k1","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","summary":"s","message":"odd"}""" },
        { "isError a string, result of no open call", false, Entry("r1", "a1", """{"role":"toolResult","toolCallId":"zz","content":"x","isError":"yes"}""") },
    };

    [Theory]
    [MemberData(nameof(Lines))]
    public void An_entry_reads_the_same_streamed_as_through_documents(string what, bool streamed, string line)
    {
        Assert.Equal(streamed, PiFastLine.TryScan(Encoding.UTF8.GetBytes(line)) is not null);
        using var folder = new TempFolder();
        var path = folder.Write(what.Replace(' ', '-') + ".jsonl", string.Join("\n", Header, User, Call, line, ""));
        AssertSame(path, ReadOptions.Default);
        AssertSame(path, Branches("all"));
    }

    /// <summary>
    /// A success's exit code is looked for in its last 256 characters only, so the pass searches the last 6 × 256 bytes of
    /// the text for the prefix (and for a \u escape, which may spell it): a prefix before them is no exit code, one in them
    /// is, spelled plainly after a long text, escaped, after \u escapes that lie before them, or right at the edge of the
    /// last 256 characters (ideographic spaces, three bytes each, are the \s* the pattern allows after the code).
    /// </summary>
    [Theory]
    [InlineData("plain,Command exited with code 7", 7)]
    [InlineData("Command exited with code 5\\n,plain", null)]
    [InlineData("plain,\\u0043ommand exited with code 6", 6)]
    [InlineData("escapes,plain,Command exited with code 8", 8)]
    [InlineData("escapes,plain,\\u0043ommand exited with code 6", 6)]
    [InlineData("plain,Command exited with code 9,spaces 230", 9)]
    [InlineData("plain,Command exited with code 9,spaces 231", null)]
    [InlineData("Command exited with code 2,spaces 230", 2)]
    public void A_success_exit_code_is_read_from_the_end_of_its_text(string parts, int? expected)
    {
        var text = string.Concat(parts.Split(',').Select(part => part switch
        {
            "plain" => new string('x', 2000),
            "escapes" => Long,
            _ when part.StartsWith("spaces ", StringComparison.Ordinal) => new string('\u3000', int.Parse(part[7..])),
            _ => part,
        }));
        var line = Entry("r1", "a1", $$"""{"role":"toolResult","toolCallId":"c1","content":[{"type":"text","text":"{{text}}"}],"isError":false}""");
        Assert.NotNull(PiFastLine.TryScan(Encoding.UTF8.GetBytes(line)));
        using var folder = new TempFolder();
        var path = folder.Write("exit.jsonl", string.Join("\n", Header, User, Call, line, ""));
        foreach (var textChecked in (bool[])[false, true])
        {
            var read = Read(path, ReadOptions.Default, streamed: true, textChecked);
            Assert.Null(read.Error);
            Assert.Equal(expected, Assert.Single(Assert.Single(read.Traces).Actions).ExitCode); // by hand: the pattern on the last 256 characters
        }
        AssertSame(path, ReadOptions.Default);
    }

    /// <summary>A field of the wrong type is the same bad record, at the same line, whichever path met it; off the path, neither reads it.</summary>
    [Theory]
    [InlineData("""{"role":"toolResult","toolCallId":7,"content":"x"}""", "field 'toolCallId' must be a string, not a number")]
    [InlineData("""{"role":"toolResult","toolCallId":"c1","content":"x","isError":"yes"}""", "field 'isError' must be true or false, not a string")]
    [InlineData("""{"role":"assistant","content":"text"}""", "field 'content' must be an array, not a string")]
    [InlineData("""{"role":"assistant","content":[{"type":7}]}""", "field 'type' must be a string, not a number")]
    [InlineData("""{"role":"assistant","content":[{"type":"toolCall","id":"c9","name":false}]}""", "field 'name' must be a string, not a boolean")]
    [InlineData("""{"role":"assistant","content":[{"type":"thinking","redacted":"no"}]}""", "field 'redacted' must be true or false, not a string")]
    [InlineData("""{"role":"assistant","content":[],"usage":{"input":"ten"}}""", "field 'input' must be a whole number")]
    [InlineData("""{"role":"assistant","content":[],"model":["m"]}""", "field 'model' must be a string, not an array")]
    [InlineData("""{"role":"user","content":[{"type":"text","text":{"a":1}}]}""", "field 'text' must be a string, not an object")]
    [InlineData("""{"role":7,"content":"x"}""", "field 'role' must be a string, not a number")]
    public void A_field_of_the_wrong_type_is_the_same_bad_record_on_both_paths(string message, string error)
    {
        using var folder = new TempFolder();
        var onPath = folder.Write("on-path.jsonl", string.Join("\n", Header, User, Call, Entry("x1", "a1", message), ""));
        Assert.Null(PiFastLine.TryScan(Encoding.UTF8.GetBytes(Entry("x1", "a1", message))));
        var (streamed, documents) = (Read(onPath, ReadOptions.Default, true), Read(onPath, ReadOptions.Default, false));
        var e = Assert.IsType<BadRecordException>(documents.Error);
        Assert.Equal(4, e.Line);
        Assert.Contains(error, e.Message);
        Assert.Equal(Describe(documents), Describe(streamed));
        Assert.Equal(Describe(documents), Describe(Read(onPath, ReadOptions.Default, true, textChecked: true)));
        // On a branch that is not the active path (the last entry's parent is the user message), the field is never read.
        var offPath = folder.Write("off-path.jsonl", string.Join("\n", Header, User, Call, Entry("x1", "a1", message), Entry("z1", "u1", """{"role":"user","content":"later"}"""), ""));
        Assert.Null(Read(offPath, ReadOptions.Default, false).Error);
        AssertSame(offPath, ReadOptions.Default);
    }

    /// <summary>Entry-level errors: the tree reads these of every entry; the builder reads a timestamp of the path's.</summary>
    [Theory]
    [InlineData("""{"type":"message","id":7,"parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","message":{"role":"user","content":"x"}}""", "field 'id' must be a string")]
    [InlineData("""{"type":"message","id":"k","parentId":7,"timestamp":"2026-02-10T08:00:03.000Z","message":{"role":"user","content":"x"}}""", "field 'parentId' must be a string")]
    [InlineData("""{"id":"k","parentId":"a1","message":{"role":"user","content":"x"}}""", "an entry has no 'type'")]
    [InlineData("""{"type":"message","id":"k","parentId":"a1","timestamp":"yesterday","message":{"role":"user","content":"x"}}""", "field 'timestamp' is not a timestamp")]
    [InlineData("""{"type":"thinking_level_change","id":"k","parentId":"a1","timestamp":"yesterday","thinkingLevel":"low"}""", "field 'timestamp' is not a timestamp")]
    [InlineData("""{"type":"label","id":7,"parentId":"a1","label":"x"}""", "field 'id' must be a string")]
    [InlineData("""{"type":"message","id":"k","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z"}""", "missing field 'message'")]
    [InlineData("""{"type":"message","id":"k","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","message":[1]}""", "field 'message' must be an object")]
    [InlineData("""{"type":"message","id":"k","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","message":{"role":"user","content":"x"},""", "invalid JSON")]
    public void An_entry_error_is_the_same_on_both_paths(string line, string error)
    {
        using var folder = new TempFolder();
        // The next entry's parent is the bad one, so that the bad entry is on the active path.
        var path = folder.Write("bad.jsonl", string.Join("\n", Header, User, Call, line, Entry("z1", "k", """{"role":"user","content":"later"}"""), ""));
        var (streamed, documents) = (Read(path, ReadOptions.Default, true), Read(path, ReadOptions.Default, false));
        var e = Assert.IsType<BadRecordException>(documents.Error);
        Assert.Equal(4, e.Line);
        Assert.Contains(error, e.Message);
        Assert.Equal(Describe(documents), Describe(streamed));
        Assert.Equal(Describe(documents), Describe(Read(path, ReadOptions.Default, true, textChecked: true)));
    }

    /// <summary>
    /// One scanner reads a file's lines in turn, its field slots cleared between them: a line read after one with more
    /// blocks, a usage, a message or a summary must not keep any of them (each line is compared with the document path).
    /// </summary>
    /// <summary>
    /// Entries kept whole in the metadata events are the streaming pass's in checked text only, as the line's bytes: the
    /// metadata is then written when first read, the same as the document path writes it at once (the theory above
    /// compares the traces, metadata included, with the text checked).
    /// </summary>
    [Theory]
    [InlineData("""{"type":"thinking_level_change","id":"k1","parentId":"a1","timestamp":"2026-02-10T08:00:03.000Z","thinkingLevel":"high"}""", true)]
    [InlineData("""{"type":"label","id":"k1","parentId":"a1","targetId":"u1","label":"here"}""", true)]
    [InlineData("""{"type":"custom","id":"k1","parentId":"a1","customType":"x","data":{"a":[1]}}""", true)]
    [InlineData("""{"type":"session_info","id":"k1","parentId":"a1","name":"the title"}""", false)]
    [InlineData("""{"type":"thinking_level_change","id":"k1","parentId":"a1","timestamp":"soon"}""", false)]
    [InlineData("""{"type":"thinking_level_change","id":"k1","version":2}""", false)]
    public void An_event_entry_is_streamed_as_its_bytes_in_checked_text(string line, bool streamed)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        Assert.Null(PiFastLine.TryScan(bytes));
        var read = new PiFastLine.Scanner(textChecked: true).TryScan(bytes);
        Assert.Equal(streamed, read is not null);
        if (read is null) return;
        Assert.Equal(PiFastLine.EntryKind.Event, read.Kind);
        Assert.Equal(line, Encoding.UTF8.GetString(read.Raw.Span));
        Assert.Equal(("k1", "a1"), (read.Id, read.ParentId));

        using var folder = new TempFolder();
        var path = folder.Write("event.jsonl", string.Join("\n", Header, User, Call, line, ""));
        var trace = Assert.Single(Read(path, ReadOptions.Default, streamed: true, textChecked: true).Traces);
        var reference = Assert.Single(Read(path, ReadOptions.Default, streamed: false).Traces);
        var events = trace.Metadata!.Value.GetProperty("events");
        Assert.Equal(JsonDocument.Parse(line).RootElement.GetRawText(), events[0].GetRawText()); // by hand: the line as written, without spaces
        Assert.Equal(reference.Metadata!.Value.GetRawText(), trace.Metadata!.Value.GetRawText());
    }

    [Fact]
    public void Lines_after_a_line_with_more_fields_read_as_the_document_path_reads_them()
    {
        using var folder = new TempFolder();
        var path = folder.Write("sequence.jsonl", string.Join("\n", Header, User, Call,
            Entry("r1", "a1", """{"role":"toolResult","toolCallId":"c1","content":[{"type":"text","text":"a"},{"type":"text","text":"b"},{"type":"image"},{"type":"text","text":"c"},{"type":"text","text":"d"}],"isError":true}"""),
            Entry("a2", "r1", """{"role":"assistant","content":[{"type":"text","text":"t"},{"type":"toolCall","id":"c2","name":"bash","arguments":{"command":"pwd"}},{"type":"thinking","thinking":"h"},{"type":"toolCall","id":"c3","name":"read","arguments":"x"},{"type":"text","text":"u"}],"provider":"p","model":"m","usage":{"input":1,"output":2,"cacheRead":3,"cacheWrite":4,"cost":{"total":0.25}},"stopReason":"toolUse"}"""),
            """{"type":"model_change","id":"m1","parentId":"a2","timestamp":"2026-02-10T08:00:04.000Z","provider":"openai","modelId":"gpt-5"}""",
            Entry("a3", "m1", """{"role":"assistant","content":[],"model":"m3"}"""),
            Entry("r2", "a3", """{"role":"toolResult","toolCallId":"c2","content":"plain"}"""),
            """{"type":"compaction","id":"k1","parentId":"r2","timestamp":"2026-02-10T08:00:05.000Z","summary":"so far"}""",
            """{"type":"custom_message","id":"k2","parentId":"k1","timestamp":"2026-02-10T08:00:06.000Z","content":"note"}""",
            Entry("u3", "k2", """{"role":"user","content":"again"}"""),
            Entry("r3", "u3", """{"role":"toolResult","toolCallId":"c3","content":[]}"""), ""));
        AssertSame(path, ReadOptions.Default);
        AssertSame(path, Branches("all"));
    }

    /// <summary>A bad line skipped under --skip-bad-records: counted and warned the same way on both paths.</summary>
    [Fact]
    public void A_skipped_bad_line_is_reported_the_same_on_both_paths()
    {
        using var folder = new TempFolder();
        var path = folder.Write("skip.jsonl", string.Join("\n", Header, User, Call, "{\"type\":\"message\",", "[1,2]",
            Entry("r1", "a1", """{"role":"toolResult","toolCallId":"c1","content":"ok"}"""), ""));
        var options = new ReadOptions { SkipBadLines = true };
        AssertSame(path, options);
        Assert.Equal(2, Read(path, options, true).Report!.LinesSkipped);
    }

    /// <summary>A version 1 file (no ids: entries link in file order) and a header-less first line.</summary>
    [Fact]
    public void A_version_1_file_reads_the_same_on_both_paths()
    {
        using var folder = new TempFolder();
        var path = folder.Write("v1.jsonl", string.Join("\n",
            """{"type":"session","id":"old","timestamp":"2025-01-01T00:00:05.000Z","cwd":"/w","provider":"anthropic","modelId":"claude-x"}""",
            """{"type":"message","id":7,"timestamp":"2025-01-01T00:00:01.000Z","message":{"role":"user","content":[{"type":"text","text":"go"}]}}""",
            """{"type":"compaction","timestamp":"2025-01-01T00:00:02.000Z","summary":"earlier work","firstKeptEntryIndex":1,"tokensBefore":10}""",
            """{"type":"message","timestamp":"2025-01-01T00:00:03.000Z","message":{"role":"hookMessage","customType":"x","content":"injected"}}""", ""));
        AssertSame(path, ReadOptions.Default);
        AssertSame(path, Branches("all"));
        var notPi = folder.Write("not-pi.jsonl", User + "\n" + Call + "\n");
        Assert.Equal(Describe(Read(notPi, ReadOptions.Default, false)), Describe(Read(notPi, ReadOptions.Default, true)));
        Assert.NotNull(Read(notPi, ReadOptions.Default, true).Error);
    }

    private static ReadOptions Branches(string value) =>
        new() { Settings = new Dictionary<string, string>(StringComparer.Ordinal) { ["branches"] = value } };

    private sealed record Outcome(List<Trace> Traces, ReadReport? Report, Exception? Error);

    /// <param name="textChecked">As the pipeline reads a record: its text checked first (<see cref="RecordText.Check"/>), so
    /// that the pass keeps long texts as bytes without checking them again; a file the check refuses is read unchecked.</param>
    private static Outcome Read(string path, ReadOptions options, bool streamed, bool textChecked = false)
    {
        var input = new InputFile(path, Reader, options);
        List<RawRecord> records;
        using (var stream = FormatDetector.Open(path)) records = Reader.Split(stream, input).ToList();
        var record = Assert.Single(records);
        record.TextChecked = textChecked && RecordText.IsText(record.Bytes.Span);
        try
        {
            return new Outcome(Reader.Parse(record, options, streamed).ToList(), record.Report, null);
        }
        catch (Exception e) when (e is BadRecordException or TraceCurateException)
        {
            return new Outcome([], record.Report, e);
        }
    }

    private static void AssertSame(string path, ReadOptions options)
    {
        var streamed = Read(path, options, streamed: true);
        var documents = Read(path, options, streamed: false);
        Assert.Null(documents.Error);
        Assert.Equal(Describe(documents), Describe(streamed));
        Assert.Equal(Describe(documents), Describe(Read(path, options, streamed: true, textChecked: true)));
    }

    /// <summary>Everything both paths must agree on: each trace as written, the lazily read fields, the read report, the error.</summary>
    private static string Describe(Outcome o)
    {
        var sb = new StringBuilder();
        foreach (var trace in o.Traces)
        {
            sb.AppendLine(Write(trace));
            foreach (var a in trace.Actions) sb.AppendLine($"action {a.Index}: {a.Input} | {a.Arguments?.GetRawText()} | {a.Output}");
            foreach (var c in trace.Messages.SelectMany(m => m.ToolCalls)) sb.AppendLine($"call {c.Id}: {c.Arguments?.GetRawText()}");
            sb.AppendLine("warnings: " + string.Join(" / ", trace.Warnings));
        }
        if (o.Report is { } r)
        {
            sb.AppendLine($"records {r.Records}, skipped {r.LinesSkipped}, split {r.LinesSplit}");
            sb.AppendLine("types " + string.Join(", ", r.Types.Select(kv => $"{kv.Key}={kv.Value}")));
            sb.AppendLine("not understood " + string.Join(", ", r.NotUnderstood.Select(kv => $"{kv.Key}={kv.Value}")));
            sb.AppendLine("versions " + string.Join(", ", r.Versions.Select(kv => $"{kv.Key}={kv.Value}")));
            sb.AppendLine("report warnings " + string.Join(" / ", r.Warnings));
        }
        if (o.Error is { } e)
            sb.AppendLine($"error {e.GetType().Name}: {e.Message} at {(e as BadRecordException)?.Line}:{(e as BadRecordException)?.Column}");
        return sb.ToString();
    }

    private static string Write(Trace trace)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, TraceJsonWriter.Options)) TraceJsonWriter.Write(w, trace);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
