using TraceCurate.Exports;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;
using static TraceCurate.Tests.Support.TraceBuilder;

namespace TraceCurate.Tests.Exports;

public sealed class OpenAiWriterTests
{
    [Fact]
    public void The_spec_scenario_gives_the_spec_record_byte_for_byte()
    {
        // output-formats §4, joined onto one line.
        const string expected = """{"messages":[{"role":"user","content":"tests/test_text.py fails, please fix"},{"role":"assistant","content":"Run the failing tests first.","tool_calls":[{"id":"toolu_a1","type":"function","function":{"name":"bash","arguments":"{\"command\":\"pytest -q tests/test_text.py\"}"}}]},{"role":"tool","tool_call_id":"toolu_a1","content":"FAILED tests/test_text.py::test_slug - NameError: name 're' is not defined\n1 failed in 0.05s"},{"role":"assistant","content":"text.py uses re without importing it.","tool_calls":[{"id":"toolu_a2","type":"function","function":{"name":"edit","arguments":"{\"path\":\"text.py\",\"oldText\":\"def slug(s):\",\"newText\":\"import re\\n\\n\\ndef slug(s):\"}"}}]},{"role":"tool","tool_call_id":"toolu_a2","content":"Successfully replaced text in text.py."},{"role":"assistant","content":null,"tool_calls":[{"id":"toolu_a3","type":"function","function":{"name":"bash","arguments":"{\"command\":\"pytest -q tests/test_text.py\"}"}}]},{"role":"tool","tool_call_id":"toolu_a3","content":"3 passed in 0.04s"},{"role":"assistant","content":"Added the missing import; all three tests pass."}],"tools":[{"type":"function","function":{"name":"bash","description":"","parameters":{"type":"object","properties":{"command":{"type":"string"}},"required":["command"]}}},{"type":"function","function":{"name":"edit","description":"","parameters":{"type":"object","properties":{"path":{"type":"string"},"oldText":{"type":"string"},"newText":{"type":"string"}},"required":["path","oldText","newText"]}}}],"parallel_tool_calls":false}""";
        var line = Assert.Single(Export.Lines("openai", null, SpecScenario.WithEdit()));
        Assert.Equal(expected, line);
        ExportValidators.OpenAi(Some.Json(line));
    }

    [Fact]
    public void Parallel_calls_are_answered_in_call_order_and_flagged()
    {
        var t = new TraceBuilder()
            .Turn("Look at both.", Bash("cat a.txt", "A"), Bash("cat b.txt", "B"))
            .Turn("Both read.").Analyzed();
        var record = Assert.Single(Export.Records("openai", null, t));
        ExportValidators.OpenAi(record);
        Assert.True(record.GetProperty("parallel_tool_calls").GetBoolean());
        var roles = record.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString());
        Assert.Equal(["user", "assistant", "tool", "tool", "assistant"], roles);
    }

    [Fact]
    public void Tool_schemas_take_every_key_the_common_kind_and_keys_present_in_every_call()
    {
        var t = new TraceBuilder()
            .Turn(null, new Call("search", """{"q":"a","limit":5,"exact":true}""", "x", 0))
            .Turn(null, new Call("search", """{"q":"b","limit":2.5,"tags":["t"]}""", "y", 0))
            .Turn(null, new Call("search", """{"q":7,"limit":1}""", "z", 0))
            .Turn("ok").Analyzed();
        var tool = Assert.Single(Assert.Single(Export.Records("openai", null, t)).GetProperty("tools").EnumerateArray());
        Assert.Equal("""{"type":"object","properties":{"q":{},"limit":{"type":"number"},"exact":{"type":"boolean"},"tags":{"type":"array"}},"required":["q","limit"]}""",
            tool.GetProperty("function").GetProperty("parameters").GetRawText());
    }

    [Fact]
    public void Unparseable_arguments_bad_names_and_bad_ids_are_made_valid()
    {
        var trace = new TraceBuilder().Turn(null, new Call("mcp__srv.do thing", null, "done", 0)).Turn("ok").Build();
        var raw = trace with
        {
            Actions = [trace.Actions[0] with { Id = "id with space", Input = "not json {" }],
            Messages = trace.Messages.Select(m => m.Role == Role.Assistant && m.ToolCalls.Count > 0
                ? m with { ToolCalls = [m.ToolCalls[0] with { Id = "id with space" }] } : m).ToList(),
        };
        var record = Assert.Single(Export.Records("openai", null, TraceAnalyzer.Analyze(raw)));
        ExportValidators.OpenAi(record);
        var call = record.GetProperty("messages")[1].GetProperty("tool_calls")[0];
        Assert.Equal("call_0", call.GetProperty("id").GetString());
        Assert.Equal("mcp__srv_do_thing", call.GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("""{"input":"not json {"}""", call.GetProperty("function").GetProperty("arguments").GetString());
    }

    [Fact]
    public void Mask_errors_puts_weight_0_on_assistant_messages_whose_calls_failed()
    {
        var options = new ExportOptions { Settings = new Dictionary<string, string> { ["mask_errors"] = "true" } };
        var messages = Assert.Single(Export.Records("openai", options, SpecScenario.WithEdit())).GetProperty("messages").EnumerateArray().ToList();
        var weighted = messages.Select((m, i) => (m, i)).Where(x => x.m.TryGetProperty("weight", out _)).Select(x => x.i).ToList();
        Assert.Equal([1], weighted);
        Assert.Equal(0, messages[1].GetProperty("weight").GetInt32());
    }

    [Fact]
    public void A_trace_with_no_assistant_turn_is_rejected_not_written()
    {
        var empty = new TraceBuilder().Build();
        Assert.Empty(Export.Lines("openai", null, empty));
        Assert.Single(Export.Lines("openai", null, empty, SpecScenario.WithEdit()));
    }

    [Fact]
    public void A_record_whose_last_turn_made_calls_ends_with_their_results()
    {
        var t = new TraceBuilder().Turn("Checking.", Bash("ls", "a b")).Analyzed();
        var record = Assert.Single(Export.Records("openai", null, t));
        ExportValidators.OpenAi(record);
        Assert.Equal("tool", record.GetProperty("messages").EnumerateArray().Last().GetProperty("role").GetString());
    }

    [Fact]
    public void Arguments_strings_keep_quotes_and_non_ascii_readable_whatever_escapes_the_source_used()
    {
        // JsonSerializer writes ' as \u0027 and é as \u00e9; the record must not carry those escapes along.
        var t = new TraceBuilder().Turn(null, Bash("grep 'café' menu.txt", "café")).Turn("Found.").Analyzed();
        var call = Assert.Single(Export.Records("openai", null, t)).GetProperty("messages")[1].GetProperty("tool_calls")[0];
        Assert.Equal("{\"command\":\"grep 'café' menu.txt\"}", call.GetProperty("function").GetProperty("arguments").GetString());
        Assert.DoesNotContain("\\u0027", Assert.Single(Export.Lines("openai", null, t)));
    }
}
