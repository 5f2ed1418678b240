using System.Text;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// The Claude Code pass checks its record's text while it scans the lines (<see cref="ClaudeCodeReader.ParseCheckingText"/>,
/// <see cref="JsonScanner.ChecksText"/>) instead of the pipeline running <see cref="RecordText.Check"/> over the whole
/// file first. The scanner may be unsure of a string the check lets through (then the check decides), never sure of one
/// it refuses; and the reader must give the check's error (message, line, column) for a file whose text fails, even
/// when another line would fail the reader first, or else what it gives after the check passed. Checked on strings
/// with every two-byte sequence from 0x80 at every offset around the scanner's 64-byte blocks and its last bytes, the
/// edges of the three- and four-byte ranges, surrogate escapes, and on files with bad text in each kind of line
/// (the samples and the corpus: <see cref="ClaudeCodeFastLineTests"/>).
/// </summary>
public sealed class ClaudeCodeTextCheckTests
{
    private static readonly ClaudeCodeReader Streamed = new();

    /// <summary>What an error says, position included; the same form for the text check's error and the reader's.</summary>
    internal static string Describe(Exception e) =>
        $"{e.GetType().Name} {(e as BadRecordException)?.Line}:{(e as BadRecordException)?.Column}: {e.Message}";

    /// <summary>The error <see cref="RecordText.Check"/> gives the bytes, or null when they pass.</summary>
    internal static string? TextError(byte[] bytes)
    {
        try
        {
            RecordText.Check(bytes);
            return null;
        }
        catch (BadRecordException e)
        {
            return Describe(e);
        }
    }

    /// <summary>Scans a whole line with the text checked; null when the scanner refuses it as JSON.</summary>
    private static bool? Unsure(byte[] line)
    {
        try
        {
            var s = new JsonScanner(line) { ChecksText = true };
            while (s.Read()) { }
            return s.TextUnsure;
        }
        catch (JsonScanner.Rejected)
        {
            return null;
        }
    }

    private static void AssertScan(byte[] line)
    {
        if (Unsure(line) is not { } unsure) return;
        if (!unsure) Assert.True(TextError(line) is null, $"the scan vouched for text the check refuses: {Convert.ToHexString(line)}");
        if (RecordText.PassesAtOnce(line)) Assert.False(unsure, $"unsure of text the check passes at once: {Convert.ToHexString(line)}");
    }

    /// <summary>A line with the bytes inside a string, <paramref name="before"/> ASCII bytes into it, and a second string after.</summary>
    private static byte[] Line(int before, byte[] middle, int after) =>
        [.. "{\"a\":\""u8, .. Enumerable.Repeat((byte)'a', before), .. middle, .. Enumerable.Repeat((byte)'b', after), .. "\",\"b\":[1,\"x\\n\"]}"u8];

    private static readonly int[] Offsets = [0, 1, 30, 55, 56, 57, 58, 61, 62, 63, 64, 120];

    [Fact]
    public void Every_two_byte_sequence_from_0x80_up_around_the_blocks_and_in_the_last_bytes()
    {
        for (var b0 = 0x80; b0 <= 0xFF; b0++)
            for (var b1 = 0; b1 <= 0xFF; b1++)
                foreach (var before in Offsets)
                    foreach (var after in (int[])[0, 3, 70])
                        AssertScan(Line(before, [(byte)b0, (byte)b1], after));
    }

    [Fact]
    public void Three_and_four_byte_sequences_at_the_edges_of_their_ranges()
    {
        byte[] seconds = [0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xFF];
        byte[] thirds = [0x22, 0x41, 0x80, 0xBF, 0xC0];
        for (var b0 = 0xE0; b0 <= 0xFF; b0++)
            foreach (var b1 in seconds)
                foreach (var b2 in thirds)
                    foreach (var before in Offsets)
                    {
                        AssertScan(Line(before, [(byte)b0, b1, b2], 70));
                        AssertScan(Line(before, [(byte)b0, b1, b2, 0x80], 2));
                        AssertScan(Line(before, [(byte)b0, b1, b2, 0xBF, 0xC3, 0xA9], 0));
                    }
    }

    [Fact]
    public void Escapes_that_may_be_surrogates_leave_the_scan_unsure()
    {
        string[] escapes = ["\\ud800", "\\uDC00", "\\ud83d\\ude00", "\\udbff", "\\u00e9", "\\u0041", "\\\\ud800", "\\\\\\ud800", "\\u001b[0m"];
        foreach (var escape in escapes)
            foreach (var before in Offsets)
                foreach (var after in (int[])[0, 70])
                {
                    var line = Line(before, Encoding.ASCII.GetBytes(escape), after);
                    AssertScan(line);
                    if (TextError(line) is not null) Assert.True(Unsure(line), escape);
                }
    }

    [Fact]
    public void Generated_strings_of_text_in_several_scripts_and_bad_bytes()
    {
        var random = new Random(27);
        string[] pieces = ["a", "line\\n", "é", "€", "😀", "日本語", "\\u00e9", "\\ud83d\\ude00", "\\\\", "\\\"", " "];
        for (var n = 0; n < 20_000; n++)
        {
            var text = new StringBuilder();
            var count = random.Next(1, 60);
            for (var k = 0; k < count; k++) text.Append(pieces[random.Next(pieces.Length)]);
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            if (n % 3 == 0 && bytes.Length > 0) bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
            AssertScan(Line(0, bytes, 0));
        }
    }

    private const string Envelope = "\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"/w\",\"sessionId\":\"s1\",\"version\":\"2.0.1\",\"gitBranch\":\"main\"";
    private const string Time = "\"timestamp\":\"2026-01-20T09:12:05.000Z\"";

    private static string User(string uuid, string parent, string content, string extra = "") =>
        "{\"parentUuid\":\"" + parent + "\"," + Envelope + ",\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":" + content + "},\"uuid\":\"" + uuid + "\"," + Time + extra + "}";

    private static readonly string Long = string.Concat(Enumerable.Repeat("line of output\\n", 30));

    /// <summary>Files of five lines, with the text <c>@</c> in line <c>$</c> replaced by the bytes under test.</summary>
    private static readonly string[] Files =
    [
        // in a short and a long text of a line the pass reads
        User("u1", "", "\"go @ on\""),
        User("u1", "", "[{\"type\":\"tool_result\",\"tool_use_id\":\"t1\",\"content\":\"" + Long + "@" + Long + "\"}]"),
        // in a value the pass skips, and near a line's end (the scan's last bytes)
        User("u1", "", "\"go on\"", ",\"toolUseResult\":{\"stdout\":\"" + Long + "@\"}"),
        User("u1", "", "\"go on\"", ",\"slug\":\"@\""),
        // in a line of a type the pass leaves to the document path
        "{\"type\":\"progress\",\"uuid\":\"p1\",\"parentUuid\":null,\"data\":\"" + Long + "@\"," + Time + "}",
        "{\"type\":\"summary\",\"summary\":\"@\",\"leafUuid\":\"u1\"}",
    ];

    private static readonly byte[][] Texts =
    [
        "é€😀"u8.ToArray(), [0xFF], [0xC3], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
        "\\ud800"u8.ToArray(), "\\ud83d\\ude00"u8.ToArray(), "\\uDFFF x"u8.ToArray(), "\\\\ud800"u8.ToArray(),
    ];

    public static TheoryData<int, int, int> Cases()
    {
        var data = new TheoryData<int, int, int>();
        for (var f = 0; f < Files.Length; f++)
            for (var t = 0; t < Texts.Length; t++)
                foreach (var damaged in (int[])[0, 1, 2])
                    data.Add(f, t, damaged);
        return data;
    }

    /// <summary>
    /// The file's text error or, when its text passes, what the reader gives after the check, as the pipeline read it
    /// before: with a damaged line before the bad text (a JSON error the reader meets first) or after it.
    /// </summary>
    [Theory]
    [MemberData(nameof(Cases))]
    public void A_file_reads_as_after_the_whole_check(int file, int text, int damaged)
    {
        var first = User("u0", "", "\"start\"");
        var second = User("u2", "u1", "\"next\"");
        var broken = "{\"type\":\"user\",\"uuid\":";
        string[] lines = damaged switch
        {
            1 => [first, broken, Files[file], second],
            2 => [first, Files[file], broken, second],
            _ => [first, Files[file], second],
        };
        var joined = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");
        var at = joined.AsSpan().IndexOf((byte)'@');
        byte[] bytes = [.. joined[..at], .. Texts[text], .. joined[(at + 1)..]];
        using var folder = new TempFolder();
        var path = folder.Write("session.jsonl", bytes);
        var expected = TextError(bytes) is { } error ? ([], null, error) : ClaudeCodeFastLineTests.Read(Streamed, path, textChecked: true);
        var actual = ClaudeCodeFastLineTests.Read(Streamed, path, textChecked: false, checksText: true);
        Assert.Equal(expected.Error, actual.Error);
        Assert.Equal(expected.Traces.Select(t => (t.Id, t.Actions.Count, t.Messages.Count, string.Join("|", t.Messages.Select(m => m.Text)))),
            actual.Traces.Select(t => (t.Id, t.Actions.Count, t.Messages.Count, string.Join("|", t.Messages.Select(m => m.Text)))));
        Assert.Equal(expected.Report?.Warnings, actual.Report?.Warnings);
    }
}
