using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Tests.Support;

/// <summary>
/// The scenario of output-formats.md (a Python repo whose tests fail for want of <c>import re</c>), as a reader would
/// hand it over, so writer tests can compare against the spec's own example records.
/// </summary>
public static class SpecScenario
{
    public const string Id = "71c0e2d4-5b3a-4c8e-9f10-2a3b4c5d6e7f";
    public const string Task = "tests/test_text.py fails, please fix";
    public const string Failing = "FAILED tests/test_text.py::test_slug - NameError: name 're' is not defined\n1 failed in 0.05s";

    /// <summary>§1.4, §2 and §4: run the tests, edit text.py, rerun them.</summary>
    public static Trace WithEdit() => Analyzed(
        ("Run the failing tests first.", "toolu_a1", "bash", """{"command":"pytest -q tests/test_text.py"}""", Failing, true),
        ("text.py uses re without importing it.", "toolu_a2", "edit", """{"path":"text.py","oldText":"def slug(s):","newText":"import re\n\n\ndef slug(s):"}""", "Successfully replaced text in text.py.", false),
        (null, "toolu_a3", "bash", """{"command":"pytest -q tests/test_text.py"}""", "3 passed in 0.04s", false));

    /// <summary>§5, §6 and §7: run the tests, then fix and rerun in one shell command.</summary>
    public static Trace WithSed() => Analyzed(
        ("Run the failing tests first.", "toolu_a1", "bash", """{"command":"pytest -q tests/test_text.py"}""", Failing, true),
        (null, "toolu_a2", "bash", """{"command":"sed -i '1i import re' text.py && pytest -q tests/test_text.py"}""", "3 passed in 0.04s", false));

    private static Trace Analyzed(params (string? Text, string Id, string Tool, string Args, string Output, bool Error)[] turns)
    {
        var messages = new List<Message> { new() { Role = Role.User, Text = Task } };
        var actions = new List<Action>();
        for (var i = 0; i < turns.Length; i++)
        {
            var (text, id, tool, args, output, error) = turns[i];
            var json = Some.Json(args);
            messages.Add(new Message { Role = Role.Assistant, Text = text, Turn = i + 1, ToolCalls = [new ToolCall { Id = id, Name = tool, Arguments = json }] });
            messages.Add(new Message { Role = Role.Tool, Text = output, ToolCallId = id, Turn = i + 1 });
            actions.Add(new Action
            {
                Index = i, Id = id, Name = tool, Arguments = json, Input = args, Output = output, NativeIsError = error, Failed = error, Turn = i + 1,
            });
        }
        messages.Add(new Message { Role = Role.Assistant, Text = "Added the missing import; all three tests pass.", Turn = turns.Length + 1, StopReason = "stop" });
        return TraceAnalyzer.Analyze(new Trace
        {
            Id = Id, Format = "pi", Task = Task, Messages = messages, Actions = actions, Turns = turns.Length + 1,
        });
    }
}
