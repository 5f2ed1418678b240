using System.Globalization;
using System.Text.RegularExpressions;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// Joins a Pi <c>toolResult</c> onto its action (input-formats §3, "Tool errors"). <c>isError</c> is the native flag;
/// the results pi itself writes when the user or a hook stopped the call are not the agent's failures, so they set
/// <see cref="Action.Interrupted"/> or <see cref="Action.Rejected"/> instead of <see cref="Action.Failed"/>
/// (output-formats §9.2 step 2). The bash exit code exists only as the trailing "Command exited with code N" line.
/// </summary>
internal static partial class PiToolResult
{
    [GeneratedRegex(@"Command exited with code (\d+)\s*$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ExitCodeLine();

    [GeneratedRegex(@"^(Command aborted|Skipped due to queued user message|Tool execution was blocked)",
        RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Marker();

    /// <param name="output">The result's text: a string, or (from the streaming pass) the line's bytes, which a success's
    /// exit code is read from without leaving a string behind.</param>
    public static Action Join(Action call, Deferred<string?> output, bool isError, DateTimeOffset? resultTime)
    {
        int? exit;
        string? text = null;
        if (!isError && output.Pending is Utf8JsonText raw)
        {
            // Only a \u escape can write a letter, so without one, bytes that lack the prefix decode to a text that lacks it.
            // ExitCode reads the last TailChars characters alone, and those lie in the last 6 × TailChars bytes (a \u
            // escape, six bytes, is the longest spelling of a character): the rest of a long output is not searched.
            var inner = raw.Inner;
            var tail = inner[Math.Max(0, inner.Length - 6 * TailChars)..];
            if (tail.IndexOf("Command exited with code "u8) < 0 && (!raw.Escaped || tail.IndexOf("\\u"u8) < 0)) exit = null;
            else
            {
                using var lease = raw.Lend();
                exit = ExitCode(lease.Span);
            }
        }
        else
        {
            text = output.Value;
            exit = text is null ? null : ExitCode(text);
        }
        var marker = isError && text is not null ? Marker().Match(text.ReplaceLineEndings("\n")) : null;
        var (interrupted, rejected, errorClass) = marker is { Success: true }
            ? marker.Groups[1].Value switch
            {
                "Command aborted" => (true, false, "interrupted"),
                "Skipped due to queued user message" => (true, false, "skipped"),
                _ => (false, true, "hook_block"),
            }
            : (false, false, (string?)null);
        var duration = resultTime - call.Timestamp;
        return call with
        {
            DeferredOutput = output,
            NativeIsError = isError,
            ExitCode = exit,
            Failed = isError && !interrupted && !rejected,
            Interrupted = interrupted,
            Rejected = rejected,
            ErrorClass = errorClass,
            Duration = duration >= TimeSpan.Zero ? duration : null,
        };
    }

    private const string ExitedWithCode = "Command exited with code ";

    /// <summary>How many characters at the end of an output <see cref="ExitCode"/> searches.</summary>
    private const int TailChars = 256;

    /// <summary>
    /// The code of a trailing "Command exited with code N" line. Only the last 256 characters are searched: the trailing
    /// line is all the pattern needs, and a huge output costs nothing.
    /// </summary>
    private static int? ExitCode(ReadOnlySpan<char> output)
    {
        var tail = output.Length <= TailChars ? output : output[^TailChars..];
        foreach (var m in ExitCodeLine().EnumerateMatches(tail))
        {
            // The group \d+ of the first match: the digits right after the prefix (\d is char.IsDigit; \s* cannot take one).
            var digits = tail.Slice(m.Index + ExitedWithCode.Length, m.Length - ExitedWithCode.Length);
            var n = 0;
            while (n < digits.Length && char.IsDigit(digits[n])) n++;
            return int.TryParse(digits[..n], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
        }
        return null;
    }
}
