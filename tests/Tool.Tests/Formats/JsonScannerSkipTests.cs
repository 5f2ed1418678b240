using System.Text;
using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// <see cref="JsonScanner.SkipPropertyValue"/> against System.Text.Json's <see cref="Utf8JsonReader"/>: at every
/// property of an input, the reader's <c>Read</c> then <c>Skip</c> and the scanner's skip both refuse, or both stop
/// at the same token (type, start, bytes consumed, value bytes), and the skip returns where the reader's value token
/// starts. Inputs: hand-written edge cases, strings with escapes at every offset around the 32-byte steps, nesting at
/// the depth limit, and random mutations of the Pi and Codex corpus lines and of generated ones.
/// </summary>
public sealed class JsonScannerSkipTests
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = ReadLimits.MaxDepth };

    [Theory]
    [MemberData(nameof(JsonScannerTests.Edges), MemberType = typeof(JsonScannerTests))]
    [InlineData("{\"a\":{\"b\":[1,2,{\"c\":\"d\"}],\"e\":{}},\"f\":[]}")]
    [InlineData("{\"a\":[[],[{}],{\"x\":[true,false,null]}] ,\"b\":1}")]
    [InlineData("{\"a\":{\"b\":1,}}")]
    [InlineData("{\"a\":{,}}")]
    [InlineData("{\"a\":[1 2]}")]
    [InlineData("{\"a\":{\"b\" \"c\"}}")]
    [InlineData("{\"a\":{\"b\":}}")]
    [InlineData("{\"a\":[}")]
    [InlineData("{\"a\":{]}")]
    [InlineData("{\"a\":[1,2]]}")]
    [InlineData("{\"a\":nullx}")]
    [InlineData("{\"a\":[truex]}")]
    [InlineData("{\"a\":[1/]}")]
    [InlineData("{\"a\":{\"b\\u0022\":\"\\\\\"}}")]
    [InlineData("{\"a\":\"\\\\\\\"\\\\\"}")]
    public void Edge_cases_skip_as_System_Text_Json_does(string json) => AssertSameSkips(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData(ReadLimits.MaxDepth - 2)]
    [InlineData(ReadLimits.MaxDepth - 1)]
    [InlineData(ReadLimits.MaxDepth)]
    public void Nesting_at_and_past_the_depth_limit_skips_as_System_Text_Json_does(int depth)
    {
        AssertSameSkips(Encoding.UTF8.GetBytes("{\"a\":" + new string('[', depth) + new string(']', depth) + "}"));
        AssertSameSkips(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)));
    }

    [Fact]
    public void Escapes_and_special_bytes_at_every_offset_around_the_32_byte_steps_skip_as_System_Text_Json_does()
    {
        // The skip compares 32 bytes once and then clears each escape's bytes from the mask: an escape that ends a
        // step, straddles two or ends the data, escapes side by side, and the bytes that end or break a string.
        var specials = new byte[][]
        {
            "\""u8.ToArray(), "\\n"u8.ToArray(), "\\\""u8.ToArray(), "\\\\"u8.ToArray(), "\\\\\\\""u8.ToArray(), "\\u00e9"u8.ToArray(),
            "\\u12"u8.ToArray(), "\\ud83d\\ude00"u8.ToArray(), "\\x"u8.ToArray(), "\\"u8.ToArray(), [0x01], [0x1F], [0x7F], [0xC3, 0xA9],
        };
        var cases = 0;
        for (var prefix = 0; prefix < 3; prefix++)
        for (var length = 0; length <= 100; length += length < 70 ? 1 : 9)
        for (var at = 0; at <= length; at++)
            foreach (var special in specials)
            {
                var text = new List<byte>("{\""u8.ToArray().Concat(Enumerable.Repeat((byte)'k', prefix)).Concat("\":[\""u8.ToArray()));
                text.AddRange(Enumerable.Repeat((byte)'a', at));
                text.AddRange(special);
                text.AddRange(Enumerable.Repeat((byte)'b', length - at));
                text.AddRange("\",1],\"z\":\""u8.ToArray());
                text.AddRange(Enumerable.Repeat((byte)'c', at));
                text.AddRange(special);
                text.AddRange("\"}"u8.ToArray());
                AssertSameSkips([.. text]);
                AssertSameSkips([.. text.Take(text.Count - 2)]); // cut before the closing quote
                cases++;
            }
        Assert.True(cases > 10_000, $"{cases} cases");
    }

    [CorpusFact("pi")]
    public void Pi_and_Codex_corpus_lines_and_random_mutations_of_them_skip_as_System_Text_Json_does()
    {
        var lines = new[] { "pi", "codex" }
            .SelectMany(folder => RepoPaths.CorpusFiles(folder, ".jsonl"))
            .SelectMany(File.ReadAllLines)
            .Where(l => l.Length > 0)
            .Select(Encoding.UTF8.GetBytes)
            .ToList();
        Assert.True(lines.Count > 1000, $"{lines.Count} corpus lines");
        foreach (var line in lines) AssertSameSkips(line);
        // Mutations where they matter: inside the values a reader skips (tool-result details, signatures, arguments).
        var random = new Random(27);
        var interesting = "\"\\{}[],:0123456789eE+-.tfnul /bu"u8.ToArray().Concat(new byte[] { 0, 1, 0x1F, 0x7F, 0xC3, 0xFF, 0x0A, 0x09 }).ToArray();
        var mutated = 0;
        foreach (var line in lines.Where((_, i) => i % 3 == 0))
            for (var m = 0; m < 12; m++)
            {
                var bytes = line.ToList();
                for (var k = random.Next(1, 4); k > 0 && bytes.Count > 0; k--)
                {
                    var at = random.Next(bytes.Count);
                    switch (random.Next(4))
                    {
                        case 0: bytes[at] = interesting[random.Next(interesting.Length)]; break;
                        case 1: bytes.RemoveAt(at); break;
                        case 2: bytes.Insert(at, interesting[random.Next(interesting.Length)]); break;
                        default: bytes.RemoveRange(at, Math.Min(bytes.Count - at, random.Next(1, 40))); break;
                    }
                }
                AssertSameSkips([.. bytes]);
                mutated++;
            }
        Assert.True(mutated > 3000, $"{mutated} mutated lines");
    }

    [Fact]
    public void Generated_documents_and_random_mutations_of_them_skip_as_System_Text_Json_does()
    {
        var random = new Random(2712);
        var checkedInputs = 0;
        for (var n = 0; n < 300; n++)
        {
            var json = Encoding.UTF8.GetBytes("{\"k\":" + RandomValue(random, 0) + ",\"x\":" + RandomValue(random, 0) + "}");
            AssertSameSkips(json);
            for (var m = 0; m < 10; m++)
            {
                var bytes = json.ToList();
                var at = random.Next(bytes.Count);
                if (random.Next(2) == 0) bytes.RemoveAt(at);
                else bytes.Insert(at, "\"\\{}[],:0e-.tn \u0001"u8[random.Next(16)]);
                AssertSameSkips([.. bytes]);
                checkedInputs++;
            }
        }
        Assert.True(checkedInputs == 3000);
    }

    private static string RandomValue(Random random, int depth)
    {
        switch (depth > 4 ? random.Next(4) : random.Next(7))
        {
            case 0: return random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" };
            case 1: return random.Next(4) switch { 0 => "-0.5e+3", 1 => "12", 2 => "0", _ => "1.25" };
            case 2 or 3:
                var text = new StringBuilder("\"");
                for (var i = random.Next(80); i > 0; i--)
                    text.Append(random.Next(10) switch { 0 => "\\n", 1 => "\\\"", 2 => "\\\\", 3 => "\\u00e9", 4 => "\\t", 5 => "é", _ => "x" });
                return text.Append('"').ToString();
            case 4 or 5:
                return "{" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(i => $"\"p{i}\" : " + RandomValue(random, depth + 1))) + "}";
            default:
                return "[ " + string.Join(" ,", Enumerable.Range(0, random.Next(4)).Select(_ => RandomValue(random, depth + 1))) + "]";
        }
    }

    /// <summary>
    /// Walks the input with both readers token by token; at every property name, a copy of each skips its value and
    /// the copies are compared. The walk stops where the reader throws (the scanner must refuse there too).
    /// </summary>
    private static void AssertSameSkips(byte[] json)
    {
        var theirs = new Utf8JsonReader(json, Options);
        var ours = new JsonScanner(json);
        var where = Encoding.UTF8.GetString(json.AsSpan(0, Math.Min(json.Length, 160)));
        for (var call = 0; call < 100_000; call++)
        {
            bool? theirRead, ourRead;
            try { theirRead = theirs.Read(); } catch (JsonException) { theirRead = null; }
            try { ourRead = ours.Read(); } catch (JsonScanner.Rejected) { ourRead = null; }
            Assert.True(theirRead == ourRead, $"read {theirRead} vs {ourRead} at call {call} of '{where}'");
            if (theirRead is not true) return;
            if (theirs.TokenType != JsonTokenType.PropertyName) continue;
            var theirSkip = theirs;
            var ourSkip = ours;
            long theirStart = -1;
            bool theirOk, ourOk;
            var ourStart = -1;
            try
            {
                theirSkip.Read();
                theirStart = theirSkip.TokenStartIndex;
                theirSkip.Skip();
                theirOk = true;
            }
            catch (JsonException) { theirOk = false; }
            try
            {
                ourStart = ourSkip.SkipPropertyValue();
                ourOk = true;
            }
            catch (JsonScanner.Rejected) { ourOk = false; }
            var at = $"property at byte {ours.BytesConsumed} of '{where}'";
            Assert.True(theirOk == ourOk, $"System.Text.Json {(theirOk ? "skipped" : "threw")}, scanner {(ourOk ? "skipped" : "refused")}: {at}");
            if (!theirOk) continue;
            Assert.True(theirStart == ourStart, $"value start {theirStart} vs {ourStart}: {at}");
            Assert.True(theirSkip.TokenType == ourSkip.TokenType, $"{theirSkip.TokenType} vs {ourSkip.TokenType}: {at}");
            Assert.True(theirSkip.TokenStartIndex == ourSkip.TokenStartIndex, $"start {theirSkip.TokenStartIndex} vs {ourSkip.TokenStartIndex}: {at}");
            Assert.True(theirSkip.BytesConsumed == ourSkip.BytesConsumed, $"consumed {theirSkip.BytesConsumed} vs {ourSkip.BytesConsumed}: {at}");
            Assert.True(theirSkip.ValueSpan.SequenceEqual(ourSkip.ValueSpan), $"value bytes differ: {at}");
            Assert.True(theirSkip.ValueIsEscaped == ourSkip.ValueIsEscaped, $"escaped {theirSkip.ValueIsEscaped} vs {ourSkip.ValueIsEscaped}: {at}");
            // After the skip both go on alike: the next token (or refusal) is the same.
            bool? theirNext, ourNext;
            try { theirNext = theirSkip.Read(); } catch (JsonException) { theirNext = null; }
            try { ourNext = ourSkip.Read(); } catch (JsonScanner.Rejected) { ourNext = null; }
            Assert.True(theirNext == ourNext, $"after the skip: {theirNext} vs {ourNext}: {at}");
            if (theirNext == true) Assert.Equal(theirSkip.TokenStartIndex, ourSkip.TokenStartIndex);
        }
    }
}
