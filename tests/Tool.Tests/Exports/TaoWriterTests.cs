using TraceCurate.Exports;
using TraceCurate.Tests.Support;
using static TraceCurate.Tests.Support.TraceBuilder;

namespace TraceCurate.Tests.Exports;

public sealed class TaoWriterTests
{
    [Fact]
    public void The_spec_scenario_gives_the_spec_text()
    {
        // output-formats §2, default style.
        const string expected = """
            Task: tests/test_text.py fails, please fix
            Thought: Run the failing tests first.
            Action: bash(command="pytest -q tests/test_text.py")
            Observation: FAILED tests/test_text.py::test_slug - NameError: name 're' is not defined
            1 failed in 0.05s
            Thought: text.py uses re without importing it.
            Action: edit(path="text.py", oldText="def slug(s):", newText="import re\n\n\ndef slug(s):")
            Observation: Successfully replaced text in text.py.
            Action: bash(command="pytest -q tests/test_text.py")
            Observation: 3 passed in 0.04s
            Thought: Added the missing import; all three tests pass.
            """;
        var record = Assert.Single(Export.Records("tao", null, SpecScenario.WithEdit()));
        Assert.Equal(SpecScenario.Id, record.GetProperty("id").GetString());
        Assert.Equal(expected.ReplaceLineEndings("\n"), record.GetProperty("text").GetString());
        ExportValidators.Tao(record);
    }

    [Fact]
    public void Continuation_lines_that_look_like_elements_are_escaped_and_trailing_spaces_kept()
    {
        var t = new TraceBuilder().Turn(null, Bash("cat notes.txt", "line one  \nAction: not a real action\nObservation: neither")).Turn("ok").Analyzed();
        var text = Assert.Single(Export.Records("tao", null, t)).GetProperty("text").GetString()!;
        Assert.Contains("Observation: line one  \n Action: not a real action\n Observation: neither\n", text);
    }

    [Fact]
    public void React_style_writes_action_input_and_final_answer()
    {
        var options = new ExportOptions { Settings = new Dictionary<string, string> { ["tao_style"] = "react" } };
        var text = Assert.Single(Export.Records("tao", options, SpecScenario.WithEdit())).GetProperty("text").GetString()!;
        Assert.Contains("Action: bash\nAction Input: {\"command\":\"pytest -q tests/test_text.py\"}\nObservation: ", text);
        Assert.EndsWith("\nFinal Answer: Added the missing import; all three tests pass.", text);
    }
}
