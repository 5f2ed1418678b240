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

    public static Action Join(Action call, ClaudeCodeResultText result, bool? isError, JsonElement toolUseResult, DateTimeOffset? time) =>
        Join(call, result, isError, toolUseResult.ValueKind == JsonValueKind.Object && toolUseResult.TryGetProperty("interrupted", out var i)
            && i.ValueKind == JsonValueKind.True, time);

    /// <param name="interruptedFlag">The line's <c>toolUseResult.interrupted</c> is <c>true</c> (and the line holds this one result).</param>
    public static Action Join(Action call, ClaudeCodeResultText result, bool? isError, bool interruptedFlag, DateTimeOffset? time)
    {
        var native = isError ?? false;
        var duration = time - call.Timestamp;
        if (result.Raw is { } raw && !native)
        {
            // A success left as the line's bytes: of the checks below only the exit code applies, read from the bytes.
            return call with
            {
                DeferredOutput = Deferred<string?>.Lazy(raw),
                NativeIsError = false,
                ExitCode = ExitCodeOf(raw),
                Failed = false,
                Interrupted = interruptedFlag,
                Rejected = false,
                ErrorClass = interruptedFlag ? "interrupted" : null,
                Duration = duration >= TimeSpan.Zero ? duration : null,
            };
        }
        var output = result.Text;
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
    public static Action AfterInterrupt(Action a) => a.Rejected && a.ErrorClass == "rejected" || (a.PendingRawOutput is null && a.Output is null)
        ? a with { Interrupted = true, Rejected = false, Failed = false, ErrorClass = "interrupted" }
        : a;

    /// <summary>A tool_result <c>content</c>: a string, or text blocks joined by newlines; images as <c>[image]</c>.</summary>
    /// <param name="slim">The line's slim copy, when its document was parsed from one: long texts are then its own bytes.</param>
    public static ClaudeCodeResultText Text(JsonElement block, ClaudeCodeSlimLine? slim)
    {
        if (!block.TryGetProperty("content", out var content)) return new("");
        if (content.ValueKind == JsonValueKind.String) return slim?.Text(content) is { } raw ? new(raw) : new(content.GetString()!);
        if (content.ValueKind != JsonValueKind.Array) return new("");
        var parts = new List<string>();
        foreach (var b in content.EnumerateArray())
        {
            // ValueEquals throws on a type that is not a string (a damaged block): such a block is not text.
            if (b.ValueKind != JsonValueKind.Object || !b.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String) continue;
            if (t.ValueEquals("text") && b.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
                parts.Add(slim?.Text(text) is { } raw ? raw.Value! : text.GetString()!);
            else if (t.ValueEquals("image")) parts.Add("[image]");
        }
        return new(string.Join("\n", parts));
    }

    /// <summary>
    /// <c>\AExit code (\d+)</c> over the output's first 4 KB, as <see cref="ExitCode"/> reads it, from the output's
    /// bytes: they are decoded (into a lent buffer) only when an escape or a non-ASCII byte comes before the digits end.
    /// </summary>
    internal static int? ExitCodeOf(Utf8JsonText raw)
    {
        var inner = raw.Inner;
        var prefix = "Exit code "u8;
        var plain = 0; // the leading bytes that decode to themselves
        while (plain < inner.Length && plain < 64 && inner[plain] is >= 0x20 and < 0x80 and not (byte)'\\') plain++;
        var head = inner[..plain];
        if (head.Length >= prefix.Length ? !head.StartsWith(prefix) : !prefix.StartsWith(head)) return null;
        if (head.Length > prefix.Length)
        {
            var end = prefix.Length;
            while (end < head.Length && char.IsAsciiDigit((char)head[end])) end++;
            if (end < head.Length || plain == inner.Length)
                return end > prefix.Length && int.TryParse(head[prefix.Length..end], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? code : null;
        }
        else if (plain == inner.Length) return null; // shorter than the prefix
        using var lease = raw.Lend();
        return ExitCodeOf(lease.Span[..Math.Min(lease.Span.Length, 4096)]);
    }

    private static int? ExitCodeOf(ReadOnlySpan<char> head)
    {
        if (!head.StartsWith("Exit code ", StringComparison.Ordinal)) return null;
        var end = "Exit code ".Length;
        while (end < head.Length && char.IsDigit(head[end])) end++; // \d: any Unicode decimal digit, as the pattern's
        return end > "Exit code ".Length && int.TryParse(head["Exit code ".Length..end], NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? code : null;
    }
}

/// <summary>A tool result's text: a string, or the line's own bytes of a long one, decoded when read (<see cref="ClaudeCodeSlimLine"/>).</summary>
internal readonly struct ClaudeCodeResultText
{
    private readonly string? _text;

    public ClaudeCodeResultText(string text) => _text = text;

    public ClaudeCodeResultText(Utf8JsonText raw) => Raw = raw;

    public Utf8JsonText? Raw { get; }

    /// <summary>The text as a string (decoded, and then kept, when it is the line's bytes).</summary>
    public string Text => _text ?? Raw!.Value!;

    /// <summary>As a field of the model: the string, or the bytes that decode themselves on first read (one string for every field that holds them).</summary>
    public Deferred<string?> Deferred => Raw is { } raw ? Deferred<string?>.Lazy(raw) : Deferred<string?>.Of(_text);
}
