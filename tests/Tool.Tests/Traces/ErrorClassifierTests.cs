using TraceCurate.Tests.Support;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Tests.Traces;

public sealed class ErrorClassifierTests
{
    private static Action Bash(string command, int? exit, string output = "", bool? native = null) => new()
    {
        Name = "bash", Arguments = Some.Json(System.Text.Json.JsonSerializer.Serialize(new { command })), Output = output,
        ExitCode = exit, NativeIsError = native, Failed = exit is not (null or 0) || native == true,
    };

    private static Action Classify(Action a, string format = "test") => ErrorClassifier.Classify(a, format);

    [Theory]
    [InlineData("grep -rn TODO src", "no_match")]
    [InlineData("rg foo", "no_match")]
    [InlineData("cat log.txt | grep ERROR", "no_match")]
    [InlineData("cd repo && git grep -n foo", "no_match")]
    [InlineData("diff a.txt b.txt", "expected_nonzero")]
    [InlineData("cmp a b", "expected_nonzero")]
    [InlineData("test -f setup.py", "expected_nonzero")]
    [InlineData("[ -d build ]", "expected_nonzero")]
    [InlineData("git diff --exit-code", "expected_nonzero")]
    [InlineData("sudo grep root /etc/shadow", "no_match")]
    [InlineData("LC_ALL=C grep x y", "no_match")]
    public void Exit_1_of_a_search_or_comparison_is_an_answer_not_a_failure(string command, string expected)
    {
        var a = Classify(Bash(command, 1));
        Assert.Equal(expected, a.ErrorClass);
        Assert.False(a.Failed);
    }

    [Theory]
    [InlineData("grep foo missing.txt", 2, "grep: missing.txt: No such file or directory", "shell_error")]
    [InlineData("grep foo x | wc -l", 1, "", "tool_failure")]
    [InlineData("git diff", 1, "", "tool_failure")]
    [InlineData("pytest -q", 1, "FAILED tests/test_text.py::test_slug - NameError: name 're' is not defined\n1 failed in 0.05s", "test_failure")]
    [InlineData("dotnet build", 1, "Program.cs(3,1): error CS1002: ; expected\nBuild FAILED.", "build_error")]
    [InlineData("python x.py", 1, "Traceback (most recent call last):\n  File \"x.py\", line 1\nValueError: bad", "python_exception")]
    [InlineData("foo", 127, "bash: foo: command not found", "shell_error")]
    [InlineData("sleep 100", 124, "", "timeout")]
    [InlineData("curl https://example.invalid", 6, "curl: (6) Could not resolve host: example.invalid", "network")]
    [InlineData("make", 2, "something odd happened", "tool_failure")]
    public void A_non_zero_exit_is_a_failure_classed_by_its_output(string command, int exit, string output, string expected)
    {
        var a = Classify(Bash(command, exit, output));
        Assert.Equal(expected, a.ErrorClass);
        Assert.True(a.Failed);
    }

    [Fact]
    public void Exit_0_is_success_whatever_the_text_says()
    {
        var a = Classify(Bash("pytest", 0, "FAILED earlier, now fixed\nTraceback (most recent call last):"));
        Assert.Equal("none", a.ErrorClass);
        Assert.False(a.Failed);
    }

    [Fact]
    public void AgentTrace_python_tools_that_exit_0_still_get_the_traceback_patterns()
    {
        var python = new Action { Name = "python_interpreter", ExitCode = 0, Output = "NameError: name 'x' is not defined" };
        Assert.Equal("python_exception", Classify(python, "agenttrace").ErrorClass);
        Assert.True(Classify(python, "agenttrace").Failed);
        Assert.Equal("none", Classify(python, "pi").ErrorClass); // only AgentTrace's exit codes are in doubt
    }

    [Fact]
    public void Text_only_formats_use_the_patterns_and_anchors_keep_source_listings_out()
    {
        var swe = new Action { Name = "python", Output = "Traceback (most recent call last):\n  File \"reproduce.py\", line 3\nKeyError: 'x'" };
        Assert.Equal("python_exception", Classify(swe, "swe-agent").ErrorClass);
        // A numbered listing that mentions an error class is not an error (the line starts with its number).
        var listing = new Action { Name = "open", Output = "12:    raise ValueError: never\n13:FAILED = 3" };
        Assert.Equal("none", Classify(listing, "swe-agent").ErrorClass);
        Assert.False(Classify(listing, "swe-agent").Failed);
    }

    [Fact]
    public void Windows_line_ends_do_not_hide_line_end_anchors()
    {
        var a = new Action { Name = "bash", Output = "bash: nosuch: command not found\r\nmore", NativeIsError = true, Failed = true };
        Assert.Equal("shell_error", Classify(a).ErrorClass);
    }

    [Fact]
    public void The_native_flag_decides_when_there_is_no_exit_code()
    {
        Assert.Equal("tool_failure", Classify(new Action { Name = "Read", Output = "File does not exist.", NativeIsError = true }).ErrorClass);
        Assert.Equal("tool_misuse", Classify(new Action { Name = "Edit", Output = "<tool_use_error>String to replace not found</tool_use_error>", NativeIsError = true }).ErrorClass);
        Assert.Equal("timeout", Classify(new Action { Name = "bash", Output = "Command timed out after 120 seconds", NativeIsError = true }).ErrorClass);
        var clean = Classify(new Action { Name = "bash", Output = "Traceback (most recent call last):", NativeIsError = false });
        Assert.Equal("none", clean.ErrorClass);
    }

    [Theory]
    [InlineData("The user doesn't want to proceed with this tool use. The tool use was rejected.", "rejected")]
    [InlineData("Permission to use Bash has been denied.", "permission_denied")]
    [InlineData("Claude requested permissions to write to /x, but you haven't granted it yet.", "permission_denied")]
    [InlineData("Tool execution was blocked by a hook", "hook_block")]
    [InlineData("Skipped due to queued user message.", "skipped")]
    [InlineData("Command aborted", "interrupted")]
    [InlineData("Warmup", "warmup")]
    public void Calls_the_user_or_harness_stopped_are_not_agent_failures(string output, string expected)
    {
        var a = Classify(new Action { Name = "Bash", Output = output, NativeIsError = true, Failed = true });
        Assert.Equal(expected, a.ErrorClass);
        Assert.False(a.Failed);
        Assert.True(a.Rejected || a.Interrupted || expected == "warmup");
    }

    [Fact]
    public void A_call_without_result_is_no_result_and_reader_flags_win()
    {
        Assert.Equal("no_result", Classify(new Action { Name = "bash", Output = null }).ErrorClass);
        var interrupted = Classify(new Action { Name = "bash", Output = "partial", ExitCode = 1, Interrupted = true });
        Assert.Equal("interrupted", interrupted.ErrorClass);
        Assert.False(interrupted.Failed);
    }

    [Fact]
    public void A_reader_failure_without_native_flag_or_exit_code_is_kept()
    {
        var a = Classify(new Action { Name = "custom", Output = "it broke", Failed = true });
        Assert.Equal("tool_failure", a.ErrorClass);
        Assert.True(a.Failed);
    }

    [Fact]
    public void A_marker_on_the_last_line_of_a_long_output_is_found()
    {
        var output = string.Concat(Enumerable.Repeat("compiling module\n", 500)) + "Command aborted";
        var a = Classify(new Action { Name = "bash", Output = output, NativeIsError = true, Failed = true });
        Assert.Equal("interrupted", a.ErrorClass);
    }

    [Theory]
    [InlineData("ok\nThe user doesn't want to take this action\n", "rejected")] // on a later line of the head
    [InlineData("Tool execution was blocked\nThe user doesn't want to proceed with this tool use", "rejected")] // rejection outranks a hook
    [InlineData("note: Command aborted", null)] // not at a line start
    [InlineData("Blocked", null)] // a marker cut short is no marker
    public void Markers_count_only_at_line_starts_and_in_table_order(string output, string? expected)
    {
        var a = Classify(new Action { Name = "bash", Output = output, NativeIsError = true, Failed = true });

        Assert.Equal(expected ?? "tool_failure", a.ErrorClass);
    }

    [Fact]
    public void Markers_in_the_middle_of_a_long_output_or_across_the_head_boundary_are_not_searched()
    {
        var filler = new string('x', 2040) + "\n"; // 2041 characters: the next line starts 7 before the head's end
        var straddling = Classify(new Action { Name = "bash", Output = filler + "Blocked: by policy" + new string('y', 4000), NativeIsError = true, Failed = true });
        var middle = Classify(new Action { Name = "bash", Output = new string('x', 3000) + "\nCommand aborted\n" + new string('y', 3000), NativeIsError = true, Failed = true });
        var inHead = Classify(new Action { Name = "bash", Output = new string('x', 2000) + "\nBlocked:" + new string('y', 4000), NativeIsError = true, Failed = true });

        Assert.Equal("tool_failure", straddling.ErrorClass);
        Assert.Equal("tool_failure", middle.ErrorClass);
        Assert.Equal("hook_block", inHead.ErrorClass);
    }
}
