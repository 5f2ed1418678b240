using TraceCurate.Exports;
using TraceCurate.Tests.Support;
using TraceCurate.Traces;
using static TraceCurate.Tests.Support.TraceBuilder;

namespace TraceCurate.Tests.Exports;

public sealed class CodeActWriterTests
{
    [Fact]
    public void The_spec_scenario_gives_the_spec_record_byte_for_byte()
    {
        // output-formats §1.4, joined onto one line.
        const string expected = """{"session_id":"71c0e2d4-5b3a-4c8e-9f10-2a3b4c5d6e7f","task":"tests/test_text.py fails, please fix","trajectory":[{"role":"thought","content":"Run the failing tests first."},{"role":"action","tool":"bash","args":{"command":"pytest -q tests/test_text.py"},"tool_use_id":"toolu_a1"},{"role":"observation","content":"FAILED tests/test_text.py::test_slug - NameError: name 're' is not defined\n1 failed in 0.05s","tool_use_id":"toolu_a1","is_error":true,"error_class":"test_failure"},{"role":"thought","content":"text.py uses re without importing it."},{"role":"action","tool":"edit","args":{"path":"text.py","oldText":"def slug(s):","newText":"import re\n\n\ndef slug(s):"},"tool_use_id":"toolu_a2"},{"role":"observation","content":"Successfully replaced text in text.py.","tool_use_id":"toolu_a2","is_error":false,"error_class":null},{"role":"action","tool":"bash","args":{"command":"pytest -q tests/test_text.py"},"tool_use_id":"toolu_a3"},{"role":"observation","content":"3 passed in 0.04s","tool_use_id":"toolu_a3","is_error":false,"error_class":null},{"role":"thought","content":"Added the missing import; all three tests pass."}],"outcome":"success","has_error_recovery":true,"error_recovery_spans":[[1,7]]}""";
        Assert.Equal(expected, Assert.Single(Export.Lines("codeact", null, SpecScenario.WithEdit())));
    }

    [Fact]
    public void Spans_follow_the_trajectory_as_written_and_overlapping_ones_merge()
    {
        // Two failures recovered by one action (one span), then a later independent recovery (a second span).
        var t = new TraceBuilder()
            .Turn("try", Bash("cd app && python hoge.py", "bash: python: command not found", 127))
            .User("use the venv")
            .Turn(null, Bash("cd app && python hoge.py", "bash: python: command not found", 127))
            .Turn("python3 then", Bash("cd app && python3 hoge.py", "hi"))
            .Turn(null, Bash("make", "make: *** No rule to make target", 2))
            .Turn(null, Bash("touch Makefile"))
            .Turn(null, Bash("make", "ok"))
            .Turn("Done.").Analyzed();
        var record = Assert.Single(Export.Records("codeact", null, t));
        ExportValidators.CodeAct(record);
        // thought0 action1 obs2 user3 action4 obs5 thought6 action7 obs8 | action9 obs10 action11 obs12 action13 obs14 thought15
        Assert.Equal("[[1,8],[9,14]]", record.GetProperty("error_recovery_spans").GetRawText());
        Assert.Equal("user", record.GetProperty("trajectory")[3].GetProperty("role").GetString());
    }

    [Fact]
    public void Strict_101_drops_the_extensions_and_the_spans_move_with_the_elements()
    {
        var t = new TraceBuilder()
            .Turn("try", Bash("pytest", "1 failed", 1)).User("hurry").Turn(null, Bash("sed -i x a.py")).Turn(null, Bash("pytest", "ok")).Turn("ok").Analyzed();
        var strict = Assert.Single(Export.Records("codeact", new ExportOptions { Settings = new Dictionary<string, string> { ["strict_101"] = "true" } }, t));
        Assert.False(strict.TryGetProperty("task", out _));
        Assert.DoesNotContain("tool_use_id", strict.GetRawText());
        Assert.DoesNotContain("\"user\"", strict.GetRawText());
        Assert.Equal("[[1,6]]", strict.GetProperty("error_recovery_spans").GetRawText());
        var loose = Assert.Single(Export.Records("codeact", null, t));
        Assert.Equal("[[1,7]]", loose.GetProperty("error_recovery_spans").GetRawText());
    }

    [Fact]
    public void A_recovery_whose_action_had_no_result_writes_no_span()
    {
        var t = new TraceBuilder().Turn(null, Bash("make", "error", 2)).Turn(null, Bash("sed -i x Makefile")).Turn(null, Bash("make", "ok")).Turn("done").Analyzed();
        var cut = t with { Actions = t.Actions.Select(a => a.Index == 2 ? a with { Output = null } : a).ToList() };
        var record = Assert.Single(Export.Records("codeact", null, cut));
        Assert.Equal("[]", record.GetProperty("error_recovery_spans").GetRawText());
        Assert.False(record.GetProperty("has_error_recovery").GetBoolean());
    }

    [Fact]
    public void Metadata_is_the_last_key_and_only_when_asked()
    {
        var t = SpecScenario.WithEdit();
        Assert.False(Assert.Single(Export.Records("codeact", null, t)).TryGetProperty("metadata", out _));
        var record = Assert.Single(Export.Records("codeact", new ExportOptions { IncludeMetadata = true }, t));
        Assert.Equal("metadata", record.EnumerateObject().Last().Name);
        var meta = record.GetProperty("metadata");
        Assert.Equal(3, meta.GetProperty("n_actions").GetInt32());
        Assert.Equal(1, meta.GetProperty("n_failed").GetInt32());
        Assert.Equal("""[{"failed":0,"recovered_by":2,"strength":"strong"}]""", meta.GetProperty("recoveries").GetRawText());
        Assert.Equal("""["last_verifier_passed"]""", meta.GetProperty("outcome_evidence").GetRawText());
    }
}
