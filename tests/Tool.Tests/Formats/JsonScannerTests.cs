using System.Text;
using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The AgentTrace reader's own tokenizer against System.Text.Json's, call by call: on every input both return the same
/// tokens (type, bytes, escaping, position) until both stop at the same call, the scanner refusing exactly where
/// Utf8JsonReader throws. Inputs: the samples, hand-written edge cases, and thousands of random mutations of them.
/// </summary>
public sealed class JsonScannerTests
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = ReadLimits.MaxDepth };

    public static TheoryData<string> Edges => new()
    {
        "{}", "[]", "{\"a\":1}", " { \"a\" : [ 1 , 2 ] } ", "{\"a\":\"x\\n\\\"y\\\\\\/\\b\\f\\r\\t\\u00e9\\ud83d\\ude00\"}",
        "{\"a\":-0}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":1e+}", "{\"a\":-}", "{\"a\":1.5e-3}",
        "{\"a\":12345678901234567890}", "{\"a\":1E400}", "{\"a\":-1.0E+2}", "{\"a\":true}", "{\"a\":tru}", "{\"a\":nul}",
        "{\"a\":truex}", "{\"a\":1x}", "{\"a\":1,}", "[1,]", "{\"a\" 1}", "{\"a\":1 \"b\":2}", "{a:1}", "{\"a\":'x'}",
        "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"cut", "{\"a\":1", "{\"a\":true",
        "{\"a\":\"x\"", "{\"a\":[", "{\"a\":{}}}", "{} {}", "{}x", "", "   ", "\"top\"", "5", "null", "[[[[]]]]",
        "{\"\\u0061\":1}", "{\"a\":\"é\"}", "{\"a\":\"\u007f\"}", "{\"a\":1}\n", "{\"a\":1}\r\n",
    };

    [Theory]
    [MemberData(nameof(Edges))]
    public void Edge_cases_tokenize_as_System_Text_Json_does(string json) => AssertSameTokens(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData(ReadLimits.MaxDepth - 1)]
    [InlineData(ReadLimits.MaxDepth)]
    [InlineData(ReadLimits.MaxDepth + 1)]
    public void Nesting_at_and_past_the_depth_limit_tokenizes_as_System_Text_Json_does(int depth)
    {
        AssertSameTokens(Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)));
        AssertSameTokens(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", depth)) + "1" + new string('}', depth)));
    }

    [Fact]
    public void Invalid_utf8_and_raw_control_bytes_tokenize_as_System_Text_Json_does()
    {
        foreach (var bytes in new[] { "{\"a\":\"\xff\"}"u8.ToArray(), [.. "{\"a\":\""u8, 0xC3, .. "\"}"u8], [.. "{\"a\":\""u8, 0x01, .. "\"}"u8],
                     [.. "{\"a\":\""u8, 0xED, 0xA0, 0x80, .. "\"}"u8], [.. "{\""u8, 0xFF, .. "\":1}"u8] })
            AssertSameTokens(bytes);
        // Short strings are checked and decoded in one pass, long ones (over 256 bytes) in two: both sides of that
        // length, with an overlong form, a code point past U+10FFFF, a cut sequence and a valid four-byte one at the end.
        foreach (var tail in new byte[][] { [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xF0, 0x9F, 0x98, 0x80], [0xC3, 0xA9] })
            foreach (var length in new[] { 0, 250, 252, 253, 256, 300 })
                AssertSameTokens([.. "{\"a\":\""u8, .. Enumerable.Repeat((byte)'x', length), .. tail, .. "\"}"u8]);
    }

    [Fact]
    public void Samples_and_thousands_of_random_mutations_of_them_tokenize_as_System_Text_Json_does()
    {
        var seeds = AgentTraceLines.Samples().Select(Encoding.UTF8.GetBytes).ToList();
        seeds.Add(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { text = "line 1\nline \"2\"\té 😀 \u0001", n = new[] { 0.5, -3e-7, 1e21 }, t = true, z = (string?)null })));
        var random = new Random(2026);
        var interesting = "\"\\{}[],:0123456789eE+-.tfnul /bu"u8.ToArray().Concat(new byte[] { 0, 1, 0x1F, 0x7F, 0xC3, 0xA9, 0xFF, 0x0A, 0x09 }).ToArray();
        var checkedInputs = 0;
        foreach (var seed in seeds)
        {
            AssertSameTokens(seed);
            for (var m = 0; m < 400; m++)
            {
                var bytes = seed.ToList();
                for (var k = random.Next(1, 4); k > 0 && bytes.Count > 0; k--)
                {
                    var at = random.Next(bytes.Count);
                    switch (random.Next(4))
                    {
                        case 0: bytes[at] = interesting[random.Next(interesting.Length)]; break;
                        case 1: bytes.RemoveAt(at); break;
                        case 2: bytes.Insert(at, interesting[random.Next(interesting.Length)]); break;
                        default: bytes.RemoveRange(at, bytes.Count - at); break;
                    }
                }
                AssertSameTokens([.. bytes]);
                checkedInputs++;
            }
        }
        Assert.True(checkedInputs >= 3000);
    }

    [Fact]
    public void A_special_byte_at_every_offset_around_the_32_byte_steps_tokenizes_as_System_Text_Json_does()
    {
        // The string scan compares 32 bytes per step and finishes the last few one by one: each kind of byte that ends
        // or interrupts a run (quote, escape, raw control byte) and some that must not (DEL, space, UTF-8) is put at
        // every position of strings up to three steps long, behind keys of four lengths.
        var specials = new byte[][] { "\""u8.ToArray(), "\\n"u8.ToArray(), "\\\""u8.ToArray(), "\\u00e9"u8.ToArray(), "\\x"u8.ToArray(), [0x01], [0x1F], [0x7F], [0x20], [0xC3, 0xA9] };
        var cases = 0;
        for (var prefix = 0; prefix < 4; prefix++)
        for (var length = 0; length <= 140; length += length < 40 ? 1 : 3)
        for (var at = 0; at <= length; at++)
            foreach (var special in specials)
            {
                var text = new List<byte>("{\""u8.ToArray().Concat(Enumerable.Repeat((byte)'k', prefix)).Concat("\":\""u8.ToArray()));
                text.AddRange(Enumerable.Repeat((byte)'a', at));
                text.AddRange(special);
                text.AddRange(Enumerable.Repeat((byte)'b', length - at));
                text.AddRange("\"}"u8.ToArray());
                AssertSameTokens([.. text]);
                // The same string cut before its closing quote: the scan must run off the end without reading past it.
                AssertSameTokens([.. text.Take(text.Count - 2)]);
                cases++;
            }
        Assert.True(cases > 10_000, $"{cases} cases");
    }

    [Fact]
    public void Runs_of_backslashes_of_every_length_across_the_ends_of_64_byte_blocks_tokenize_as_System_Text_Json_does()
    {
        // The scan finds the bytes escaped in a block from its backslash mask by arithmetic, a run carried from one block
        // into the next: runs of one to six backslashes, followed by a byte that ends the string, is an escape JSON
        // allows or not, or starts a \u escape whose hex digits cross into the next block, at every offset around the
        // first two block ends, with and without more of the string after it.
        byte[][] afters = ["\""u8.ToArray(), "n"u8.ToArray(), "u00e9"u8.ToArray(), "u12"u8.ToArray(), "x"u8.ToArray(), [0x01], "a"u8.ToArray(), "/"u8.ToArray()];
        var cases = 0;
        for (var run = 1; run <= 6; run++)
        for (var at = 50; at <= 140; at++)
            foreach (var after in afters)
            {
                byte[] body = [.. Enumerable.Repeat((byte)'a', at), .. Enumerable.Repeat((byte)'\\', run), .. after];
                AssertSameTokens([.. "{\"k\":\""u8, .. body, .. "\"}"u8]);
                AssertSameTokens([.. "{\"k\":\""u8, .. body, .. Enumerable.Repeat((byte)'b', 70), .. "\"}"u8]);
                AssertSameTokens([.. "{\"k\":\""u8, .. body]); // cut inside the string
                cases++;
            }
        Assert.True(cases > 4_000, $"{cases} cases");
    }

    [Fact]
    public void Strings_with_an_escape_every_few_bytes_and_a_bad_byte_anywhere_tokenize_as_System_Text_Json_does()
    {
        // Where 64 bytes follow, the scan takes a block's specials from one bit mask and checks each escape from it: escapes
        // one after another, escaped quotes and backslashes (specials that must not end the string), escapes that cross
        // a block's end, and a raw control byte, a bad escape or a cut string after them at every offset.
        var escapes = new[] { "\\n", "\\\"", "\\\\", "\\u00e9", "\\ud83d\\ude00", "\\/" };
        var bad = new byte[][] { [0x01], "\\x"u8.ToArray(), "\\u12g4"u8.ToArray(), [0x1F], [] };
        var cases = 0;
        foreach (var escape in escapes)
        for (var gap = 0; gap <= 70; gap += gap < 10 ? 1 : 7)
        {
            var run = new StringBuilder();
            while (run.Length < 200) run.Append('a', gap).Append(escape);
            var body = Encoding.UTF8.GetBytes(run.ToString());
            AssertSameTokens([.. "{\"k\":\""u8, .. body, .. "\"}"u8]);
            AssertSameTokens([.. "{\"k\":\""u8, .. body]); // cut inside the string
            for (var at = 0; at <= body.Length; at += 5)
                foreach (var b in bad)
                {
                    AssertSameTokens([.. "{\"k\":\""u8, .. body[..at], .. b, .. body[at..], .. "\"}"u8]);
                    cases++;
                }
        }
        Assert.True(cases > 5_000, $"{cases} cases");
    }

    [Fact]
    public void Skip_and_the_typed_reads_agree_with_System_Text_Json()
    {
        var json = "{\"skip\":{\"a\":[1,{\"b\":\"\\n\"}],\"c\":null},\"s\":\"x\\u00e9\\n\",\"i\":-42,\"d\":2.5e3,\"big\":1e400,\"after\":true}"u8;
        var ours = new JsonScanner(json);
        var theirs = new Utf8JsonReader(json, Options);
        ours.Read(); theirs.Read();
        ours.Read(); theirs.Read(); // "skip"
        ours.Skip(); theirs.Skip();
        Assert.Equal(theirs.BytesConsumed, ours.BytesConsumed);
        Assert.Equal(theirs.TokenType, ours.TokenType);
        while (theirs.Read())
        {
            Assert.True(ours.Read());
            Assert.Equal(theirs.TokenType, ours.TokenType);
            if (theirs.TokenType is JsonTokenType.String or JsonTokenType.PropertyName) Assert.Equal(theirs.GetString(), ours.GetString());
            if (theirs.TokenType == JsonTokenType.Number)
            {
                var number = Encoding.UTF8.GetString(theirs.ValueSpan);
                Assert.True(theirs.TryGetInt64(out var a) == ours.TryGetInt64(out var b), $"TryGetInt64 of {number}");
                Assert.Equal(a, b);
                Assert.True(theirs.TryGetDouble(out var x) == ours.TryGetDouble(out var y), $"TryGetDouble of {number}: {x} vs {y}");
                Assert.Equal(x, y);
            }
        }
        Assert.False(ours.Read());
    }

    [Fact]
    public void GetString_of_checked_text_agrees_with_System_Text_Json()
    {
        // Strings of every length around the short-string limit, escaped or not, with non-ASCII text and surrogate pairs:
        // decoded without a second UTF-8 check once the record passed RecordText.Check, as the pipeline reads it.
        var pieces = new[] { "a", "\\n", "é", "€", "😀", "\\ud83d\\ude00", "\\u00e9", "\\\\u0041", "\\\"", "\\t" };
        var random = new Random(27);
        var cases = 0;
        for (var n = 0; n < 600; n++)
        {
            var text = new StringBuilder();
            var length = n < 300 ? n : random.Next(240, 2_000);
            while (Encoding.UTF8.GetByteCount(text.ToString()) < length) text.Append(pieces[random.Next(pieces.Length)]);
            var json = Encoding.UTF8.GetBytes("{\"k\":\"" + text + "\"}");
            RecordText.Check(json); // every case is text the check lets through
            var theirs = new Utf8JsonReader(json, Options);
            var ours = new JsonScanner(json) { TextChecked = true };
            for (var i = 0; i < 3; i++) { theirs.Read(); ours.Read(); }
            Assert.Equal(JsonTokenType.String, ours.TokenType);
            Assert.Equal(theirs.GetString(), ours.GetString());
            cases++;
        }
        Assert.Equal(600, cases);
    }

    /// <summary>Reads both to the end, call by call; decodes every string both ways (same text, or both throw).</summary>
    private static void AssertSameTokens(byte[] json)
    {
        var theirs = new Utf8JsonReader(json, Options);
        var ours = new JsonScanner(json);
        for (var call = 0; call < 100_000; call++)
        {
            bool? theirRead, ourRead;
            try { theirRead = theirs.Read(); } catch (JsonException) { theirRead = null; }
            try { ourRead = ours.Read(); } catch (JsonScanner.Rejected) { ourRead = null; }
            var text = Encoding.UTF8.GetString(json);
            var at = (int)Math.Min(theirs.BytesConsumed, json.Length);
            var where = $"call {call} near byte {at}: '{Encoding.UTF8.GetString(json[Math.Max(0, at - 40)..Math.Min(json.Length, at + 40)])}'";
            Assert.True(theirRead == ourRead, $"System.Text.Json {(theirRead is null ? "threw" : theirRead.ToString())}, scanner {(ourRead is null ? "refused" : ourRead.ToString())} at {where}");
            if (theirRead is not true) return;
            Assert.True(theirs.TokenType == ours.TokenType, $"{theirs.TokenType} vs {ours.TokenType} at {where}");
            Assert.True(theirs.TokenStartIndex == ours.TokenStartIndex, $"start {theirs.TokenStartIndex} vs {ours.TokenStartIndex} at {where}");
            Assert.True(theirs.BytesConsumed == ours.BytesConsumed, $"consumed {theirs.BytesConsumed} vs {ours.BytesConsumed} at {where}");
            if (theirs.TokenType is JsonTokenType.String or JsonTokenType.PropertyName or JsonTokenType.Number)
            {
                Assert.True(theirs.ValueSpan.SequenceEqual(ours.ValueSpan), $"value bytes differ at {where}");
                Assert.Equal(theirs.ValueIsEscaped, ours.ValueIsEscaped);
            }
            if (theirs.TokenType is JsonTokenType.String or JsonTokenType.PropertyName)
            {
                string? a = null, b = null;
                Exception? ea = null, eb = null;
                try { a = theirs.GetString(); } catch (Exception e) { ea = e; }
                try { b = ours.GetString(); } catch (Exception e) { eb = e; }
                Assert.Equal(a, b);
                Assert.Equal(ea?.GetType(), eb?.GetType());
            }
        }
    }
}
