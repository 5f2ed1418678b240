using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// OpenHands token counts and cost (input-formats-2 §4, Tokens and cost). Each model call's LiteLLM usage sits in
/// <c>tool_call_metadata.model_response.usage</c>, repeated on every action of that response and on their observations,
/// so calls are told apart by the response id. LiteLLM's <c>prompt_tokens</c> includes cache reads and writes (in the
/// corpus's basic.json, 4646 = 6 + 1158 + 3482), so the uncached input is what is left after both.
/// </summary>
internal static class OpenHandsUsage
{
    /// <summary>The usage of one model response; null when it has none.</summary>
    public static Usage? OfResponse(JsonElement response)
    {
        if (OpenHandsEvent.Obj(response, "usage") is not { } u) return null;
        var prompt = OpenHandsEvent.Int(u, "prompt_tokens");
        var read = OpenHandsEvent.Int(u, "cache_read_input_tokens")
                   ?? (OpenHandsEvent.Obj(u, "prompt_tokens_details") is { } d ? OpenHandsEvent.Int(d, "cached_tokens") : null);
        var write = OpenHandsEvent.Int(u, "cache_creation_input_tokens");
        return new Usage
        {
            InputTokens = prompt is { } p ? Math.Max(0, p - (read ?? 0) - (write ?? 0)) : null,
            OutputTokens = OpenHandsEvent.Int(u, "completion_tokens"),
            CacheReadTokens = read,
            CacheWriteTokens = write,
            ReasoningTokens = OpenHandsEvent.Obj(u, "completion_tokens_details") is { } c ? OpenHandsEvent.Int(c, "reasoning_tokens") : null,
            ApiCalls = 1,
        };
    }

    /// <summary>
    /// The run's totals: the cumulative <c>metrics</c> (a row's, else the last event's <c>llm_metrics</c>) when it counts
    /// tokens, since it also covers calls whose events a condenser dropped; else the sum of the distinct responses.
    /// The cost is <c>accumulated_cost</c>; 0.0 is what an unpriced model gives, so it reads as unknown.
    /// </summary>
    public static Usage Total(IReadOnlyList<OpenHandsEvent> events, JsonElement? rowMetrics)
    {
        var metrics = rowMetrics ?? events.Select(e => OpenHandsEvent.Obj(e.Raw, "llm_metrics")).LastOrDefault(m => m is not null);
        var responses = new Dictionary<string, Usage?>(StringComparer.Ordinal);
        foreach (var e in events)
            if (e.ResponseId is { } id && e.Response is { } r && !responses.ContainsKey(id)) responses[id] = OfResponse(r);

        var usage = Usage.Unknown;
        foreach (var u in responses.Values) if (u is not null) usage = usage.Add(u);
        usage = usage with { ApiCalls = responses.Count > 0 ? responses.Count : null };
        if (metrics is not { } m) return usage;

        if (OpenHandsEvent.Obj(m, "accumulated_token_usage") is { } acc && OpenHandsEvent.Int(acc, "prompt_tokens") is { } prompt)
        {
            var read = OpenHandsEvent.Int(acc, "cache_read_tokens");
            var write = OpenHandsEvent.Int(acc, "cache_write_tokens");
            usage = usage with
            {
                InputTokens = Math.Max(0, prompt - (read ?? 0) - (write ?? 0)),
                OutputTokens = OpenHandsEvent.Int(acc, "completion_tokens"),
                CacheReadTokens = read,
                CacheWriteTokens = write,
            };
        }
        if (usage.ApiCalls is null && m.TryGetProperty("costs", out var costs) && costs.ValueKind == JsonValueKind.Array && costs.GetArrayLength() > 0)
            usage = usage with { ApiCalls = costs.GetArrayLength() }; // one entry per priced call
        return OpenHandsEvent.Dec(m, "accumulated_cost") is { } cost and > 0 ? usage with { CostUsd = cost } : usage;
    }
}
