using System.Text;
using System.Text.Json;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// User lines with long tool results, which the reader parses from a slim copy (their texts left as the line's bytes,
/// <c>toolUseResult</c> cut to the fields it reads), and the companion files a sub-agent file reads.
/// </summary>
public sealed partial class ClaudeCodeReaderTests
{
    /// <summary>A tool_result line with <paramref name="content"/> (a JSON value, written as given) and a large toolUseResult.</summary>
    private static string ResultLine(string uuid, string parent, string callId, string content, string toolUseResult) =>
        Line("user", uuid, parent, $$"""{"role":"user","content":[{"type":"tool_result","tool_use_id":"{{callId}}","content":{{content}}}]}""",
            $$""","toolUseResult":{{toolUseResult}}""");

    private static string Padding(int n) => string.Concat(Enumerable.Range(0, n).Select(i => $"line {i}: caf\\u00e9 \\\"quoted\\\" \\ttab ü\\n"));

    [Fact]
    public void Long_tool_results_read_as_the_JSON_text_says_with_exit_codes_and_the_interrupt_flag()
    {
        var plain = JsonSerializer.Serialize("Exit code 3\n" + new string('x', 600));
        var escaped = "\"Exit code 12\\n" + Padding(40) + "\"";
        var escapedPrefix = "\"\\u0045xit code 7\\n" + Padding(40) + "\""; // decodes to "Exit code 7…": the prefix is read after decoding
        var blocks = "[{\"type\":\"text\",\"text\":\"" + Padding(30) + "\"},{\"type\":\"image\",\"source\":{}},{\"type\":\"text\",\"text\":\"short\"}]";
        var bulky = "{\"stdout\":\"" + Padding(50) + "\",\"interrupted\":true,\"agentId\":\"abc\",\"nested\":{\"interrupted\":false}}";
        var texts = new[] { plain, escaped, escapedPrefix, blocks };
        var lines = new List<string> { Line("user", "u0", null, Prompt("run them")) };
        var parent = "u0";
        for (var k = 0; k < texts.Length; k++)
        {
            lines.Add(Line("assistant", $"a{k}", parent, Use($"m{k}", $"c{k}")));
            lines.Add(ResultLine($"r{k}", $"a{k}", $"c{k}", texts[k], k == 1 ? bulky : "{\"stdout\":\"" + Padding(20) + "\"}"));
            parent = $"r{k}";
        }
        var trace = Assert.Single(ReaderRun.Text(Reader, Lines([.. lines])));

        // What the JSON says, by System.Text.Json on each value alone: a string, or the text blocks joined, images as [image].
        static string Expected(string json)
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.String ? doc.RootElement.GetString()!
                : string.Join("\n", doc.RootElement.EnumerateArray().Select(b => b.GetProperty("type").GetString() == "image" ? "[image]" : b.GetProperty("text").GetString()));
        }
        Assert.Equal(texts.Select(Expected), trace.Actions.Select(a => a.Output));
        Assert.Equal(texts.Select(Expected), trace.Messages.Where(m => m.Role == TraceCurate.Traces.Role.Tool).Select(m => m.Text));
        Assert.Equal(new int?[] { 3, 12, 7, null }, trace.Actions.Select(a => a.ExitCode));
        Assert.Equal([false, true, false, false], trace.Actions.Select(a => a.Interrupted));
        Assert.All(trace.Actions, a => Assert.False(a.Failed));
    }

    [Fact]
    public void A_tool_result_line_with_a_key_twice_reads_the_last_one_as_a_lookup_does()
    {
        var long1 = JsonSerializer.Serialize(new string('a', 700));
        var text = Lines(
            Line("user", "u0", null, Prompt("go")),
            Line("assistant", "a0", "u0", Use("m0", "c0")),
            Line("user", "r0", "a0", $$"""{"role":"user","content":[{"type":"tool_result","tool_use_id":"c0","content":{{long1}},"content":"second"}]}""",
                $$""","toolUseResult":{"interrupted":true,"stdout":{{long1}}},"toolUseResult":{"interrupted":false,"stdout":{{long1}}}"""));
        var action = Assert.Single(Assert.Single(ReaderRun.Text(Reader, text)).Actions);
        Assert.Equal("second", action.Output);
        Assert.False(action.Interrupted);
    }

    [Fact]
    public void A_sub_agent_file_whose_indented_meta_file_or_session_line_is_not_UTF8_is_read_with_a_warning()
    {
        using var scratch = new TempFolder();
        const string sessionId = "c0a1b2c3-0000-4000-8000-00000000c005";
        var sample = RepoPaths.Samples("claude-code", "subagent-session");
        foreach (var file in Directory.GetFiles(sample, "*", SearchOption.AllDirectories))
            scratch.Write(Path.GetRelativePath(sample, file), File.ReadAllBytes(file));
        // An indented meta file with a byte that is no UTF-8 in the field the reader decodes.
        scratch.Write(Path.Combine(sessionId, "subagents", "agent-a111111.meta.json"),
            [.. "{\n  \"toolUseId\": \"toolu_"u8, 0xFF, .. "x\",\n  \"description\": \"Haiku one\"\n}\n"u8]);
        // The session line holding agent c's Task call gets a bad byte in its prompt (the one agent c is linked by).
        var sessionPath = scratch.File(sessionId + ".jsonl");
        var session = File.ReadAllBytes(sessionPath);
        var at = IndexOf(session, "\"id\":\"toolu_c5_c\""u8);
        at = IndexOf(session, "\"prompt\":\""u8, at) + "\"prompt\":\""u8.Length;
        File.WriteAllBytes(sessionPath, [.. session[..at], 0xFF, .. session[at..]]);

        var a = Assert.Single(ReaderRun.File(Reader, scratch.File(Path.Combine(sessionId, "subagents", "agent-a111111.jsonl"))));
        Assert.Equal("toolu_c5_a", a.Meta("parentToolUseId")); // by its result's agentId in the session file instead
        Assert.Null(a.Meta("agentMeta"));
        Assert.Contains(a.Warnings, w => w.Contains("agent-a111111.meta.json", StringComparison.Ordinal) && w.Contains("UTF-8", StringComparison.Ordinal));
        var c = Assert.Single(ReaderRun.File(Reader, scratch.File("agent-c333333.jsonl")));
        Assert.Null(c.Meta("parentToolUseId"));
        Assert.Contains(c.Warnings, w => w.Contains("no Task call in " + sessionId + ".jsonl", StringComparison.Ordinal));
        // Read as a user does: the session file's bad line is its own skipped line; no file fails on another's damage.
        var (exit, _, err) = scratch.Cli("inspect", scratch.Path, "--skip-bad-records");
        Assert.Equal(0, exit);
        Assert.DoesNotContain("Exception", err);
        Assert.Contains($"{sessionId}.jsonl(", err);
        Assert.Contains("warning TC0004: skipped line, the rest of the session is kept: invalid UTF-8", err);
    }

    private static int IndexOf(byte[] bytes, ReadOnlySpan<byte> needle, int from = 0)
    {
        var i = bytes.AsSpan(from).IndexOf(needle);
        Assert.True(i >= 0, Encoding.UTF8.GetString(needle) + " not found");
        return from + i;
    }
}
