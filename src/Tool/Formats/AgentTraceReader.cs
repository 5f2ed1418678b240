using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// AgentTrace JSONL (pagarsky/agent-trace; input-formats §2): one smolagents run per line. <c>llm_steps</c> become
/// assistant messages, <c>spans</c> become actions. No call id links the two, so spans are given to steps in time
/// order, each step taking as many spans as it made tool calls (the §2 pairing rule); leftovers go to the last step
/// with a warning.
/// </summary>
public sealed class AgentTraceReader : ITraceReader
{
    public string Format => "agenttrace";

    public bool? SniffByKeys(FormatHead head) => head.Keys.Any(l => l.Has("trace_id") && l.Has("spans") && l.Has("llm_steps"));

    public bool Sniff(FormatHead head) => head.JsonLines.Any(l =>
        l.TryGetProperty("trace_id", out _) && l.TryGetProperty("spans", out _) && l.TryGetProperty("llm_steps", out _));

    public IEnumerable<RawRecord> Split(Stream content, InputFile file) => JsonLines.Split(content, file);

    public bool OneRecordPerFile => false;

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options) => [Map(AgentTraceRow.Parse(record.Bytes))];

    private static Trace Map(AgentTraceRow row)
    {
        var warnings = new List<string>();
        var spans = InOrder(row.Spans, s => s.StartNs ?? long.MaxValue, s => s.Order);
        var steps = InOrder(row.Steps, s => (int)(s.Number ?? s.Order), s => s.Order);
        var model = row.Model;
        var prompt = row.Prompt;

        // The spans each step made are spans[firstSpan[k]..firstSpan[k + 1]]: the actions are built now, the messages
        // (assistant turns, tool calls, tool results) from the same pairing only when something reads them.
        var firstSpan = new int[steps.Count + 1];
        var actions = new List<Action>(spans.Count);
        // Token counts are summed here rather than with Usage.Add per step: two records per step were a noticeable share
        // of what reading a row allocates. The same figures: a count stays null only when no step gave it.
        long? inputTokens = null, outputTokens = null;
        var next = 0;
        for (var k = 0; k < steps.Count; k++)
        {
            var step = steps[k];
            var take = k == steps.Count - 1 ? spans.Count - next : Math.Min(step.Calls.Count, spans.Count - next);
            if (k == steps.Count - 1 && take > step.Calls.Count)
                warnings.Add($"{take - step.Calls.Count} span(s) had no tool call in any step; given to the last step");
            firstSpan[k] = next;
            for (var j = 0; j < take; j++)
            {
                var span = spans[next + j];
                var call = j < step.Calls.Count ? step.Calls[j] : null;
                if (call is not null && call.Name != span.Name && call.Name != "")
                    warnings.Add($"step {(int)(step.Number ?? step.Order)} called '{call.Name}' but span {span.Id} ran '{span.Name}'; kept in time order");
                actions.Add(span.ToAction(actions.Count, k + 1));
            }
            next += take;
            if (step.InputTokens is { } stepInput) inputTokens = (inputTokens ?? 0) + stepInput;
            if (step.OutputTokens is { } stepOutput) outputTokens = (outputTokens ?? 0) + stepOutput;
        }
        firstSpan[steps.Count] = next;
        if (steps.Count == 0 && spans.Count > 0)
        {
            warnings.Add($"{spans.Count} span(s) but no llm_steps; actions kept without assistant messages");
            foreach (var span in spans) actions.Add(span.ToAction(actions.Count, 0));
        }

        return new Trace
        {
            Id = row.TraceId ?? throw new BadRecordException("missing field 'trace_id'"),
            Format = "agenttrace",
            Agent = "smolagents",
            Model = model,
            Models = model is null ? [] : [model],
            Task = prompt,
            StartedAt = row.Timestamp,
            Duration = row.TotalDurationMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
            LazyMessages = () => Messages(prompt, steps, spans, firstSpan),
            Actions = actions,
            Usage = steps.Count == 0 ? Usage.Unknown : new Usage { InputTokens = inputTokens, OutputTokens = outputTokens, ApiCalls = steps.Count },
            DeferredMetadata = row.Metadata,
            Turns = steps.Count,
            NativeOutcome = spans.Any(s => s.Name == "final_answer") ? "final_answer" : null,
            Warnings = warnings,
        };
    }

    /// <summary>
    /// The items sorted by key, then by position: most rows are already in that order, and are taken as they are (a
    /// sort per row was a noticeable part of mapping one).
    /// </summary>
    private static List<T> InOrder<T>(List<T> items, Func<T, long> key, Func<T, int> position)
    {
        for (var i = 1; i < items.Count; i++)
        {
            var (before, after) = (key(items[i - 1]), key(items[i]));
            if (before > after || (before == after && position(items[i - 1]) > position(items[i])))
                return items.OrderBy(key).ThenBy(position).ToList();
        }
        return items;
    }

    /// <summary>The prompt, then per step its assistant message (with the tool calls it made) and its tool results.</summary>
    private static List<Message> Messages(string? prompt, List<AgentTraceRow.StepData> steps, List<AgentTraceRow.SpanData> spans, int[] firstSpan)
    {
        var messages = new List<Message>();
        if (prompt is not null) messages.Add(new Message { Role = Role.User, Text = prompt });
        for (var k = 0; k < steps.Count; k++)
        {
            var step = steps[k];
            var turn = k + 1;
            var calls = new List<ToolCall>(firstSpan[k + 1] - firstSpan[k]);
            for (var i = firstSpan[k]; i < firstSpan[k + 1]; i++)
            {
                var span = spans[i];
                var j = i - firstSpan[k];
                var call = j < step.Calls.Count ? step.Calls[j] : null;
                var arguments = call?.Arguments is { } fromCall ? Deferred<JsonElement?>.Lazy(new FirstOf(fromCall, span.Arguments)) : span.Arguments;
                calls.Add(new ToolCall { Id = call?.Id ?? span.Id, Name = span.Name, DeferredArguments = arguments });
            }
            messages.Add(new Message
            {
                Role = Role.Assistant, DeferredText = step.Output, DeferredThinking = step.Reasoning, ToolCalls = calls, Turn = turn, Usage = step.Usage,
            });
            for (var j = 0; j < calls.Count; j++)
                messages.Add(new Message { Role = Role.Tool, DeferredText = spans[firstSpan[k] + j].Output, ToolCallId = calls[j].Id, Turn = turn });
        }
        return messages;
    }

    /// <summary>A tool call's arguments: the step's own, else those parsed from the span's input.</summary>
    private sealed class FirstOf(Deferred<JsonElement?> call, Deferred<JsonElement?> span) : LazyValue<JsonElement?>
    {
        protected override JsonElement? Compute() => call.Value ?? span.Value;
    }
}
