using TraceCurate.Exports;
using TraceCurate.Tests.Support;
using static TraceCurate.Tests.Support.TraceBuilder;

namespace TraceCurate.Tests.Exports;

public sealed class ChatConversationTests
{
    [Fact]
    public void A_long_output_keeps_its_first_60_and_last_40_percent_around_a_visible_marker()
    {
        var output = new string('a', 700) + new string('b', 300) + new string('c', 200) + new string('d', 300);
        var cut = ChatConversation.Truncate(output, 1000);
        // 1,500 chars, max 1,000: the first 600 and the last 400 stay; 500 are cut.
        Assert.Equal(new string('a', 600) + "\n[… 500 chars truncated …]\n" + new string('c', 100) + new string('d', 300), cut);
        Assert.Same(output, ChatConversation.Truncate(output, 0));
        Assert.Same(output, ChatConversation.Truncate(output, 1500));
    }

    [Fact]
    public void Observations_are_cut_to_16000_chars_by_default_in_every_format()
    {
        var t = new TraceBuilder().Turn(null, Bash("cat big.log", new string('x', 20_000))).Turn("Big.").Analyzed();
        foreach (var format in new[] { "openai", "codeact", "anthropic", "trl", "tao" })
        {
            var line = Assert.Single(Export.Lines(format, null, t));
            Assert.Contains("[… 4000 chars truncated …]", line);
        }
        Assert.DoesNotContain("truncated", Assert.Single(Export.Lines("openai", new ExportOptions { MaxObservationChars = 0 }, t)));
    }

    [Fact]
    public void Output_is_byte_identical_for_identical_input()
    {
        var a = Export.Lines("openai", new ExportOptions { IncludeMetadata = true }, SpecScenario.WithEdit(), SpecScenario.WithSed());
        var b = Export.Lines("openai", new ExportOptions { IncludeMetadata = true }, SpecScenario.WithEdit(), SpecScenario.WithSed());
        Assert.Equal(a, b);
    }

    [Fact]
    public void Arguments_written_from_UTF8_are_the_bytes_of_the_compact_string_written_as_text()
    {
        // OpenAI's arguments go from the compact JSON's UTF-8 straight into the string property; the record must be the
        // one the UTF-16 string gave, for every kind of character the relaxed encoder treats apart.
        var random = new System.Random(3);
        var pool = "ab \"\\/\n\r\t\b\f\u0001\u001f\u007fé中😀\u2028<>&'+`".EnumerateRunes().ToArray();
        for (var i = 0; i < 300; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(0, 40)).Select(_ => pool[random.Next(pool.Length)].ToString()));
            var json = System.Text.Json.JsonSerializer.Serialize(new { command = text, n = i, nested = new[] { text } });
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            Assert.Equal(Written(w => w.WriteString("arguments", ChatConversation.Compact(doc.RootElement))),
                Written(w => ChatConversation.WriteCompactString(w, "arguments", doc.RootElement)));
        }
    }

    private static string Written(Action<System.Text.Json.Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer, TraceCurate.Traces.TraceJsonWriter.Options))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
