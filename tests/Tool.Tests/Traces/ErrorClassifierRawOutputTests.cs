using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Tests.Traces;

/// <summary>
/// Outputs a reader still holds as JSON bytes are classified without decoding when their bytes prove that no marker
/// (and, where it would count, no Python exception) is in the text. The verdict must be the one the decoded text gives,
/// whatever the escaping, the position of a marker or the characters around it.
/// </summary>
public sealed class ErrorClassifierRawOutputTests
{
    private static readonly JsonSerializerOptions Strict = new() { Encoder = JavaScriptEncoder.Default }; // ' as \u0027
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static Utf8JsonText Raw(string text, JsonSerializerOptions options)
    {
        var quoted = JsonSerializer.SerializeToUtf8Bytes(text, options);
        return new Utf8JsonText(quoted, quoted.AsSpan().Contains((byte)'\\'));
    }

    // Held as the reader holds it (PendingRawOutput): a delegate that decodes would hide the bytes from the classifier.
    private static Action WithRawOutput(Action a, Utf8JsonText raw)
    {
        var held = a with { DeferredOutput = Deferred<string?>.Lazy(raw) };
        Assert.Same(raw, held.PendingRawOutput);
        return held;
    }

    private static readonly string[] Pieces =
    [
        "plain words here", "\n", "\r\n", "\t", "é中😀", "\"quoted\"", "C:\\path\\file", "a/b", "Warmup",
        "The user doesn't want to take this action", "Command aborted", "Permission to use Bash has been denied",
        "Blocked:", "PreToolUse:", "Skipped due to queued user message", "Traceback (most recent call last):",
        "NameError: name 'x' is not defined", "ValueError: bad", "Exception: boom", "Error: ",
        "Command timed out after 2m 0.0s", "Command timed", "Command timed out after",
    ];

    [Fact]
    public void Raw_and_decoded_outputs_get_the_same_verdict()
    {
        var random = new Random(17);
        var checkedRawPath = 0;
        for (var i = 0; i < 3000; i++)
        {
            var text = new StringBuilder();
            if (random.Next(4) == 0) text.Append(Pieces[random.Next(Pieces.Length)]);
            for (var k = random.Next(0, 12); k > 0; k--)
            {
                text.Append(Pieces[random.Next(Pieces.Length)]);
                // Long fillers put markers in the middle of long outputs, or near the edges of the head and the tail.
                if (random.Next(6) == 0) text.Append(new string('x', random.Next(1500, 4000))).Append('\n');
            }
            var output = text.ToString();
            var name = new[] { "python_interpreter", "bash", "final_answer" }[random.Next(3)];
            int? exit = new int?[] { 0, 0, 1, 2, 124, 127, null }[random.Next(7)];
            var format = random.Next(3) == 0 ? "claude-code" : "agenttrace";
            // Without an exit code: the format's flag (true, false), or none and a reader's own failed flag.
            var flag = exit is null ? new bool?[] { true, false, null }[random.Next(3)] : null;
            var action = new Action { Name = name, ExitCode = exit, NativeIsError = flag, Failed = exit is not (null or 0) || (exit is null && flag is null && random.Next(2) == 0) };
            var expected = ErrorClassifier.Classify(action with { Output = output }, format);
            foreach (var options in new[] { Strict, Relaxed })
            {
                var raw = Raw(output, options);
                if (!ErrorClassifier.TextCounts(raw, action, format, exit ?? 0)) checkedRawPath++;
                var actual = ErrorClassifier.Classify(WithRawOutput(action, raw), format);
                var context = $"case {i}, {name}, exit {exit}, {format}: {JsonSerializer.Serialize(output)}";
                Assert.True(expected.ErrorClass == actual.ErrorClass, $"{context}: {expected.ErrorClass} != {actual.ErrorClass}");
                Assert.True(expected.Failed == actual.Failed && expected.Interrupted == actual.Interrupted && expected.Rejected == actual.Rejected, context);
            }
        }
        Assert.True(checkedRawPath > 1000, $"only {checkedRawPath} cases took the path without decoding");
    }

    /// <summary>
    /// An output short enough that the bytes of its head (3 × 2,048) and tail (3 × 512 + 2) meet is searched in one pass
    /// over the whole of it: a marker at a line start anywhere in it, across the seam of the two parts too, is a "maybe"
    /// that decoding settles. Lengths around the seam, markers on both sides of it and across it.
    /// </summary>
    [Theory]
    [InlineData(7600)]
    [InlineData(7682)]
    [InlineData(7683)]
    [InlineData(7800)]
    [InlineData(3000)]
    public void Outputs_near_the_seam_of_head_and_tail_get_the_same_verdict(int length)
    {
        foreach (var at in (int[])[0, 1, 2000, 2040, 2048, 2100, 6100, 6140, 6144, 6150, length - 1540, length - 1538, length - 530, length - 512, length - 20])
        {
            if (at < 0 || at + 20 > length) continue;
            foreach (var marker in (string[])["\nCommand aborted", "\nBlocked: x", "Warmup"])
            {
                var text = new StringBuilder(new string('y', length));
                var piece = marker.Replace("\\n", "\n");
                text.Remove(at, piece.Length).Insert(at, piece);
                var output = text.ToString();
                foreach (var (exit, flag) in ((int?, bool?)[])[(0, null), (null, false), (null, true)])
                {
                    var action = new Action { Name = "bash", ExitCode = exit, NativeIsError = flag };
                    var expected = ErrorClassifier.Classify(action with { Output = output }, "pi");
                    var actual = ErrorClassifier.Classify(WithRawOutput(action, Raw(output, Relaxed)), "pi");
                    Assert.True(expected.ErrorClass == actual.ErrorClass, $"length {length}, {marker} at {at}, exit {exit}, flag {flag}: {expected.ErrorClass} != {actual.ErrorClass}");
                }
            }
        }
    }

    [Theory]
    [InlineData("all fine\nnothing to see", "bash", 0, false)]
    [InlineData("all fine\nCommand aborted", "bash", 0, true)] // a marker
    [InlineData("Warmup", "bash", 0, true)]
    [InlineData("NameError: x", "python_interpreter", 0, true)] // a Python exception counts for exit 0 of a python tool
    [InlineData("NameError: x", "python_interpreter", 1, false)] // not for a failure: its exit code decides
    [InlineData("NameError: x", "bash", 0, false)] // nor for other tools
    [InlineData("it's fine", "bash", 0, true)] // \u0027 for the quote: the bytes cannot tell
    public void The_bytes_rule_text_out_only_when_they_can(string output, string name, int exit, bool counts)
    {
        var raw = Raw(output, Strict);
        Assert.Equal(counts, ErrorClassifier.TextCounts(raw, new Action { Name = name, ExitCode = exit }, "agenttrace", exit));
    }

    // Outputs without an exit code and with the format's error flag: the timeout's start read from the bytes, or from the
    // decoded text when an escape stands among its first bytes.
    [Theory]
    [InlineData("\"Command timed out after 2m\"", true, "timeout")]
    [InlineData("\"\\u0043ommand timed out after 2m\"", true, "timeout")] // \u0043 is C
    [InlineData("\"Command timed out\\nafter 2m\"", true, "tool_failure")]
    [InlineData("\"Command\\ttimed out after\"", true, "tool_failure")]
    [InlineData("\"Command time\"", true, "tool_failure")]
    [InlineData("\"plain words\"", true, "tool_failure")]
    [InlineData("\"Comm\"", true, "tool_failure")]
    [InlineData("\"Command timed out after 2m\"", false, "none")]
    [InlineData("\"\\u00e9 fine\"", false, "none")]
    public void Flagged_outputs_are_classified_from_their_bytes_as_from_their_text(string quoted, bool isError, string expected)
    {
        var bytes = Encoding.UTF8.GetBytes(quoted);
        var raw = new Utf8JsonText(bytes, bytes.AsSpan().Contains((byte)'\\'));
        var action = new Action { Name = "Bash", NativeIsError = isError, Failed = isError };

        var fromBytes = ErrorClassifier.Classify(WithRawOutput(action, raw), "claude-code");
        var fromText = ErrorClassifier.Classify(action with { Output = JsonSerializer.Deserialize<string>(quoted) }, "claude-code");

        Assert.Equal(expected, fromText.ErrorClass); // by hand: the reference itself
        Assert.Equal(fromText.ErrorClass, fromBytes.ErrorClass);
        Assert.Equal(fromText.Failed, fromBytes.Failed);
    }

    [Fact]
    public void A_needle_a_JSON_escape_could_stand_for_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Utf8Needles(["a/b"], atLineStarts: false));
        Assert.Throws<ArgumentException>(() => new Utf8Needles(["say \"hi\""], atLineStarts: false));
        Assert.Throws<ArgumentException>(() => new Utf8Needles(["line\n"], atLineStarts: true));
        Assert.Throws<ArgumentException>(() => new Utf8Needles(["ab"], atLineStarts: false));
    }

    // The vectorised pass looks for one byte of the anchors, the pivot, chosen per needle set: these sets make it the
    // first byte (line starts: the backslash of \n), the second (the colons) and the third (the colon of "abc:").
    [Theory]
    [InlineData(false, "Error: |Exception: |Blocked:|Tool execution")]
    [InlineData(true, "Error: |Exception: |Blocked:|Tool execution")]
    [InlineData(false, "abc:|xyz:|Traceback (most recent call last):")]
    [InlineData(true, "abc:|xyz:")]
    public void The_vectorised_search_finds_exactly_what_a_plain_search_finds(bool atLineStarts, string list) =>
        SearchesAgree(atLineStarts, list, maxPieces: 14);

    // Texts long enough for several vector blocks, with candidates at every offset in a block and across its end: the
    // pass also filters on the anchor bytes other than the pivot when they take few values (the classifier's markers: the
    // backslash, the n and the markers' first letters), and leaves a byte of many values (the last set) to the check
    // after it.
    [Theory]
    [InlineData(true, "The user doesn't want to proceed with this tool use|Command aborted|Permission to use |Claude requested permissions to |Tool execution was blocked|PreToolUse:|Blocked:|Skipped due to queued user message")]
    [InlineData(false, "Traceback (most recent call last):|Error: |Exception: ")]
    [InlineData(false, "Error: |Exception: |Blocked:|Tool execution")]
    [InlineData(true, "abc:|xyz:")]
    [InlineData(true, "Abc|Bcd|Cde|Def|Efg|Fgh|Ghi|Hij")]
    public void The_vectorised_search_finds_exactly_what_a_plain_search_finds_in_long_texts(bool atLineStarts, string list) =>
        SearchesAgree(atLineStarts, list, maxPieces: 120);

    private static void SearchesAgree(bool atLineStarts, string list, int maxPieces)
    {
        var needles = list.Split('|');
        var set = new Utf8Needles(needles, atLineStarts);
        var bytes = needles.Select(Encoding.ASCII.GetBytes).ToArray();
        var random = new Random((atLineStarts ? 5 : 6) + maxPieces);
        var pieces = needles.Concat(["Erro", "r: ", "ab", "c", ":", "l):", "\\n", "\\", "n", "u", "x", "B", "é", "T", "C", "Abc"])
            .Select(Encoding.UTF8.GetBytes).ToArray();
        for (var i = 0; i < 20000; i++)
        {
            var text = new List<byte>();
            for (var k = random.Next(0, maxPieces); k > 0; k--) text.AddRange(pieces[random.Next(pieces.Length)]);
            var array = text.ToArray();
            // A \u escape hides what it stands for: the answer is then "maybe".
            var expected = array.AsSpan().IndexOf("\\u"u8) >= 0 || bytes.Any(n => atLineStarts ? Starts(array, n) : array.AsSpan().IndexOf(n) >= 0);
            Assert.True(expected == set.AnyIn(array), $"{atLineStarts}: '{Encoding.UTF8.GetString(array)}'");
        }
    }

    // A needle at a line start: at the very start, or right after a \n escape's two bytes.
    private static bool Starts(ReadOnlySpan<byte> text, byte[] needle)
    {
        if (text.StartsWith(needle)) return true;
        for (var p = 0; p + 2 <= text.Length; p++)
            if (text[p] == '\\' && text[p + 1] == 'n' && text[(p + 2)..].StartsWith(needle)) return true;
        return false;
    }
}
