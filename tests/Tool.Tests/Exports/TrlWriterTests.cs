using TraceCurate.Exports;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Exports;

public sealed class TrlWriterTests
{
    [Fact]
    public void The_spec_scenario_gives_the_spec_record_byte_for_byte()
    {
        // output-formats §7, joined onto one line.
        const string expected = """{"messages":[{"role":"user","content":"tests/test_text.py fails, please fix"},{"role":"assistant","content":"Run the failing tests first.","tool_calls":[{"id":"toolu_a1","type":"function","function":{"name":"bash","arguments":{"command":"pytest -q tests/test_text.py"}}}]},{"role":"tool","name":"bash","tool_call_id":"toolu_a1","content":"FAILED tests/test_text.py::test_slug - NameError: name 're' is not defined\n1 failed in 0.05s"},{"role":"assistant","content":"","tool_calls":[{"id":"toolu_a2","type":"function","function":{"name":"bash","arguments":{"command":"sed -i '1i import re' text.py && pytest -q tests/test_text.py"}}}]},{"role":"tool","name":"bash","tool_call_id":"toolu_a2","content":"3 passed in 0.04s"},{"role":"assistant","content":"Added the missing import; all three tests pass."}],"tools":[{"type":"function","function":{"name":"bash","description":"","parameters":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}}}]}""";
        var line = Assert.Single(Export.Lines("trl", null, SpecScenario.WithSed()));
        Assert.Equal(expected, line);
        ExportValidators.Trl(Some.Json(line));
    }

    [Fact]
    public void Thinking_goes_in_the_field_the_template_reads()
    {
        var trace = SpecScenario.WithSed();
        var thinking = trace with { Messages = trace.Messages.Select(m => m.Text == "Run the failing tests first." ? m with { Thinking = "hmm" } : m).ToList() };
        var options = new ExportOptions { IncludeThinking = true, Settings = new Dictionary<string, string> { ["thinking_field"] = "thinking" } };
        var record = Assert.Single(Export.Records("trl", options, thinking));
        Assert.Equal("hmm", record.GetProperty("messages")[1].GetProperty("thinking").GetString());
        Assert.DoesNotContain("hmm", Assert.Single(Export.Lines("trl", null, thinking)));
    }
}
