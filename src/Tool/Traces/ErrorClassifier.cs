namespace TraceCurate.Traces;

/// <summary>
/// Decides whether an action failed and why (output-formats §9.2, first matching step wins): no result; markers of the
/// user or harness stopping the call; a known exit code (with the benign non-zero exits of §9.4); the format's own
/// error flag; and only for formats with nothing structured (SWE-agent, text-only inputs), the text patterns of §9.3.
/// Sets <see cref="Action.ErrorClass"/>, <see cref="Action.Failed"/>, and <see cref="Action.Interrupted"/> /
/// <see cref="Action.Rejected"/> for the calls the user or harness stopped. Pure: the same action gives the same answer.
/// </summary>
public static class ErrorClassifier
{
    private static readonly string[] RejectMarkers = ["The user doesn't want to proceed with this tool use", "The user doesn't want to take this action"];
    private static readonly string[] PermissionMarkers = ["Permission to use ", "Claude requested permissions to "];
    private static readonly string[] HookMarkers = ["Tool execution was blocked", "PreToolUse:", "Blocked:"];
    private static readonly HashSet<string> NoMatchPrograms = new(StringComparer.Ordinal) { "grep", "egrep", "fgrep", "zgrep", "rg", "ag", "ack", "git grep" };
    private static readonly HashSet<string> ComparePrograms = new(StringComparer.Ordinal) { "diff", "cmp", "colordiff", "test", "[", "[[", "false" };

    public static Action Classify(Action action, string format)
    {
        var cls = ClassOf(action, format);
        return action with
        {
            ErrorClass = cls,
            Failed = ErrorClasses.IsFailure(cls),
            Interrupted = action.Interrupted || cls is ErrorClasses.Interrupted or ErrorClasses.Skipped,
            Rejected = action.Rejected || cls is ErrorClasses.Rejected or ErrorClasses.PermissionDenied or ErrorClasses.HookBlock,
        };
    }

    public static string ClassOf(Action a, string format)
    {
        // A reader that already knew the user or harness stopped the call (an abort event, a rejection record) wins.
        if (a.Rejected) return ErrorClasses.IsStopped(a.ErrorClass) ? a.ErrorClass! : ErrorClasses.Rejected;
        if (a.Interrupted) return ErrorClasses.IsStopped(a.ErrorClass) ? a.ErrorClass! : ErrorClasses.Interrupted;
        if (ErrorClasses.IsStopped(a.ErrorClass) || a.ErrorClass == ErrorClasses.NoResult) return a.ErrorClass!;
        if (a.Output is null) return ErrorClasses.NoResult;
        if (Marker(a.Output) is { } stopped) return stopped;

        if (a.ExitCode is { } code)
        {
            if (code == 0)
            {
                // §9.2 exception: how AgentTrace maps interpreter exceptions to exit codes is unverified.
                var python = format == "agenttrace" && a.Name.Contains("python", StringComparison.OrdinalIgnoreCase);
                return python && ErrorPatterns.IsPythonException(a.Output) ? ErrorClasses.PythonException : ErrorClasses.None;
            }
            if (Benign(a, code) is { } benign) return benign;
            if (code == 124) return ErrorClasses.Timeout;
            if (code == 127) return ErrorClasses.ShellError;
            return ErrorPatterns.Match(a.Output) ?? ErrorClasses.ToolFailure;
        }
        // A reader that set Failed from the format's flag without copying it to NativeIsError is taken at its word.
        if (a.NativeIsError == true || (a.NativeIsError is null && a.Failed))
        {
            if (a.Output.StartsWith("Command timed out after", StringComparison.Ordinal)) return ErrorClasses.Timeout;
            return ErrorPatterns.Match(a.Output) ?? ErrorClasses.ToolFailure;
        }
        if (a.NativeIsError == false) return ErrorClasses.None;
        return ErrorPatterns.Match(a.Output) ?? ErrorClasses.None;
    }

    /// <summary>§9.4: exit 1 of a search that found nothing or a comparison that found a difference is an answer, not an error.</summary>
    private static string? Benign(Action a, int code)
    {
        if (code != 1 || ToolFamilies.Of(a.Name) != ToolFamily.Shell) return null;
        var text = ShellCommand.TextOf(a);
        if (text is null || ShellCommand.LastProgram(text) is not { } program) return null;
        if (NoMatchPrograms.Contains(program)) return ErrorClasses.NoMatch;
        if (ComparePrograms.Contains(program)) return ErrorClasses.ExpectedNonzero;
        if (program == "git diff")
        {
            var last = ShellCommand.Segments(text)[^1];
            if (last.Contains("--exit-code") || last.Contains("--quiet")) return ErrorClasses.ExpectedNonzero;
        }
        return null;
    }

    /// <summary>§9.2 step 2: literal markers at the start of the output or on a line of their own.</summary>
    private static string? Marker(string output)
    {
        if (output == "Warmup") return ErrorClasses.Warmup;
        if (AtLineStart(output, RejectMarkers)) return ErrorClasses.Rejected;
        if (AtLineStart(output, ["Command aborted"])) return ErrorClasses.Interrupted;
        if (AtLineStart(output, PermissionMarkers) && (output.Contains("has been denied", StringComparison.Ordinal) || output.Contains("haven't granted it yet", StringComparison.Ordinal)))
            return ErrorClasses.PermissionDenied;
        if (AtLineStart(output, HookMarkers)) return ErrorClasses.HookBlock;
        if (AtLineStart(output, ["Skipped due to queued user message"])) return ErrorClasses.Skipped;
        return null;
    }

    // Harness markers are short messages at the start or the end of a result: only those parts are searched, so a
    // megabyte of build log is not scanned a dozen times.
    private const int MarkerHead = 2048;
    private const int MarkerTail = 512;

    private static bool AtLineStart(string output, string[] markers)
    {
        foreach (var marker in markers)
        {
            if (Found(output, marker, 0, Math.Min(output.Length, MarkerHead))) return true;
            var tail = Math.Max(MarkerHead, output.Length - MarkerTail);
            if (tail < output.Length && Found(output, marker, tail, output.Length - tail)) return true;
        }
        return false;
    }

    private static bool Found(string output, string marker, int start, int count)
    {
        var end = start + count;
        var at = output.IndexOf(marker, start, count, StringComparison.Ordinal);
        while (at >= 0)
        {
            if (at == 0 || output[at - 1] == '\n') return true;
            if (at + 1 >= end) return false;
            at = output.IndexOf(marker, at + 1, end - at - 1, StringComparison.Ordinal);
        }
        return false;
    }
}
