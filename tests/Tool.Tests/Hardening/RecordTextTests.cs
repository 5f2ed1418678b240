using System.Text;
using System.Text.Json;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Text no decode can fail on (issue 28): invalid UTF-8 in a field nothing decodes passed silently and was copied by
/// <c>format: original</c>; the same byte in a field a snippet reads was reported as the snippet's error (TC0005);
/// in a session file the error named line 1. Each is now a bad record (TC0004) at its own line and column, skipped and
/// counted under <c>--skip-bad-records</c>.
/// </summary>
public sealed class RecordTextTests
{
    /// <summary>The sample with <paramref name="bad"/> put into the third line's first <c>tool_input</c>, and the column (1-based) where it starts.</summary>
    private static (byte[] File, int Column) SampleWithBadThirdLine(byte[] bad)
    {
        var lines = InputCases.SampleLines.Select(Encoding.UTF8.GetBytes).ToArray();
        var at = lines[2].AsSpan().IndexOf("kwargs="u8);
        Assert.True(at > 0);
        lines[2] = [.. lines[2][..at], .. bad, .. lines[2][at..]];
        return (lines.SelectMany(l => l.Append((byte)'\n')).ToArray(), at + 1);
    }

    private static string Recipe(string where) =>
        $"name: text\nsteps:\n  - name: judge\n    where: |\n      {where}\noutputs:\n  - path: kept.jsonl\n    format: original\n";

    [Fact]
    public void Invalid_utf8_in_a_field_nothing_decodes_is_a_bad_record_at_its_line_and_column_and_is_not_copied()
    {
        using var s = new TempFolder();
        var (bytes, column) = SampleWithBadThirdLine([0xC0]);
        File.WriteAllBytes(s.File("in.jsonl"), bytes);
        var recipe = s.Write("r.yaml", Recipe("true"));

        var failed = InputCases.Cli("run", recipe, "--out", s.File("out"), "-i", s.File("in.jsonl"));
        Assert.Equal(1, failed.Exit);
        Assert.Contains($"in.jsonl(3,{column}): error TC0004: invalid UTF-8: byte 0xC0", failed.Err);

        var skipped = InputCases.Cli("run", recipe, "--out", s.File("out"), "-i", s.File("in.jsonl"), "--skip-bad-records");
        Assert.True(skipped.Exit == 0, skipped.Err);
        var kept = File.ReadAllBytes(s.File("out/kept.jsonl"));
        Assert.Equal(-1, kept.AsSpan().IndexOf((byte)0xC0)); // not copied
        Assert.Equal(InputCases.SampleLines.Where((_, i) => i != 2), File.ReadAllLines(s.File("out/kept.jsonl")));
        using var manifest = JsonDocument.Parse(File.ReadAllBytes(s.File("out/manifest.json")));
        Assert.Equal(1, manifest.RootElement.GetProperty("inputs")[0].GetProperty("bad_records_skipped").GetInt32());
    }

    [Fact]
    public void Invalid_utf8_in_tool_input_read_by_a_snippet_is_the_inputs_bad_record_not_the_snippets_error()
    {
        using var s = new TempFolder();
        var (bytes, column) = SampleWithBadThirdLine([0xFF, 0xFE]);
        File.WriteAllBytes(s.File("in.jsonl"), bytes);
        var recipe = s.Write("r.yaml", Recipe("t.Actions.All(a => a.Input is not null)"));
        var (exit, _, err) = InputCases.Cli("run", recipe, "--out", s.File("out"), "-i", s.File("in.jsonl"));
        Assert.Equal(1, exit);
        Assert.Contains($"in.jsonl(3,{column}): error TC0004: invalid UTF-8", err);
        Assert.DoesNotContain("TC0005", err);
    }

    [Theory]
    [InlineData("\\ud800")]
    [InlineData("\\uDFFF")]
    [InlineData("\\udc00\\ud800")]
    [InlineData("\\ud83d\\ude00")]
    [InlineData("\\uD83D\\uDE00\\u00e9\\u001b[0m")]
    [InlineData("\\ud83d\\u0041")]
    [InlineData("\\\\ud800")]
    [InlineData("\\\\\\ud800")]
    [InlineData("\\u0044\\u00d8\\ud7ff\\ue000")]
    [InlineData("\\uD800x\\uDC00")]
    [InlineData("\\uDBFF\\uDFFF\\uDBFF")]
    public void The_surrogate_check_refuses_exactly_the_strings_System_Text_Json_cannot_decode(string escaped)
    {
        // The check lets \u escapes through on their first hex digit before looking closer: System.Text.Json's
        // decoding of the same string is the reference (it refuses a lone surrogate, and anything it cannot read).
        var json = Encoding.UTF8.GetBytes("{\"a\":\"" + escaped + "\"}");
        bool decodes;
        try
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
                if (reader.TokenType == JsonTokenType.String) reader.GetString();
            decodes = true;
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException)
        {
            decodes = false;
        }
        var passes = true;
        try
        {
            TraceCurate.Formats.RecordText.Check(json);
        }
        catch (TraceCurate.Diagnostics.BadRecordException)
        {
            passes = false;
        }
        Assert.Equal(decodes, passes);
    }

    [Fact]
    public void A_lone_surrogate_escape_is_a_bad_record_at_its_line_and_column_and_a_pair_is_not()
    {
        using var s = new TempFolder();
        var (lone, column) = SampleWithBadThirdLine("\\ud800"u8.ToArray());
        File.WriteAllBytes(s.File("lone.jsonl"), lone);
        var (pair, _) = SampleWithBadThirdLine("\\ud83d\\ude00 \\\\ud800"u8.ToArray()); // an emoji, then an escaped backslash and text
        File.WriteAllBytes(s.File("pair.jsonl"), pair);

        var bad = InputCases.Cli("inspect", s.File("lone.jsonl"));
        Assert.Equal(1, bad.Exit);
        Assert.Contains($"lone.jsonl(3,{column}): error TC0004: the escape \\ud800 stands for half a surrogate pair", bad.Err);
        var good = InputCases.Cli("inspect", "--json", s.File("pair.jsonl"));
        Assert.True(good.Exit == 0, good.Err);
        Assert.Equal(InputCases.SampleLines.Length, Assert.Single(InputCases.Inputs(good.Out)).GetProperty("traces").GetInt32());
    }

    [Fact]
    public void Invalid_utf8_in_a_session_file_is_reported_at_its_real_line()
    {
        using var s = new TempFolder();
        var lines = File.ReadAllBytes(RepoPaths.Samples("claude-code/cart-rounding.jsonl")).AsSpan().ToArray();
        // The 6th line's first quote gets a stray 0xFF after it; the line number is counted from the raw bytes.
        var starts = new List<int> { 0 };
        for (var i = 0; i < lines.Length; i++) if (lines[i] == '\n') starts.Add(i + 1);
        var at = Array.IndexOf(lines, (byte)'"', starts[5]) + 1;
        byte[] damaged = [.. lines[..at], 0xFF, .. lines[at..]];
        File.WriteAllBytes(s.File("session.jsonl"), damaged);
        var (exit, _, err) = InputCases.Cli("inspect", s.File("session.jsonl"));
        Assert.Equal(1, exit);
        Assert.Contains($"session.jsonl(6,{at - starts[5] + 1}): error TC0004: invalid UTF-8: byte 0xFF", err);
    }
}
