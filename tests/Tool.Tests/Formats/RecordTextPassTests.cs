using System.Text;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// <see cref="RecordText.Check"/>'s one-pass answer (<see cref="RecordText.PassesAtOnce"/>) against the reference it
/// stands in for (<see cref="RecordText.CheckByParts"/>: <see cref="System.Text.Unicode.Utf8.IsValid(ReadOnlySpan{byte})"/>
/// and the search for lone-surrogate escapes). The pass may say "not sure" of a record the reference lets through (then
/// the reference decides), never "passes" of one it refuses; and <see cref="RecordText.Check"/> must refuse exactly what
/// the reference refuses, with the same message, line and column. Checked on every length and position around the
/// pass's 64-byte blocks, on every two-byte and three-byte sequence from 0x80 up, on generated records, and on the
/// Claude Code samples and corpus (which all pass at once).
/// </summary>
public sealed class RecordTextPassTests
{
    /// <summary>Null when the bytes pass, else what the exception says.</summary>
    private static string? Outcome(Action check)
    {
        try
        {
            check();
            return null;
        }
        catch (BadRecordException e)
        {
            return $"{e.Line}:{e.Column}: {e.Message}";
        }
    }

    private static void AssertSame(byte[] bytes)
    {
        var reference = Outcome(() => RecordText.CheckByParts(bytes));
        if (RecordText.PassesAtOnce(bytes)) Assert.True(reference is null, $"passed at once, refused by the reference: {reference} ({Convert.ToHexString(bytes)})");
        Assert.Equal(reference, Outcome(() => RecordText.Check(bytes)));
        Assert.Equal(reference is null, RecordText.IsText(bytes));
    }

    private static byte[] Padded(int before, byte[] middle, int after) =>
        [.. Enumerable.Repeat((byte)'a', before), .. middle, .. Enumerable.Repeat((byte)'b', after)];

    [Fact]
    public void Every_two_byte_sequence_from_0x80_up_at_a_block_edge_and_inside_one()
    {
        for (var b0 = 0x80; b0 <= 0xFF; b0++)
            for (var b1 = 0; b1 <= 0xFF; b1++)
                foreach (var before in (int[])[0, 10, 62, 63, 64])
                    AssertSame(Padded(before, [(byte)b0, (byte)b1], 70));
    }

    [Fact]
    public void Three_and_four_byte_sequences_at_the_edges_of_their_ranges()
    {
        byte[] seconds = [0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF];
        byte[] thirds = [0x41, 0x7F, 0x80, 0xBF, 0xC0];
        for (var b0 = 0xE0; b0 <= 0xFF; b0++)
            foreach (var b1 in seconds)
                foreach (var b2 in thirds)
                    foreach (var b3 in thirds)
                        foreach (var before in (int[])[3, 61, 62, 63])
                        {
                            AssertSame(Padded(before, [(byte)b0, b1, b2, b3], 66));
                            AssertSame(Padded(before, [(byte)b0, b1, b2], 0)); // cut short by the end of the record
                            AssertSame(Padded(before, [(byte)b0, b1], 0));
                        }
    }

    [Fact]
    public void A_bad_byte_or_escape_at_every_position_of_a_record_over_several_blocks()
    {
        byte[][] middles =
        [
            [0xC0], [0xFF], [0x80], [0xE2, 0x82], [0xED, 0xA0, 0x80], "\\ud800"u8.ToArray(), "\\uDC00"u8.ToArray(),
            "\\ud83d\\ude00"u8.ToArray(), "\\\\ud800"u8.ToArray(), "\\u001b"u8.ToArray(), "\\u"u8.ToArray(), "\\"u8.ToArray(),
            "\u00e9"u8.ToArray(), "\u20ac\u2500\u2500"u8.ToArray(), "\U0001F600"u8.ToArray(), "\\ud83d"u8.ToArray(),
        ];
        foreach (var middle in middles)
            for (var before = 0; before <= 140; before++)
                foreach (var after in (int[])[0, 1, 2, 5, 64])
                {
                    AssertSame(Padded(before, middle, after));
                    // Line breaks before it: the reference's line and column count them.
                    var lines = Padded(before, middle, after);
                    for (var k = 7; k < before; k += 23) lines[k] = (byte)'\n';
                    AssertSame(lines);
                }
    }

    [Fact]
    public void Generated_records_of_ascii_text_escapes_and_characters_good_and_bad()
    {
        string[] pieces =
        [
            "a", "text ", "\"", "\\n", "\\\\", "\\\"", "\\u001b[0m", "\\u00e9", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\ud800", "\\udfff",
            "\\uDBFF\\uDFFF\\uDBFF", "\\\\ud800", "\\\\\\ud800", "\\u", "\\ud", "\u00e9", "\u2500", "\u4e2d\u6587", "\U0001F680", "\n", "\r\n",
        ];
        byte[][] bad = [[0xC0, 0xAF], [0xE0, 0x80, 0x80], [0xED, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF8], [0xBF], [0xE2, 0x82, 0x41], [0xF0, 0x9F, 0x98]];
        var random = new Random(2707);
        for (var n = 0; n < 20_000; n++)
        {
            var record = new List<byte>();
            var count = random.Next(0, 60);
            for (var k = 0; k < count; k++)
            {
                if (random.Next(200) == 0) record.AddRange(bad[random.Next(bad.Length)]);
                else record.AddRange(Encoding.UTF8.GetBytes(pieces[random.Next(pieces.Length)]));
            }
            AssertSame([.. record]);
        }
    }

    public static TheoryData<string> Samples() =>
        new(Directory.EnumerateFiles(RepoPaths.Samples("claude-code"), "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_claude_code_sample_passes_at_once(string path)
    {
        var bytes = File.ReadAllBytes(path);
        AssertSame(bytes);
        Assert.True(RecordText.PassesAtOnce(bytes) || bytes.AsSpan().IndexOf("\\ud"u8) >= 0 || bytes.AsSpan().IndexOf("\\uD"u8) >= 0);
    }

    [CorpusFact("claude-code")]
    public void Every_session_file_of_the_corpus_reads_the_same_at_once_as_by_parts()
    {
        var files = Directory.EnumerateFiles(RepoPaths.CorpusFolder("")!, "*.jsonl", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        foreach (var path in files) AssertSame(File.ReadAllBytes(path));
    }
}
