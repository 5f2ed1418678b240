using System.Globalization;
using System.Text.RegularExpressions;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// <see cref="CodexOutput"/> reads a tool output's exit code and wall time with hand-written scans where it used
/// regular expressions. The expressions it used are kept here as the reference (the spec's rules, input-formats §5):
/// both must give the same exit code and wall time on outputs built to hit each edge of the patterns (a sign, digits
/// that are not ASCII, a number too large, a fraction without digits, a label not at a line's start, a second
/// occurrence after a first that does not match) and on every output of the Codex samples and corpus.
/// </summary>
public sealed class CodexOutputScanTests
{
    private static readonly Regex HeadExit = new(@"\AExit code: (-?\d+)", RegexOptions.CultureInvariant);
    private static readonly Regex WallTimeLine = new(@"^Wall time: (\d+(?:\.\d+)?) seconds", RegexOptions.Multiline | RegexOptions.CultureInvariant);
    private static readonly Regex ProcessExited = new(@"Process exited with code (-?\d+)", RegexOptions.CultureInvariant);

    public static TheoryData<string> Outputs() => new()
    {
        "Exit code: 0\nWall time: 0.2 seconds\nOutput:\nok",
        "Exit code: -1\nWall time: 12 seconds\nOutput:\n",
        "Exit code: 12345678901\nWall time: 1.5 seconds",
        "Exit code: \u0663\nWall time: 1 seconds", // an Arabic-Indic digit matches \d but does not parse
        "Exit code: -\nProcess exited with code 2\nOutput:\n",
        "Exit code:3",
        " Exit code: 3",
        "Chunk ID: 1\nWall time: 0.0532 seconds\nProcess exited with code 0\nOriginal token count: 3\nOutput:\nhi",
        "Process exited with code x, then Process exited with code -7\nOutput:\nProcess exited with code 9",
        "Output:\nProcess exited with code 9",
        "Wall time: 1. seconds\nWall time: 2.5 seconds",
        "Wall time: 1.5seconds\nWall time: 3 seconds later",
        "x Wall time: 4 seconds\n\nWall time: \u0664 seconds\nWall time: 5.25 seconds",
        "Wall time: 1.2.3 seconds\nWall time: 7 seconds",
        "Wall time: 99999999999999999999999999999999999999 seconds",
        "Wall time: ",
        "Process exited with code ",
        "",
        "{\"output\":\"x\",\"metadata\":{\"exit_code\":1,\"duration_seconds\":0.5}}",
        "{\"output\":\"x\"}\nProcess exited with code 4",
        new string('a', 3000) + "\nWall time: 1 seconds\nProcess exited with code 5",
        "Wall time: 2 seconds\r\nProcess exited with code 1\r\nOutput:\r\n",
        // JSON outputs, read in one reader pass where a document was built: the last of equal names, names unescaped,
        // values of other kinds, numbers at the edges, nesting, text after the object, bad JSON.
        "  {\"metadata\":{\"exit_code\":0}}",
        "{\"metadata\":{\"exit_code\":1,\"exit_code\":2,\"duration_seconds\":1,\"duration_seconds\":\"2\"}}",
        "{\"metadata\":{\"exit_code\":1,\"duration_seconds\":3},\"metadata\":\"none\"}",
        "{\"metadata\":[1],\"metadata\":{\"exit_code\":4,\"duration_seconds\":0.25}}",
        "{\"metad\\u0061ta\":{\"exit_\\u0063ode\":5,\"duration_second\\u0073\":2.5}}",
        "{\"metadata\":{\"exit_code\":{\"exit_code\":6},\"duration_seconds\":[7],\"x\":{\"metadata\":{\"exit_code\":8}}}}",
        "{\"metadata\":{\"exit_code\":3000000000,\"duration_seconds\":1e400}}",
        "{\"metadata\":{\"exit_code\":7.0,\"duration_seconds\":-0.0}}",
        "{\"metadata\":{\"exit_code\":-7,\"duration_seconds\":-1}}",
        "{\"metadata\":{\"exit_code\":1E1,\"duration_seconds\":2E-1}}",
        "{\"metadata\":{\"exit_code\":9,\"duration_seconds\":1.5}} trailing",
        "{\"metadata\":{\"exit_code\":9,\"duration_seconds\":1.5}}\n\t ",
        "{\"metadata\":{\"exit_code\":9,\"duration_seconds\":1.5}",
        "{\"metadata\":{\"exit_code\":9,},}",
        "{\"output\":\"caf\u00e9 \u4e2d\",\"metadata\":{\"exit_code\":10}}",
        "{\"output\":\"\ud83d\ude00\",\"metadata\":{\"exit_code\":11}}",
        "{\"metadata\":null}",
        "{}",
    };

    [Theory]
    [MemberData(nameof(Outputs))]
    public void Each_output_reads_as_the_former_expressions_read_it(string text) => AssertSameAsExpressions(text);

    [CorpusFact("codex")]
    public void Every_corpus_and_sample_output_reads_as_the_former_expressions_read_it()
    {
        var files = RepoPaths.CorpusFiles("codex", ".jsonl").Concat(Directory.EnumerateFiles(RepoPaths.Samples("codex"))).ToList();
        var outputs = 0;
        foreach (var path in files)
            foreach (var line in File.ReadLines(path))
            {
                if (!line.Contains("\"output\"", StringComparison.Ordinal)) continue;
                using var doc = TryParse(line);
                if (doc is null || !doc.RootElement.TryGetProperty("payload", out var payload) || payload.ValueKind != System.Text.Json.JsonValueKind.Object
                    || !payload.TryGetProperty("output", out var output) || output.ValueKind != System.Text.Json.JsonValueKind.String) continue;
                AssertSameAsExpressions(output.GetString()!);
                outputs++;
            }
        Assert.True(outputs > 0, "no tool output found in the Codex corpus and samples");
    }

    private static System.Text.Json.JsonDocument? TryParse(string line)
    {
        try
        {
            return System.Text.Json.JsonDocument.Parse(line);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static void AssertSameAsExpressions(string text)
    {
        var result = CodexOutput.FromText(text);
        Assert.Equal(ExpectedExit(text, out var jsonDuration), result.ExitCode);
        Assert.Equal(ExpectedWallTime(text) ?? jsonDuration, result.Duration);
    }

    // The former CodexOutput, with its expressions.
    private static int? ExpectedExit(string text, out TimeSpan? jsonDuration)
    {
        jsonDuration = null;
        var head = HeadExit.Match(text);
        if (head.Success) return Int(head.Groups[1].Value);
        if (text.TrimStart().StartsWith('{') && JsonExit(text, out jsonDuration) is { } code) return code;
        var exited = ProcessExited.Match(Header(text));
        return exited.Success ? Int(exited.Groups[1].Value) : null;
    }

    /// <summary>The JSON rule: <c>metadata.exit_code</c>, and <c>metadata.duration_seconds</c> whether or not there is a code.</summary>
    private static int? JsonExit(string text, out TimeSpan? duration)
    {
        duration = null;
        using var doc = TryParse(text);
        if (doc is null || doc.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object
            || !doc.RootElement.TryGetProperty("metadata", out var meta) || meta.ValueKind != System.Text.Json.JsonValueKind.Object) return null;
        if (meta.TryGetProperty("duration_seconds", out var d) && d.ValueKind == System.Text.Json.JsonValueKind.Number && d.TryGetDouble(out var s)
            && double.IsFinite(s) && s >= 0)
            duration = Seconds.ToTimeSpan(s);
        return meta.TryGetProperty("exit_code", out var e) && e.ValueKind == System.Text.Json.JsonValueKind.Number && e.TryGetInt32(out var v) ? v : null;
    }

    private static TimeSpan? ExpectedWallTime(string text)
    {
        var m = WallTimeLine.Match(Header(text));
        return m.Success && double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && double.IsFinite(s)
            ? Seconds.ToTimeSpan(s)
            : null;
    }

    private static string Header(string text)
    {
        var window = text.Length > 2048 ? text[..2048] : text;
        var output = window.IndexOf("\nOutput:", StringComparison.Ordinal);
        return output >= 0 ? window[..output] : window.Length > 512 ? window[..512] : window;
    }

    private static int? Int(string digits) =>
        int.TryParse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;
}
