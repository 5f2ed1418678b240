using TraceCurate.Cli;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// A bad line inside a whole-file session reaches the user as a diagnostic with the file's own line number
/// (BadRecordException.Line is relative to the record, which starts on line 1).
/// </summary>
public sealed class SessionDiagnosticsTests
{
    [Theory]
    [InlineData("pi", "fix-grid-snap.jsonl", 7)]
    [InlineData("claude-code", "cart-rounding.jsonl", 12)]
    public void A_bad_line_in_a_session_file_is_reported_with_its_file_line(string format, string sample, int badLine)
    {
        var dir = Path.Combine(Path.GetTempPath(), "tc-diag-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var lines = File.ReadAllLines(Path.Combine(RepoPaths.Samples(format), sample));
            lines[badLine - 1] = lines[badLine - 1][..20];
            var input = Path.Combine(dir, sample);
            File.WriteAllLines(input, lines);
            var recipe = Path.Combine(dir, "r.yaml");
            File.WriteAllText(recipe, "version: \"1\"\nname: diag\ninputs:\n  - " + sample + "\noutputs:\n  - path: out.jsonl\n    format: trace\n");
            var stdout = new StringWriter();
            var stderr = new StringWriter();
            var code = CliApp.Run(["run", recipe], stdout, stderr);
            Assert.Equal(1, code);
            Assert.Contains($"{sample}({badLine}", stderr.ToString() + stdout);
            Assert.Contains("TC0004", stderr.ToString() + stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("pi", """{"type":"message","id":"a","parentId":null,"timestamp":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":["text",3,null]}}""")]
    [InlineData("pi", """{"type":"message","id":"a","parentId":null,"timestamp":"2026-01-01T00:00:00Z","message":"hello"}""")]
    [InlineData("pi", """{"type":"message","id":"a","parentId":null,"timestamp":"yesterday","message":{"role":"user","content":"x"}}""")]
    [InlineData("pi", """{"type":"message","id":"a","parentId":null,"message":{"role":"assistant","content":[],"usage":{"input":"many"}}}""")]
    [InlineData("pi", """[1,2]""")]
    [InlineData("claude-code", """{"type":"assistant","uuid":"u","sessionId":"s","message":{"id":"m","content":["text",{"type":"tool_use"}]}}""")]
    [InlineData("claude-code", """{"type":"user","uuid":"u","sessionId":"s","message":[]}""")]
    [InlineData("claude-code", """{"type":"user","uuid":"u","sessionId":"s","message":{"content":[{"type":"tool_result","tool_use_id":"x","content":{"a":1}}]},"toolUseResult":7}""")]
    [InlineData("claude-code", """{"type":"assistant","uuid":"u","sessionId":"s","isSidechain":"yes","message":{}}""")]
    public void Odd_but_valid_JSON_gives_a_trace_or_a_bad_record_never_another_exception(string format, string line)
    {
        var reader = FormatRegistry.Find(format)!;
        var header = format == "pi" ? """{"type":"session","version":3,"id":"s","timestamp":"2026-01-01T00:00:00Z","cwd":"/w"}""" + "\n" : "";
        var text = header + line + "\n" + (format == "pi"
            ? """{"type":"label","id":"z","parentId":null,"timestamp":"2026-01-01T00:00:00Z","targetId":"a","label":"x"}"""
            : """{"type":"user","uuid":"z","sessionId":"s","message":{"content":"ok"}}""") + "\n";
        try
        {
            Assert.NotNull(ReaderRun.Text(reader, text));
        }
        catch (BadRecordException e)
        {
            Assert.True(e.Line > 0, e.Message);
        }
    }
}
