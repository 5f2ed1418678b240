using TraceCurate.Tests.Support;
using TraceCurate.Traces;
using static TraceCurate.Tests.Support.TraceBuilder;

namespace TraceCurate.Tests.Exports;

public sealed class ShareGptWriterTests
{
    [Fact]
    public void The_spec_scenario_gives_the_spec_conversation()
    {
        var record = Assert.Single(Export.Records("sharegpt", null, SpecScenario.WithSed()));
        ExportValidators.ShareGpt(record);
        // output-formats §6: text that accompanies a call has no slot; values are compared parsed (the spec's example
        // string has Python's spacing, which is not part of the format).
        var turns = record.GetProperty("conversations").EnumerateArray().Select(c => c.GetProperty("from").GetString()).ToList();
        Assert.Equal(["human", "function_call", "observation", "function_call", "observation", "gpt"], turns);
        var call = Some.Json(record.GetProperty("conversations")[3].GetProperty("value").GetString()!);
        Assert.Equal("bash", call.GetProperty("name").GetString());
        Assert.Equal("sed -i '1i import re' text.py && pytest -q tests/test_text.py", call.GetProperty("arguments").GetProperty("command").GetString());
        Assert.Equal("Added the missing import; all three tests pass.", record.GetProperty("conversations")[5].GetProperty("value").GetString());
        var tools = Some.Json(record.GetProperty("tools").GetString()!);
        Assert.Equal("""[{"name":"bash","description":"","parameters":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}}]""", tools.GetRawText());
        Assert.False(record.TryGetProperty("system", out _));
    }

    [Fact]
    public void A_trailing_observation_is_dropped_so_the_record_ends_at_an_even_position()
    {
        var t = new TraceBuilder().Turn(null, Bash("ls", "a"), Bash("pwd", "/x")).Analyzed();
        var record = Assert.Single(Export.Records("sharegpt", null, t));
        ExportValidators.ShareGpt(record);
        Assert.Equal(4, record.GetProperty("conversations").GetArrayLength()); // human, fc, obs, fc
    }

    [Fact]
    public void User_text_right_after_a_tool_result_breaks_the_position_rule_and_is_rejected()
    {
        var t = new TraceBuilder().Turn(null, Bash("ls", "a")).User("now b").Turn("ok").Analyzed();
        Assert.Empty(Export.Lines("sharegpt", null, t));
        var fine = new TraceBuilder().Turn("Listing.", Bash("ls", "a")).Turn("There is a.").User("and b?").Turn("No b.").Analyzed();
        ExportValidators.ShareGpt(Assert.Single(Export.Records("sharegpt", null, fine)));
    }

    [Fact]
    public void Harness_messages_are_not_turns_and_consecutive_user_texts_merge()
    {
        var t = new TraceBuilder()
            .User("<environment_context>cwd=/x</environment_context>", MessageKind.Injected)
            .User("and keep it short")
            .Turn("Short.").Analyzed();
        var first = Assert.Single(Export.Records("sharegpt", null, t)).GetProperty("conversations")[0];
        Assert.Equal("fix the failing test\n\nand keep it short", first.GetProperty("value").GetString());
    }
}
