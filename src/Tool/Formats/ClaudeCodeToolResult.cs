using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// Joins a Claude Code <c>tool_result</c> onto its action (input-formats §4, "Tool errors"). <c>is_error: true</c> is the
/// native flag (absent or false = success). Rejections, interrupts, permission prompts, hook blocks and the Warmup
/// exchange are not the agent's failures (output-formats §9.2 step 2): they set <see cref="Action.Rejected"/> or
/// <see cref="Action.Interrupted"/> and a class, never <see cref="Action.Failed"/>.
/// </summary>
internal static partial class ClaudeCodeToolResult
{
    public const string InterruptMarker = "[Request interrupted by user";

    [GeneratedRegex(@"\AExit code (\d+)", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ExitCode();

    [GeneratedRegex(@"^(Permission to use .* has been denied|Claude requested permissions to .* but you haven't granted it yet)",
        RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Permission();

    [GeneratedRegex(@"^(PreToolUse:.*hook error|Blocked: )", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex HookBlock();

    public static Action Join(Action call, string output, bool? isError, JsonElement toolUseResult, DateTimeOffset? time)
    {
        var native = isError ?? false;
        var interruptedFlag = toolUseResult.ValueKind == JsonValueKind.Object && toolUseResult.TryGetProperty("interrupted", out var i)
            && i.ValueKind == JsonValueKind.True;
        // The checks look at the output's first 4 KB, read in place: a copy of it for every result cost as much memory as
        // the session's own tool outputs.
        var headLength = Math.Min(output.Length, 4096);
        var head = output.AsSpan(0, headLength);
        string? errorClass = null;
        if (interruptedFlag || (native && head.StartsWith(InterruptMarker, StringComparison.Ordinal))) errorClass = "interrupted";
        else if (native && (head.StartsWith("The user doesn't want to proceed with this tool use", StringComparison.Ordinal)
                            || head.StartsWith("The user doesn't want to take this action", StringComparison.Ordinal))) errorClass = "rejected";
        else if (native && Permission().IsMatch(head)) errorClass = "permission_denied";
        else if (native && HookBlock().IsMatch(head)) errorClass = "hook_block";
        else if (native && output.AsSpan().Trim().SequenceEqual("Warmup")) errorClass = "warmup";
        int? exit = ExitCode().Match(output, 0, headLength) is { Success: true } m
            && int.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
        var interrupted = errorClass == "interrupted";
        var rejected = errorClass is "rejected" or "permission_denied" or "hook_block";
        var duration = time - call.Timestamp;
        return call with
        {
            Output = output,
            NativeIsError = native,
            ExitCode = exit,
            Failed = native && errorClass is null,
            Interrupted = interrupted,
            Rejected = rejected,
            ErrorClass = errorClass,
            Duration = duration >= TimeSpan.Zero ? duration : null,
        };
    }

    /// <summary>
    /// A later <c>[Request interrupted by user…]</c> message turns the turn's rejected calls into interrupts and marks its
    /// calls that never got a result as interrupted (output-formats §9.2 step 2).
    /// </summary>
    public static Action AfterInterrupt(Action a) => a.Rejected && a.ErrorClass == "rejected" || a.Output is null
        ? a with { Interrupted = true, Rejected = false, Failed = false, ErrorClass = "interrupted" }
        : a;

    /// <summary>A tool_result <c>content</c>: a string, or text blocks joined by newlines; images as <c>[image]</c>.</summary>
    public static string Text(JsonElement block)
    {
        if (!block.TryGetProperty("content", out var content)) return "";
        if (content.ValueKind == JsonValueKind.String) return content.GetString()!;
        if (content.ValueKind != JsonValueKind.Array) return "";
        var parts = new List<string>();
        foreach (var b in content.EnumerateArray())
        {
            // ValueEquals throws on a type that is not a string (a damaged block): such a block is not text.
            if (b.ValueKind != JsonValueKind.Object || !b.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String) continue;
            if (t.ValueEquals("text") && b.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String) parts.Add(text.GetString()!);
            else if (t.ValueEquals("image")) parts.Add("[image]");
        }
        return string.Join("\n", parts);
    }
}
