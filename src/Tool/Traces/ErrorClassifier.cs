namespace TraceCurate.Traces;

/// <summary>
/// Decides whether an action failed and why (output-formats §9.2, first matching step wins): no result; markers of the
/// user or harness stopping the call; a known exit code (with the benign non-zero exits of §9.4); the format's own
/// error flag; and only for formats with nothing structured (SWE-agent, text-only inputs), the text patterns of §9.3.
/// Sets <see cref="Action.ErrorClass"/>, <see cref="Action.Failed"/>, and <see cref="Action.Interrupted"/> /
/// <see cref="Action.Rejected"/> for the calls the user or harness stopped. Pure: the same action gives the same answer.
/// </summary>
internal static class ErrorClassifier
{
    private static readonly HashSet<string> NoMatchPrograms = new(StringComparer.Ordinal) { "grep", "egrep", "fgrep", "zgrep", "rg", "ag", "ack", "git grep" };
    private static readonly HashSet<string> ComparePrograms = new(StringComparer.Ordinal) { "diff", "cmp", "colordiff", "test", "[", "[[", "false" };

    public static Action Classify(Action action, string format)
    {
        var cls = Decide(action, format);
        if (ReferenceEquals(cls, PatternFailure))
        {
            // A failure, whichever pattern matches: the table (a few dozen literal searches over the output) runs
            // only if someone reads ErrorClass. Every class it can give is a failure and neither a stop nor a rejection.
            return action with { LazyErrorClass = () => ErrorPatterns.Match(action.Output) ?? ErrorClasses.ToolFailure, Failed = true };
        }
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
        var cls = Decide(a, format);
        return ReferenceEquals(cls, PatternFailure) ? ErrorPatterns.Match(a.Output) ?? ErrorClasses.ToolFailure : cls;
    }

    /// <summary>
    /// <see cref="Action.ErrorClass"/>, except that a failure whose §9.3 class is not worked out yet reads as a text
    /// equal to no class. For the analyses that only ask whether the class is none or one of the stops: every class the
    /// patterns can give is a failure and none of those, so the answer is the same without a search of the output.
    /// </summary>
    internal static string? ClassUnlessPattern(Action a) => a.ErrorClassPending ? PatternFailure : a.ErrorClass;

    /// <summary>Stands for "a failure: the first §9.3 pattern that matches the output, else tool_failure".</summary>
    private static readonly string PatternFailure = new('?', 1);

    private static string Decide(Action a, string format)
    {
        // A reader that already knew the user or harness stopped the call (an abort event, a rejection record) wins.
        if (a.Rejected) return ErrorClasses.IsStopped(a.ErrorClass) ? a.ErrorClass! : ErrorClasses.Rejected;
        if (a.Interrupted) return ErrorClasses.IsStopped(a.ErrorClass) ? a.ErrorClass! : ErrorClasses.Interrupted;
        if (ErrorClasses.IsStopped(a.ErrorClass) || a.ErrorClass == ErrorClasses.NoResult) return a.ErrorClass!;
        // An output still held as JSON bytes that cannot hold a marker (or a Python exception, where one would count)
        // needs no decoding: its exit code decides. Most outputs are such, and decoding them was most of classifying.
        if (a.PendingRawOutput is { } raw && a.ExitCode is { } known && !TextCounts(raw, a, format, known)) return ByExitCode(a, known, pythonException: false);
        // Without an exit code, the format's error flag decides (Claude Code, Pi): no decoding either when the bytes prove
        // that no marker is in the text and tell whether it starts with the timeout message.
        if (a.PendingRawOutput is { } flagged && a.ExitCode is null && (a.NativeIsError is not null || a.Failed) && !MayHoldMarker(flagged)
            && ByErrorFlag(a, flagged) is { } byFlag) return byFlag;
        // The output is looked at, not kept: a lent copy when the reader still holds it as JSON bytes.
        if (!a.TryLendOutput(out var lease)) return ErrorClasses.NoResult;
        using (lease) return Decide(a, format, lease.Span);
    }

    private static string Decide(Action a, string format, ReadOnlySpan<char> output)
    {
        if (Marker(output) is { } stopped) return stopped;

        if (a.ExitCode is { } code)
            return ByExitCode(a, code, code == 0 && IsPythonTool(a, format) && ErrorPatterns.IsPythonException(output));
        // A reader that set Failed from the format's flag without copying it to NativeIsError is taken at its word.
        if (a.NativeIsError == true || (a.NativeIsError is null && a.Failed))
        {
            if (output.StartsWith("Command timed out after", StringComparison.Ordinal)) return ErrorClasses.Timeout;
            return PatternFailure;
        }
        if (a.NativeIsError == false) return ErrorClasses.None;
        return ErrorPatterns.Match(output) ?? ErrorClasses.None;
    }

    /// <summary>
    /// What <see cref="Decide(Action, string, ReadOnlySpan{char})"/> gives an action with an error flag (or a reader's
    /// failure) and no exit code whose output holds no marker; null when the bytes cannot tell the timeout's start.
    /// </summary>
    private static string? ByErrorFlag(Action a, Utf8JsonText raw)
    {
        if (a.NativeIsError == false) return ErrorClasses.None;
        return StartsWithTimeout(raw.Inner) switch
        {
            true => ErrorClasses.Timeout,
            false => PatternFailure,
            null => null,
        };
    }

    private static ReadOnlySpan<byte> TimeoutStart => "Command timed out after"u8;

    /// <summary>Whether the text starts with the timeout message; null when an escape among its first bytes hides it.</summary>
    private static bool? StartsWithTimeout(ReadOnlySpan<byte> inner)
    {
        if (inner.StartsWith(TimeoutStart)) return true;
        // Without a backslash, each of those bytes is itself in the text (an ASCII letter, or part of a character that is none).
        return inner[..Math.Min(inner.Length, TimeoutStart.Length)].Contains((byte)'\\') ? null : false;
    }

    private static string ByExitCode(Action a, int code, bool pythonException)
    {
        if (code == 0) return pythonException ? ErrorClasses.PythonException : ErrorClasses.None;
        if (Benign(a, code) is { } benign) return benign;
        if (code == 124) return ErrorClasses.Timeout;
        if (code == 127) return ErrorClasses.ShellError;
        return PatternFailure;
    }

    // §9.2 exception: how AgentTrace maps interpreter exceptions to exit codes is unverified.
    private static bool IsPythonTool(Action a, string format) =>
        format == "agenttrace" && a.Name.Contains("python", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether the text of an output held as JSON bytes could change what its exit code decides: it may be "Warmup",
    /// hold a marker, or (exit 0 of an AgentTrace python tool) hold a Python exception's literals. False is certain.
    /// </summary>
    internal static bool TextCounts(Utf8JsonText raw, Action a, string format, int code) =>
        MayHoldMarker(raw) || (code == 0 && IsPythonTool(a, format) && PythonNeedles.AnyIn(raw.Inner));

    /// <summary>Whether the text of an output held as JSON bytes may be "Warmup" or hold a marker; false is certain.</summary>
    private static bool MayHoldMarker(Utf8JsonText raw)
    {
        var inner = raw.Inner;
        if (inner.SequenceEqual("Warmup"u8)) return true;
        // A marker counts wholly inside the first MarkerHead or the last MarkerTail characters. Where the bytes have no
        // \u escape (else the answer is "maybe") a character takes at most three, so those lie inside the first and the
        // last three times as many bytes (the tail with the two before it: the \n escape that may start the line).
        // When the two parts meet or overlap (most outputs are a few hundred bytes), one pass over the whole text asks the
        // same and more (a marker across their seam, which decoding then turns away), without going over the overlap
        // twice or paying a second pass's set-up.
        const int headBytes = 3 * MarkerHead, tailBytes = 3 * MarkerTail + 2;
        if (inner.Length <= headBytes + tailBytes) return MarkerNeedles.AnyIn(inner);
        return MarkerNeedles.AnyIn(inner[..headBytes]) || MarkerNeedles.AnyIn(inner[^tailBytes..]);
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
    private static string? Marker(ReadOnlySpan<char> output)
    {
        if (output.SequenceEqual("Warmup")) return ErrorClasses.Warmup;
        var found = MarkersAtLineStarts(output);
        if (found == 0) return null;
        if ((found & Reject) != 0) return ErrorClasses.Rejected;
        if ((found & Abort) != 0) return ErrorClasses.Interrupted;
        if ((found & Permission) != 0 && (output.Contains("has been denied", StringComparison.Ordinal) || output.Contains("haven't granted it yet", StringComparison.Ordinal)))
            return ErrorClasses.PermissionDenied;
        if ((found & Hook) != 0) return ErrorClasses.HookBlock;
        if ((found & Skip) != 0) return ErrorClasses.Skipped;
        return null;
    }

    // The marker groups, as bits, in the order they are tried.
    private const int Reject = 1, Abort = 2, Permission = 4, Hook = 8, Skip = 16;

    // Written out, not built with LINQ over tuples: that had no ready-made native code and was JIT-compiled at start-up.
    private static readonly (string Text, int Group)[] Markers =
    [
        ("The user doesn't want to proceed with this tool use", Reject), ("The user doesn't want to take this action", Reject),
        ("Command aborted", Abort), ("Permission to use ", Permission), ("Claude requested permissions to ", Permission),
        ("Tool execution was blocked", Hook), ("PreToolUse:", Hook), ("Blocked:", Hook), ("Skipped due to queued user message", Skip),
    ];

    private static readonly string[] MarkerTexts = TextsOf(Markers);

    private static readonly string FirstChars = FirstCharsOf(MarkerTexts);

    // After Markers: static fields are set in the order they are written.
    private static readonly Utf8Needles MarkerNeedles = new(MarkerTexts, atLineStarts: true);
    private static readonly Utf8Needles PythonNeedles = new(ErrorPatterns.PythonNeedles, atLineStarts: false);

    // Harness markers are short messages at the start or the end of a result: only those parts are searched, so a
    // megabyte of build log is not scanned a dozen times.
    private const int MarkerHead = 2048;
    private const int MarkerTail = 512;

    private static string[] TextsOf((string Text, int Group)[] markers)
    {
        var texts = new string[markers.Length];
        for (var i = 0; i < markers.Length; i++) texts[i] = markers[i].Text;
        return texts;
    }

    private static string FirstCharsOf(string[] texts)
    {
        var chars = "";
        foreach (var text in texts)
            if (!chars.Contains(text[0])) chars += text[0];
        return chars;
    }

    /// <summary>
    /// The groups of the markers that stand at a line start, wholly inside the first <see cref="MarkerHead"/> or the last
    /// <see cref="MarkerTail"/> characters. One pass from line start to line start: searching for each marker in turn
    /// cost a scan of the head per marker, the largest single cost of classifying a plain output.
    /// </summary>
    private static int MarkersAtLineStarts(ReadOnlySpan<char> output)
    {
        var found = 0;
        var head = Math.Min(output.Length, MarkerHead);
        found |= InRegion(output, 0, head);
        var tail = Math.Max(MarkerHead, output.Length - MarkerTail);
        if (tail < output.Length) found |= InRegion(output, tail, output.Length);
        return found;
    }

    private static int InRegion(ReadOnlySpan<char> output, int start, int end)
    {
        var found = 0;
        var region = output[..end];
        // The first line start at or after start: start itself when a line begins there, else after the next '\n'.
        var at = start == 0 || output[start - 1] == '\n' ? start : NextLine(region, start);
        while (at >= 0 && at < end)
        {
            var line = region[at..];
            if (FirstChars.Contains(line[0]))
                foreach (var (text, group) in Markers)
                    if (line.StartsWith(text, StringComparison.Ordinal)) found |= group;
            at = NextLine(region, at);
        }
        return found;
    }

    private static int NextLine(ReadOnlySpan<char> region, int from)
    {
        var newline = region[from..].IndexOf('\n');
        return newline < 0 ? -1 : from + newline + 1;
    }
}
