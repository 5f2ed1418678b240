using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Codex usage from <c>event_msg</c> <c>token_count</c> events (input-formats §5, Tokens). Events with <c>info: null</c>
/// are skipped; the events come in pairs with equal figures, so an event is a new model call only when its
/// <c>total_token_usage</c> differs from the last counted one. The totals are the last <c>total_token_usage</c>;
/// <c>cached_input_tokens</c> is a subset of <c>input_tokens</c>, so uncached input is the difference.
/// </summary>
internal sealed class CodexTokens
{
    private (long Input, long Cached, long Output, long Reasoning)? _total;
    private int _calls;

    public void Add(JsonElement tokenCount)
    {
        if (!tokenCount.TryGetProperty("info", out var info) || info.ValueKind != JsonValueKind.Object) return;
        if (!info.TryGetProperty("total_token_usage", out var total) || total.ValueKind != JsonValueKind.Object) return;
        Add((Json.Integer(total, "input_tokens") ?? 0, Json.Integer(total, "cached_input_tokens") ?? 0,
            Json.Integer(total, "output_tokens") ?? 0, Json.Integer(total, "reasoning_output_tokens") ?? 0));
    }

    /// <summary>One event's <c>total_token_usage</c> figures (input, cached input, output, reasoning output).</summary>
    public void Add((long Input, long Cached, long Output, long Reasoning) figures)
    {
        if (_total == figures) return;
        _total = figures;
        _calls++;
    }

    public Usage Usage => _total is not { } t
        ? Usage.Unknown
        : new Usage
        {
            InputTokens = t.Input - t.Cached,
            CacheReadTokens = t.Cached,
            OutputTokens = t.Output,
            ReasoningTokens = t.Reasoning,
            ApiCalls = _calls,
        };
}
