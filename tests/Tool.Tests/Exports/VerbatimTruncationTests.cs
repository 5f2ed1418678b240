using System.Text;
using System.Text.Json;
using TraceCurate.Exports;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;

namespace TraceCurate.Tests.Exports;

/// <summary>
/// <see cref="VerbatimTruncation"/> cuts an output over the limit from its record bytes. Whenever it writes, the result
/// must be what the writer writes for <see cref="ChatConversation.Truncate"/>'s string of the decoded text (the old
/// path: decode, truncate, escape), for texts over the characters encoders treat differently, spelled as Claude Code's
/// files spell them (raw UTF-8), by the relaxed encoder and by a hand escaper, at limits that put the cut on plain bytes,
/// escapes and multi-byte characters; and when it refuses, it writes nothing.
/// </summary>
public sealed class VerbatimTruncationTests
{
    private static readonly string[] Others =
    [
        "\n", "\r", "\t", "\b", "\u0000", "\u007f", "\u00e9", "\u4e2d", "\u2192", "\u2028", "\U0001F600", "\"", "\\", "<", "/",
    ];

    [Fact]
    public void A_cut_from_the_bytes_is_what_the_writer_writes_for_the_truncated_text()
    {
        var random = new Random(29);
        var printable = Enumerable.Range(0x20, 0x7F - 0x20).Select(c => ((char)c).ToString()).ToArray();
        var (cut, whole, refused) = (0, 0, 0);
        for (var i = 0; i < 12000; i++)
        {
            var text = new StringBuilder();
            for (var k = random.Next(0, 90); k > 0; k--)
                text.Append(random.Next(20) == 0 ? Others[random.Next(Others.Length)] : printable[random.Next(printable.Length)]);
            var decoded = text.ToString();
            var quoted = (i % 3) switch
            {
                0 => JsonStringSpellings.NodeStringify(decoded),
                1 => JsonStringSpellings.WrittenByOutputs(decoded),
                _ => JsonStringSpellings.HandEscaped(decoded, random),
            };
            var max = random.Next(1, 70);
            var wrote = false;
            var actual = JsonStringSpellings.InObject(w => wrote = VerbatimTruncation.TryWrite(w, "content", quoted, max));
            if (!wrote)
            {
                refused++;
                Assert.Equal("{\"before\":1,\"after\":2}", actual);
                continue;
            }
            if (decoded.Length > max) cut++; else whole++;
            Assert.Equal(JsonStringSpellings.InObject(w => w.WriteString("content", ChatConversation.Truncate(decoded, max))), actual);
        }
        // Each answer occurs often, so the comparison above is not vacuous.
        Assert.True(cut > 1000, $"{cut} cut");
        Assert.True(whole > 500, $"{whole} whole");
        Assert.True(refused > 1000, $"{refused} refused");
    }

    [Theory]
    [InlineData("abcdefghij", 5, "abc\\n[… 5 chars truncated …]\\nij")] // 60% head, 40% tail
    [InlineData("\u2192\u2192\u2192\u2192\u2192\u2192", 5, "\u2192\u2192\u2192\\n[… 1 chars truncated …]\\n\u2192\u2192")] // 18 bytes, 6 characters
    [InlineData("a\\nb\\nc\\nd", 4, "a\\n\\n[… 3 chars truncated …]\\n\\nd")] // each escape one character
    [InlineData("\u00e9\u00e9\u00e9", 3, "\u00e9\u00e9\u00e9")] // 6 bytes, but 3 characters: whole
    public void Examples(string inner, int max, string expected)
    {
        var quoted = Encoding.UTF8.GetBytes("\"" + inner + "\"");
        Assert.Equal("{\"before\":1,\"content\":\"" + expected + "\",\"after\":2}",
            JsonStringSpellings.InObject(w => Assert.True(VerbatimTruncation.TryWrite(w, "content", quoted, max))));
    }
}
