using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TraceCurate.Exports;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// OpenAI's <c>arguments</c> and the tool schemas are taken from a call's record bytes when those are what the writer
/// makes of the parsed object (<see cref="VerbatimArguments"/>). The reference is the path it replaces: the object parsed
/// by <see cref="JsonDocument"/>, written back by <see cref="Utf8JsonWriter"/> with the outputs' options, and its
/// properties walked with <see cref="JsonElement.EnumerateObject"/>; over hand-picked spellings, random objects spelled
/// the ways trace files spell them, and every call of the Claude Code, Codex and Pi corpus files, whose OpenAI records
/// must be the same whether the arguments were parsed first or not.
/// </summary>
public sealed class VerbatimArgumentsTests
{
    [Theory]
    [InlineData("{}", true)]
    [InlineData("{\"command\":\"ls -la\",\"timeout\":120,\"flags\":[\"a\",{\"b\":null}],\"o\":{\"x\":true},\"f\":false}", true)]
    [InlineData("{\"n\":1.0,\"e\":1e3,\"z\":-0,\"big\":12345678901234567890,\"neg\":-5}", true)] // numbers copied as spelled
    [InlineData("{\"text\":\"caf\u00e9 \u2192 \\\"quoted\\\" \\\\ line\\n tab\\t\"}", true)]
    [InlineData("{\"a\":1,\"a\":\"again\"}", true)] // a repeated key is kept twice, as the document keeps it
    [InlineData("{\"a\": 1}", false)] // white space: the writer writes none
    [InlineData("{\"a\" :1}", false)]
    [InlineData("{ \"a\":1}", false)]
    [InlineData("{\"a\":1 }", false)]
    [InlineData("{\"a\":1 ,\"b\":2}", false)]
    [InlineData("{\"a\":1, \"b\":2}", false)]
    [InlineData("{\"a\":[1, 2]}", false)]
    [InlineData("{\"a\":1}\n", false)]
    [InlineData("{\"a\":\"\\u00e9\"}", false)] // another spelling than the writer's
    [InlineData("{\"a\":\"x\\/y\"}", false)]
    [InlineData("{\"\\u0041\":1}", false)]
    [InlineData("[1,2]", false)] // not an object: the parsed path wraps it as {"input": …}
    [InlineData("\"text\"", false)]
    [InlineData("{\"a\":}", false)] // not JSON: the parsed path fails as it did
    public void Examples(string json, bool verbatim)
    {
        var read = VerbatimArguments.TryRead(Encoding.UTF8.GetBytes(json));
        Assert.Equal(verbatim, read is not null);
        if (read is null) return;
        Assert.Equal(Reference(json), Encoding.UTF8.GetString(read.Bytes.Span));
        Assert.Equal(ReferenceKinds(json), read.Properties);
    }

    [Fact]
    public void Kinds_are_the_schema_kinds_of_the_parsed_values()
    {
        var read = VerbatimArguments.TryRead("{\"s\":\"x\",\"i\":3,\"n\":3.5,\"e\":2e2,\"t\":true,\"f\":false,\"z\":null,\"a\":[],\"o\":{\"i\":1}}"u8.ToArray())!;
        Assert.Equal(
            [("s", "string"), ("i", "integer"), ("n", "number"), ("e", "number"), ("t", "boolean"), ("f", "boolean"), ("z", "null"), ("a", "array"), ("o", "object")],
            read.Properties);
    }

    [Fact]
    public void Random_objects_read_verbatim_are_what_the_writer_writes_for_them()
    {
        var random = new Random(2727);
        var (verbatim, not) = (0, 0);
        for (var i = 0; i < 4000; i++)
        {
            var value = RandomObject(random, 0);
            var json = (i % 4) switch
            {
                0 => JsonSerializer.Serialize(value), // the strict encoder: \u escapes for non-ASCII and quotes
                1 => JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }),
                2 => JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true }),
                _ => Reference(JsonSerializer.Serialize(value)), // the writer's own spelling
            };
            var read = VerbatimArguments.TryRead(Encoding.UTF8.GetBytes(json));
            if (read is null) { not++; continue; }
            verbatim++;
            Assert.Equal(Reference(json), Encoding.UTF8.GetString(read.Bytes.Span));
            Assert.Equal(ReferenceKinds(json), read.Properties);
        }
        Assert.True(verbatim > 1000, $"{verbatim} verbatim");
        Assert.True(not > 1000, $"{not} not verbatim");
    }

    // Codex's function calls hold their arguments as a JSON string, not an object: only its object-valued ones (a few
    // custom tools) take the path, and the comparison still covers every call.
    [CorpusTheory]
    [InlineData("claude-code", 100)]
    [InlineData("codex", 1)]
    [InlineData("pi", 100)]
    public void Corpus_records_are_the_same_whether_arguments_were_parsed_first_or_not(string folder, int atLeast)
    {
        ITraceReader reader = folder switch { "claude-code" => new ClaudeCodeReader(), "codex" => new CodexReader(), _ => new PiReader() };
        var (files, copied) = (0, 0);
        foreach (var path in RepoPaths.CorpusFiles(folder, ".jsonl"))
        {
            files++;
            var fresh = ReaderRun.File(reader, path);
            var parsed = ReaderRun.File(reader, path);
            foreach (var a in parsed.SelectMany(t => t.Actions)) _ = a.Arguments; // every call parsed: the old path
            copied += fresh.SelectMany(t => t.Actions).Count(a => a.PendingRawArguments is { } raw && VerbatimArguments.TryRead(raw.Raw) is not null);
            Assert.Equal(parsed.Count, fresh.Count);
            for (var i = 0; i < fresh.Count; i++)
                Assert.Equal(Export.Lines("openai", null, parsed[i]), Export.Lines("openai", null, fresh[i]));
        }
        Assert.True(files > 0);
        Assert.True(copied >= atLeast, $"{copied} calls' arguments copied in {folder}"); // the path under test was taken
    }

    // The one-pass reading (VerbatimArgumentsPass) against the reference path it replaces for OpenAI's arguments:
    // VerbatimArguments.TryRead, then the compact bytes escaped by WriterVerbatim.TryWriteString (or the writer).
    [Theory]
    [InlineData("{}", true)]
    [InlineData("{\"command\":\"ls -la\",\"timeout\":120,\"flags\":[\"a\",{\"b\":null}],\"o\":{\"x\":true},\"f\":false}", true)]
    [InlineData("{\"n\":1.0,\"e\":1e3,\"E\":-2.5E-7,\"p\":1e+2,\"z\":-0,\"big\":12345678901234567890,\"neg\":-5,\"max\":9223372036854775807,\"over\":9223372036854775808}", true)]
    [InlineData("{\"text\":\"caf\u00e9 \u2192 \\\"quoted\\\" \\\\ line\\n tab\\t ret\\r\"}", true)]
    [InlineData("{\"a\":1,\"a\":\"again\"}", true)]
    [InlineData("{\"a\":[],\"b\":{},\"c\":[[],[{}]],\"d\":\"\"}", true)]
    [InlineData("{\"o\":{\"k\\\"q\":1}}", true)] // an escaped key below the top level: not a schema key
    [InlineData("{\"k\\\"q\":1}", false)] // an escaped top-level key: the reference path unescapes it
    [InlineData("{\"a\": 1}", false)]
    [InlineData("{\"a\":1 }", false)]
    [InlineData("{\"a\":[1, 2]}", false)]
    [InlineData("{\"a\":1}\n", false)]
    [InlineData("{\"a\":1}{}", false)]
    [InlineData("{\"a\":1,}", false)]
    [InlineData("{\"a\":[1,]}", false)]
    [InlineData("{,\"a\":1}", false)]
    [InlineData("{\"a\"1}", false)]
    [InlineData("{\"a\":01}", false)]
    [InlineData("{\"a\":1.}", false)]
    [InlineData("{\"a\":.5}", false)]
    [InlineData("{\"a\":-}", false)]
    [InlineData("{\"a\":1e}", false)]
    [InlineData("{\"a\":1e+}", false)]
    [InlineData("{\"a\":+1}", false)]
    [InlineData("{\"a\":tru}", false)]
    [InlineData("{\"a\":truex}", false)]
    [InlineData("{\"a\":nul}", false)]
    [InlineData("{\"a\":\"x}", false)]
    [InlineData("{\"a\":\"x\\\"}", false)]
    [InlineData("{\"a\":\"x\\\\\"}", true)]
    [InlineData("{\"a\":\"\\u00e9\"}", false)]
    [InlineData("{\"a\":\"x\\/y\"}", false)]
    [InlineData("{\"a\":\"\u0001\"}", false)]
    [InlineData("{\"a\":\"\u007f\"}", false)]
    [InlineData("{\"a\":\"\U0001F600\"}", true)] // the encoder escapes it: the parsed path's answer, taken in the pass
    [InlineData("{\"a\":\"x\u2028y\u0085\",\"\U0001F600\":[\"\U0001F680\\n\"]}", true)]
    [InlineData("{\"a\"", false)]
    [InlineData("{", false)]
    [InlineData("[1,2]", false)]
    [InlineData("", false)]
    public void One_pass_examples(string json, bool read) => Assert.Equal(read, PassAgrees(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void One_pass_refuses_bytes_that_are_not_UTF8_and_deep_nesting()
    {
        Assert.False(PassAgrees([.. "{\"a\":\""u8, 0xC3, .. "\"}"u8]));
        Assert.False(PassAgrees([.. "{\"a\":\""u8, 0xFF, .. "\"}"u8]));
        Assert.False(PassAgrees([.. "{\"a\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8])); // a surrogate's bytes
        string Nested(int depth) => "{" + string.Concat(Enumerable.Repeat("\"a\":{", depth - 1)) + new string('}', depth);
        Assert.True(PassAgrees(Encoding.UTF8.GetBytes(Nested(32))));
        Assert.False(PassAgrees(Encoding.UTF8.GetBytes(Nested(33)))); // left to the reference path
        Assert.NotNull(VerbatimArguments.TryRead(Encoding.UTF8.GetBytes(Nested(33))));
    }

    [Fact]
    public void One_pass_takes_a_long_text_of_characters_the_encoder_escapes()
    {
        // Each such character is escaped through a small stack buffer: taken once per string, not once per character.
        var text = string.Concat(Enumerable.Repeat("\U0001F600\u2028x", 200_000));
        Assert.True(PassAgrees(Encoding.UTF8.GetBytes("{\"content\":\"" + text + "\",\"n\":1}")));
    }

    [Fact]
    public void One_pass_is_the_reference_path_on_random_objects()
    {
        var random = new Random(2728);
        var (read, reference, emoji) = (0, 0, 0);
        for (var i = 0; i < 5000; i++)
        {
            var value = RandomObject(random, 0);
            var relaxed = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            var json = (i % 5) switch
            {
                0 => JsonSerializer.Serialize(value),
                1 => JsonSerializer.Serialize(value, relaxed),
                2 => JsonSerializer.Serialize(value, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = true }),
                3 => Reference(JsonSerializer.Serialize(value)),
                // Emoji as the record holds them (the writer escapes them), which only the parsed path read before.
                _ => Reference(JsonSerializer.Serialize(value)).Replace("\\uD83D\\uDE00", "\U0001F600", StringComparison.OrdinalIgnoreCase),
            };
            if (json.Contains("\U0001F600", StringComparison.Ordinal) && VerbatimArgumentsPass.TryRead(Encoding.UTF8.GetBytes(json), out _) is not null) emoji++;
            var bytes = Encoding.UTF8.GetBytes(json);
            var agrees = PassAgrees(bytes);
            if (VerbatimArguments.TryRead(bytes) is not null) { reference++; if (agrees) read++; }
            // Every prefix and one byte changed: broken JSON the pass must refuse or read as the reference does.
            var cut = bytes[..random.Next(bytes.Length + 1)];
            PassAgrees(cut);
            if (bytes.Length > 0)
            {
                var changed = (byte[])bytes.Clone();
                changed[random.Next(bytes.Length)] = (byte)"{}[]:,\"\\ 0-.eE+tfnx\u00c3"[random.Next(20)];
                PassAgrees(changed);
            }
        }
        Assert.True(reference > 1000, $"{reference} read by the reference path");
        Assert.True(read > reference * 9 / 10, $"{read} of {reference} read in one pass"); // only escaped top-level keys are left out
        Assert.True(emoji > 30, $"{emoji} with an emoji read in one pass");
    }

    // Arguments parsed before they are rendered (Claude Code's Task calls, read for their sub-agents' prompts) are
    // written by the same pass from their document's own bytes: a call's element inside a line's document, as readers
    // leave it, against the parsed path that wrote them before.
    [Fact]
    public void Arguments_parsed_first_are_written_from_their_documents_bytes_as_the_parsed_path_writes_them()
    {
        var random = new Random(2729);
        var (taken, total) = (0, 0);
        for (var i = 0; i < 3000; i++)
        {
            var value = RandomObject(random, 0);
            var json = (i % 3) switch
            {
                0 => JsonSerializer.Serialize(value), // \u escapes: another spelling, which the pass refuses
                1 => Reference(JsonSerializer.Serialize(value)),
                _ => Reference(JsonSerializer.Serialize(value)).Replace("\\uD83D\\uDE00", "\U0001F600", StringComparison.OrdinalIgnoreCase),
            };
            using var line = JsonDocument.Parse($"{{\"type\":\"tool_use\",\"input\":{json},\"id\":\"toolu_1\"}}");
            var arguments = line.RootElement.GetProperty("input");
            var call = new ChatCall(new TraceCurate.Traces.Action { Name = "Task", Arguments = arguments }, "toolu_1", "Task", 0);
            var expected = Quoted(w => ChatConversation.WriteCompactString(w, "arguments", arguments));
            Assert.Equal(expected, Quoted(w => call.WriteArgumentsString(w, "arguments")));
            total++;
            if (VerbatimArgumentsPass.TryQuote(System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(arguments), out _)) taken++;
        }
        Assert.True(taken > total / 2, $"{taken} of {total} written from their bytes"); // the path under test was taken
        Assert.True(taken < total, "some spellings are left to the parsed path");
    }

    [CorpusTheory]
    [InlineData("claude-code", 100)]
    [InlineData("pi", 100)]
    public void One_pass_is_the_reference_path_on_corpus_calls(string folder, int atLeast)
    {
        ITraceReader reader = folder == "claude-code" ? new ClaudeCodeReader() : new PiReader();
        var read = 0;
        foreach (var path in RepoPaths.CorpusFiles(folder, ".jsonl"))
            foreach (var action in ReaderRun.File(reader, path).SelectMany(t => t.Actions))
                if (action.PendingRawArguments is { } raw && PassAgrees(raw.Raw.ToArray())) read++;
        Assert.True(read >= atLeast, $"{read} calls read in one pass in {folder}");
    }

    /// <summary>
    /// Whether the one pass read <paramref name="bytes"/>; when it did, asserts that the parsed path (the reference
    /// every other path is compared with: the object parsed, written compact by the outputs' writer and escaped as a
    /// string, its properties enumerated) gives the same keys and kinds and the same <c>arguments</c> string, and that
    /// <see cref="VerbatimArguments.TryRead"/>, where it reads them, does too.
    /// </summary>
    private static bool PassAgrees(byte[] bytes)
    {
        var pass = VerbatimArgumentsPass.TryRead(bytes, out var quoted);
        if (pass is null) return false;
        Assert.Equal(bytes, pass.Bytes.ToArray());
        var written = quoted.ToArray();
        var actual = Quoted(w =>
        {
            w.WritePropertyName("arguments");
            w.WriteRawValue(written, skipInputValidation: true);
        });
        using var doc = JsonDocument.Parse(bytes);
        Assert.Equal(ToolSchemas.KindsOf(doc.RootElement), pass.Properties);
        Assert.Equal(Quoted(w => ChatConversation.WriteCompactString(w, "arguments", doc.RootElement)), actual);
        if (VerbatimArguments.TryRead(bytes) is { } verbatim)
        {
            Assert.Equal(verbatim.Properties, pass.Properties);
            Assert.Equal(Quoted(w =>
            {
                if (!WriterVerbatim.TryWriteString(w, "arguments", verbatim.Bytes.Span)) w.WriteString("arguments", verbatim.Bytes.Span);
            }), actual);
        }
        return true;
    }

    private static string Quoted(System.Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, TraceJsonWriter.Options))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The old path: parsed, then written by the outputs' writer.</summary>
    private static string Reference(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer, TraceJsonWriter.Options)) doc.RootElement.WriteTo(w);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static List<(string Key, string? Kind)> ReferenceKinds(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.EnumerateObject().Select(p => (p.Name, (string?)(p.Value.ValueKind switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.Number => p.Value.TryGetInt64(out _) ? "integer" : "number",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Array => "array",
            JsonValueKind.Object => "object",
            _ => "null",
        }))).ToList();
    }

    private static readonly string[] Pieces = ["a", "ls -la", "\"q\"", "back\\slash", "line\nbreak", "tab\t", "caf\u00e9", "\u2192", "\u4e2d", "</x>", "&", "'", "\u0001", "\U0001F600", "/"];

    private static Dictionary<string, object?> RandomObject(Random random, int depth)
    {
        var o = new Dictionary<string, object?>();
        for (var k = random.Next(0, 5); k > 0; k--)
            o[RandomText(random, 2) + k] = random.Next(8) switch
            {
                0 => random.Next(-1000, 1000),
                1 => random.NextDouble() * 100,
                2 => random.Next(2) == 0,
                3 => null,
                4 when depth < 3 => RandomObject(random, depth + 1),
                5 when depth < 3 => new object?[] { RandomText(random, 3), random.Next(10), RandomObject(random, depth + 1) },
                _ => RandomText(random, 6),
            };
        return o;
    }

    private static string RandomText(Random random, int pieces)
    {
        var text = new StringBuilder();
        for (var i = random.Next(0, pieces); i > 0; i--) text.Append(random.Next(3) == 0 ? Pieces[random.Next(Pieces.Length)] : "abc");
        return text.ToString();
    }
}
