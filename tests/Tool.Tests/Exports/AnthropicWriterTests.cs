using TraceCurate.Exports;
using TraceCurate.Tests.Support;
using static TraceCurate.Tests.Support.TraceBuilder;

namespace TraceCurate.Tests.Exports;

public sealed class AnthropicWriterTests
{
    [Fact]
    public void The_spec_scenario_gives_the_spec_record_byte_for_byte()
    {
        // output-formats §5, joined onto one line.
        const string expected = """{"tools":[{"name":"bash","description":"","input_schema":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}}],"messages":[{"role":"user","content":"tests/test_text.py fails, please fix"},{"role":"assistant","content":[{"type":"text","text":"Run the failing tests first."},{"type":"tool_use","id":"toolu_a1","name":"bash","input":{"command":"pytest -q tests/test_text.py"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_a1","content":"FAILED tests/test_text.py::test_slug - NameError: name 're' is not defined\n1 failed in 0.05s","is_error":true}]},{"role":"assistant","content":[{"type":"tool_use","id":"toolu_a2","name":"bash","input":{"command":"sed -i '1i import re' text.py && pytest -q tests/test_text.py"}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_a2","content":"3 passed in 0.04s"}]},{"role":"assistant","content":[{"type":"text","text":"Added the missing import; all three tests pass."}]}]}""";
        var line = Assert.Single(Export.Lines("anthropic", null, SpecScenario.WithSed()));
        Assert.Equal(expected, line);
        ExportValidators.Anthropic(Some.Json(line));
    }

    [Fact]
    public void User_text_after_results_follows_them_in_one_message_and_thinking_comes_first()
    {
        var t = new TraceBuilder()
            .Turn("Look.", "I should list files.", null, Bash("ls", "a"), Bash("ls nope", "ls: cannot access 'nope': No such file or directory", 2))
            .User("also check b")
            .Turn("Done.").Analyzed();
        var record = Assert.Single(Export.Records("anthropic", new ExportOptions { IncludeThinking = true, SystemPrompt = "Be brief." }, t));
        ExportValidators.Anthropic(record);
        Assert.Equal("Be brief.", record.GetProperty("system").GetString());
        var messages = record.GetProperty("messages");
        Assert.Equal("""{"type":"thinking","thinking":"I should list files.","signature":""}""", messages[1].GetProperty("content")[0].GetRawText());
        var results = messages[2].GetProperty("content").EnumerateArray().Select(b => b.GetProperty("type").GetString());
        Assert.Equal(["tool_result", "tool_result", "text"], results);
        Assert.False(messages[2].GetProperty("content")[0].TryGetProperty("is_error", out _));
        Assert.True(messages[2].GetProperty("content")[1].GetProperty("is_error").GetBoolean());
    }

    [Fact]
    public void A_last_turn_with_calls_ends_the_record_without_its_results()
    {
        var t = new TraceBuilder().Turn("Checking.", Bash("ls", "a b")).Analyzed();
        var record = Assert.Single(Export.Records("anthropic", null, t));
        ExportValidators.Anthropic(record);
        Assert.Equal(2, record.GetProperty("messages").GetArrayLength());
    }
}
