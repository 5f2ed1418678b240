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

    public static Action Join(Action call, string? output, bool isError, DateTimeOffset? resultTime)
    {
        int? exit = null;
        if (output is not null && ExitCodeLine().Match(Tail(output)) is { Success: true } m
            && int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            exit = code;
        var marker = isError && output is not null ? Marker().Match(output.ReplaceLineEndings("\n")) : null;
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
            Output = output,
            NativeIsError = isError,
            ExitCode = exit,
            Failed = isError && !interrupted && !rejected,
            Interrupted = interrupted,
            Rejected = rejected,
            ErrorClass = errorClass,
            Duration = duration >= TimeSpan.Zero ? duration : null,
        };
    }

    /// <summary>The trailing line is all the exit-code pattern needs; bounded so a huge output costs nothing.</summary>
    private static string Tail(string s) => s.Length <= 256 ? s : s[^256..];
}
