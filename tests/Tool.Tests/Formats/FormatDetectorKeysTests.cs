using System.Text;
using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// Detection by the head lines' keys (<see cref="HeadKeys"/>, <see cref="ITraceReader.SniffByKeys"/>,
/// <see cref="FormatDetector.ClaimByKeys"/>) against the documents it replaces: the keys must be those of
/// <see cref="FormatHead.JsonLines"/> (read by <see cref="JsonDocument"/>), every reader's answer by keys must be
/// null or its <see cref="ITraceReader.Sniff"/>, and the claim must be the first reader in registry order whose
/// <see cref="ITraceReader.Sniff"/> claims the head, on every sample and corpus file (whole, its small and full heads,
/// and cut at many places) and on adversarial heads built here.
/// </summary>
public sealed class FormatDetectorKeysTests
{
    [Fact]
    public void Every_sample_head_reads_the_same_by_keys_as_by_documents()
    {
        var files = Directory.EnumerateFiles(RepoPaths.Samples(), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count > 50, $"only {files.Count} sample files");
        var claimed = files.Sum(AssertHeadsOf);
        Assert.True(claimed >= 10, $"the keys claimed only {claimed} sample heads");
    }

    [CorpusFact]
    public void Every_corpus_head_reads_the_same_by_keys_as_by_documents()
    {
        var files = Directory.EnumerateFiles(RepoPaths.Corpus!, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        foreach (var path in files) AssertHeadsOf(path);
        // The keys must decide the session files they are for, not only agree by always saying null.
        foreach (var format in new[] { "claude-code", "codex" })
        {
            var sessions = files.Where(f => f.Contains($"{Path.DirectorySeparatorChar}{format}{Path.DirectorySeparatorChar}") && f.EndsWith(".jsonl")).ToList();
            Assert.NotEmpty(sessions);
            foreach (var path in sessions)
            {
                using var small = FormatDetector.ReadSmallHead(path)!;
                Assert.Equal(format, FormatDetector.ClaimByKeys(small)?.Format);
            }
        }
    }

    [Fact]
    public void A_codex_line_with_claude_code_keys_is_codex_as_codex_comes_first()
    {
        var head = Head(Cc(0), """{"timestamp":"t","type":"response_item","payload":{},"sessionId":"s","uuid":"u"}""", Cc(2));
        Assert.Equal("codex", FormatDetector.ClaimByKeys(head)?.Format);
        AssertSame(head);
    }

    [Fact]
    public void A_codex_line_after_claude_code_lines_makes_the_head_codex()
    {
        var head = Head(Cc(0), Cc(1), Cc(2), Cc(3), """{"timestamp":"t","type":"event_msg","payload":{"type":"x"}}""");
        Assert.Equal("codex", FormatDetector.ClaimByKeys(head)?.Format);
        AssertSame(head);
    }

    [Fact]
    public void A_claude_code_head_is_claude_code_by_its_keys()
    {
        var head = Head(Cc(0), Cc(1), """{"type":"summary","summary":"s","leafUuid":"l"}""");
        Assert.Equal("claude-code", FormatDetector.ClaimByKeys(head)?.Format);
        AssertSame(head);
    }

    [Fact]
    public void Claude_code_lines_read_through_their_message()
    {
        // A user line without content, a message with Gemini parts, a message that is a string: lines Claude Code never writes.
        foreach (var foreign in new[]
                 {
                     """{"type":"user","sessionId":"s","uuid":"u","message":{"role":"user"}}""",
                     """{"type":"assistant","sessionId":"s","uuid":"u","message":{"role":"model","parts":[],"content":[]}}""",
                     """{"type":"x","sessionId":"s","uuid":"u","message":"text"}""",
                     """{"type":"gemini","sessionId":"s","uuid":"u"}""",
                 })
        {
            var head = Head(Cc(0), foreign);
            Assert.Null(FormatDetector.ClaimByKeys(head)); // no reader claims it: the walk gives the reason
            Assert.False(new ClaudeCodeReader().SniffByKeys(head));
            AssertSame(head);
        }
    }

    [Fact]
    public void The_last_of_equal_keys_counts_as_in_a_document()
    {
        var codexFirst = Head("""{"timestamp":"t","type":"user","type":"session_meta","payload":{}}""", Cc(1));
        var codexLast = Head("""{"timestamp":"t","type":"session_meta","type":"user","payload":{}}""", Cc(1));
        Assert.Equal("codex", FormatDetector.ClaimByKeys(codexFirst)?.Format);
        Assert.Equal("claude-code", FormatDetector.ClaimByKeys(codexLast)?.Format);
        AssertSame(codexFirst);
        AssertSame(codexLast);
    }

    [Fact]
    public void Escaped_names_and_values_compare_unescaped()
    {
        var head = Head("""{"t\u0079pe":"summ\u0061ry","leafUuid":"l"}""", """{"type":"queue-operation","op":"\"x\""}""");
        Assert.Equal("claude-code", FormatDetector.ClaimByKeys(head)?.Format);
        AssertSame(head);
        var codex = Head("""{"\u0074imestamp":"t","type":"response\u005fitem","p\u0061yload":{"a":"\n"}}""", Cc(1));
        Assert.Equal("codex", FormatDetector.ClaimByKeys(codex)?.Format);
        AssertSame(codex);
    }

    [Fact]
    public void A_bom_blank_lines_and_crlf_are_read_as_by_documents()
    {
        var text = "\uFEFF\r\n  \n" + Cc(0) + "\r\n\r\n" + Cc(1) + "\r\n";
        var head = new FormatHead("s.jsonl", Encoding.UTF8.GetBytes(text), complete: true);
        Assert.Equal("claude-code", FormatDetector.ClaimByKeys(head)?.Format);
        AssertSame(head);
    }

    [Fact]
    public void Lines_that_are_no_json_object_are_left_out_as_by_documents()
    {
        var deep = new string('[', 255) + new string(']', 255);
        var tooDeep = new string('[', 256) + new string(']', 256);
        foreach (var odd in new[]
                 {
                     "[1,2]", "42", "\"text\"", "not json", """{"a":1} x""", """{"a":1}{"b":2}""", "{\"a\":\"\u0001\"}", """{"a":"\x"}""",
                     $$"""{"a":{{deep}}}""", $$"""{"a":{{tooDeep}}}""", """{"a":[1,}""", """{"a":tru}""", """{"a":01}""", """{"a":1,}""",
                 })
        {
            // The odd line first, between and last: which lines count decides Pi's first line, Codex's header, a document.
            AssertSame(Head(odd, Cc(0), Cc(1)));
            AssertSame(Head(Cc(0), odd, Cc(1)));
            AssertSame(Head(Cc(0), odd));
            AssertSame(Head(PiHeader, odd, """{"type":"message","id":"m","message":{"role":"user","content":"hi"}}"""));
        }
    }

    [Fact]
    public void Invalid_utf8_in_a_name_or_value_is_unequal_as_in_a_document()
    {
        var bytes = Encoding.UTF8.GetBytes(Cc(0) + "\n" + """{"type":"summary","leafUuid":"l"}""" + "\n" + Cc(1) + "\n");
        bytes[Encoding.UTF8.GetString(bytes).IndexOf("sessionId", StringComparison.Ordinal) + 2] = 0xFF; // the first line's sessionId
        bytes[Encoding.UTF8.GetString(bytes).IndexOf("summary", StringComparison.Ordinal) + 1] = 0xC3; // the summary's type
        var head = new FormatHead("s.jsonl", bytes, complete: true);
        Assert.Equal("claude-code", FormatDetector.ClaimByKeys(head)?.Format); // the third line claims it
        AssertSame(head);
    }

    [Fact]
    public void Only_the_first_twenty_lines_count_as_by_documents()
    {
        var lines = Enumerable.Range(0, 20).Select(Cc).Append("""{"timestamp":"t","type":"turn_context","payload":{}}""").ToArray();
        var head = Head(lines);
        Assert.Equal("claude-code", FormatDetector.ClaimByKeys(head)?.Format); // the Codex line is the 21st
        AssertSame(head);
    }

    [Fact]
    public void Heads_of_other_formats_with_a_type_key_are_left_to_their_sniff_or_agree()
    {
        foreach (var lines in new[]
                 {
                     new[] { PiHeader, """{"type":"message","id":"m","message":{"role":"user","content":"hi"}}""" },
                     new[] { """{"sessionId":"s","projectHash":"p","startTime":"t"}""", """{"id":"m","type":"user","content":"hi"}""" },
                     new[] { """{"id":"x","sessionID":"s","messageID":"m","type":"text"}""" },
                     new[] { """{"id":"r","timestamp":"t","instructions":"i"}""", """{"record_type":"state"}""", """{"type":"message","role":"user","content":[]}""" },
                     new[] { """{"schema_version":"ATIF-v1.2","steps":[]}""", """{"schema_version":"ATIF-v1.2","steps":[]}""" },
                     new[] { """{"messages":[{"role":"user","content":"hi"}],"type":"chat"}""", """{"messages":[{"role":"user","content":"hi"}]}""" },
                     new[] { """{"trace_id":"t","spans":[],"llm_steps":[],"type":"x"}""", Cc(1) },
                     new[] { """{"history":[],"instance_id":"i","test_result":{},"type":"x"}""", Cc(1) },
                 })
        {
            AssertSame(Head(lines));
        }
        Assert.Equal("agenttrace", FormatDetector.ClaimByKeys(Head("""{"trace_id":"t","spans":[],"llm_steps":[],"type":"x"}""", Cc(1)))?.Format);
        // Without 'type' the first line could be an older Codex header: Codex's sniff decides.
        Assert.Null(FormatDetector.ClaimByKeys(Head("""{"trace_id":"t","spans":[],"llm_steps":[]}""", Cc(1))));
        Assert.Null(FormatDetector.ClaimByKeys(Head(PiHeader, """{"type":"message","id":"m","message":{"role":"user"}}"""))); // Pi's sniff decides
    }

    [Fact]
    public void A_cut_first_line_and_cut_heads_read_as_by_documents()
    {
        var text = string.Join("\n", Cc(0), """{"timestamp":"t","type":"session_meta","payload":{"instructions":"a b c"}}""", Cc(1), PiHeader) + "\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        for (var cut = 1; cut < bytes.Length; cut++)
        {
            AssertSame(new FormatHead("s.jsonl", bytes.AsMemory(0, cut), complete: false));
            AssertSame(new FormatHead("s.jsonl", bytes.AsMemory(0, cut), complete: true));
        }
    }

    private const string PiHeader = """{"type":"session","version":3,"id":"p","timestamp":"t","cwd":"/w"}""";

    private static string Cc(int i) =>
        $$$"""{"parentUuid":null,"type":"user","sessionId":"s","uuid":"u{{{i}}}","timestamp":"t","message":{"role":"user","content":"hi {{{i}}}"}}""";

    private static FormatHead Head(params string[] lines) =>
        new("s.jsonl", Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"), complete: true);

    /// <summary>Checks the file's small and full heads and heads cut from it; the number of heads the keys claimed.</summary>
    private static int AssertHeadsOf(string path)
    {
        var claimed = 0;
        using (var small = FormatDetector.ReadSmallHead(path))
            if (small is not null) claimed += AssertSame(small);
        using var full = FormatDetector.ReadHead(path);
        claimed += AssertSame(full);
        // Cut at 23 places within the first 64 KB: lines cut short, a first line longer than the head.
        var length = Math.Min(full.Bytes.Length, 64 * 1024);
        for (var k = 1; k <= 23; k++)
            claimed += AssertSame(new FormatHead(full.FileName, full.Bytes[..(length * k / 23)], complete: false));
        return claimed;
    }

    /// <summary>Keys as the documents', each reader's answer by keys null or its sniff's, the claim the walk's; 1 when the keys claimed.</summary>
    private static int AssertSame(FormatHead head)
    {
        var where = $"{head.FileName} ({head.Bytes.Length} bytes, complete {head.IsComplete})";
        AssertKeysAreTheDocuments(head, where);
        ITraceReader? walk = null;
        foreach (var reader in FormatRegistry.Readers)
        {
            var byKeys = reader.SniffByKeys(head);
            bool sniff;
            try
            {
                sniff = reader.Sniff(head);
            }
            catch (Exception e)
            {
                Assert.True(byKeys is null, $"{where}: {reader.Format} says {byKeys} by keys where its sniff throws {e.GetType().Name}");
                continue;
            }
            Assert.True(byKeys is null || byKeys == sniff, $"{where}: {reader.Format} says {byKeys} by keys, {sniff} by its sniff");
            walk ??= sniff ? reader : null;
        }
        var claim = FormatDetector.ClaimByKeys(head);
        Assert.True(claim is null || ReferenceEquals(claim, walk), $"{where}: claimed by keys as {claim?.Format}, by the walk as {walk?.Format}");
        return claim is null ? 0 : 1;
    }

    private static void AssertKeysAreTheDocuments(FormatHead head, string where)
    {
        var lines = head.JsonLines;
        Assert.True(lines.Count == head.Keys.Count, $"{where}: {head.Keys.Count} lines by keys, {lines.Count} by documents");
        for (var i = 0; i < lines.Count; i++) AssertSameKeys(lines[i], head.Keys[i], $"{where}, line {i}", depth: 0);
    }

    private static void AssertSameKeys(JsonElement line, LineKeys keys, string where, int depth)
    {
        Assert.False(keys.Has("no such key"), where);
        foreach (var property in line.EnumerateObject())
        {
            if (Text(property.Value, property) is not { } name) continue; // a name that is not valid UTF-8 is no sniff's key
            var value = line.GetProperty(name); // the last of equal names, as a sniff's look-up
            Assert.True(keys.Kind(name) == TokenOf(value.ValueKind), $"{where}: '{name}' {keys.Kind(name)} against {value.ValueKind}");
            if (value.ValueKind == JsonValueKind.String && Text(value, null) is { } text)
                Assert.True(keys.IsOneOf(name, "no such value", text), $"{where}: '{name}' is not '{text}' by keys");
            if (value.ValueKind == JsonValueKind.String)
                Assert.False(keys.IsOneOf(name, "no such value"), where);
            if (value.ValueKind == JsonValueKind.Object && depth == 0)
                AssertSameKeys(value, keys.Object(name) ?? throw new Xunit.Sdk.XunitException($"{where}: no object '{name}' by keys"), $"{where}.{name}", 1);
            else
                Assert.Null(keys.Object(name));
        }
    }

    /// <summary>The property's name (or, without a property, the string value) decoded, or null when it is not valid UTF-8.</summary>
    private static string? Text(JsonElement value, JsonProperty? property)
    {
        try
        {
            return property is { } p ? p.Name : value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null; // not valid UTF-8: no text to compare with
        }
    }

    private static JsonTokenType TokenOf(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => JsonTokenType.StartObject,
        JsonValueKind.Array => JsonTokenType.StartArray,
        JsonValueKind.String => JsonTokenType.String,
        JsonValueKind.Number => JsonTokenType.Number,
        JsonValueKind.True => JsonTokenType.True,
        JsonValueKind.False => JsonTokenType.False,
        JsonValueKind.Null => JsonTokenType.Null,
        _ => JsonTokenType.None,
    };
}
