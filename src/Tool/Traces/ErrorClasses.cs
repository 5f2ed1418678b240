namespace TraceCurate.Traces;

/// <summary>
/// The values of <see cref="Action.ErrorClass"/> (output-formats §9.1), as strings so recipes can compare them
/// (<c>a.ErrorClass == ErrorClasses.TestFailure</c>) and outputs write them unchanged.
/// </summary>
public static class ErrorClasses
{
    public const string None = "none";
    public const string ToolFailure = "tool_failure";
    public const string TestFailure = "test_failure";
    public const string BuildError = "build_error";
    public const string PythonException = "python_exception";
    public const string ShellError = "shell_error";
    public const string Network = "network";
    public const string Timeout = "timeout";
    public const string ToolMisuse = "tool_misuse";
    public const string NoMatch = "no_match";
    public const string ExpectedNonzero = "expected_nonzero";
    public const string Rejected = "rejected";
    public const string Interrupted = "interrupted";
    public const string PermissionDenied = "permission_denied";
    public const string HookBlock = "hook_block";
    public const string Skipped = "skipped";
    public const string Warmup = "warmup";
    public const string NoResult = "no_result";

    /// <summary>True for the classes that mean the agent's call failed (<see cref="Action.Failed"/>).</summary>
    public static bool IsFailure(string? errorClass) => errorClass is ToolFailure or TestFailure or BuildError or PythonException
        or ShellError or Network or Timeout or ToolMisuse;

    /// <summary>True for the classes where the user or the harness stopped the call (not the agent's mistake).</summary>
    public static bool IsStopped(string? errorClass) => errorClass is Rejected or Interrupted or PermissionDenied or HookBlock or Skipped or Warmup;
}
