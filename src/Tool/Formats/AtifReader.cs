using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Formats;

/// <summary>
/// ATIF trajectories, v1.x (input-formats-2 §2; docs/formats/atif.md): a JSON file (one trajectory, or an array of
/// them) or JSONL of trajectories. Steps map to messages; an agent step's <c>tool_calls</c> to actions, paired with
/// <c>observation.results</c> by <c>source_call_id</c> within the step. ATIF has no error flag or exit code: the exit
/// code is what the result text states, unless the step's <c>extra.trace_curate.calls</c> (written by
/// <c>format: atif</c>) keeps ours. Sub-agent references are resolved where their file is present (or the child is
/// embedded, v1.7): the child becomes a trace of its own, <c>Kind</c> Subagent.
/// </summary>
public sealed class AtifReader : ITraceReader
{
    public const string Name = "atif";

    public string Format => Name;

    public bool? SniffByKeys(FormatHead head)
    {
        if (head.FirstNonSpace != (byte)'{') return head.FirstNonSpace == (byte)'[' ? null : false;
        // JSONL: All(IsAtif) looks at the first line first, which needs a string schema_version; anything else is a document.
        if (!head.Keys.HasAtLeast(1) || !PeekedStream.FirstLineIsWhole(head.Bytes.Span)) return null;
        return head.Keys[0].Kind("schema_version") == JsonTokenType.String ? null : false;
    }

    /// <summary>A <c>schema_version</c> starting <c>ATIF-v</c> (or VS Code's <c>VSCode-Copilot-Trajectory-</c>) beside <c>steps</c>.</summary>
    public bool Sniff(FormatHead head)
    {
        if (head.FirstNonSpace == (byte)'[')
            return JsonHead.TopLevel(head, firstArrayItem: true) is var first && IsAtif(first);
        if (head.FirstNonSpace != (byte)'{') return false;
        // JSONL of trajectories when the first line is a whole one: then every whole line of the head must be one. An
        // indented trajectory's head also has whole lines (a step written on one line), but they are its parts.
        return head.JsonLines.Count > 0 && PeekedStream.FirstLineIsWhole(head.Bytes.Span) ? head.JsonLines.All(IsAtif) : IsAtif(JsonHead.TopLevel(head));
    }

    private static bool IsAtif(IReadOnlyDictionary<string, JsonHead.Value> keys) =>
        keys.GetValueOrDefault("schema_version").Element is { ValueKind: JsonValueKind.String } v && IsVersion(v.GetString())
        && keys.ContainsKey("steps");

    private static bool IsAtif(JsonElement e) =>
        e.TryGetProperty("schema_version", out var v) && v.ValueKind == JsonValueKind.String && IsVersion(v.GetString()) && e.TryGetProperty("steps", out _);

    private static bool IsVersion(string? v) =>
        v is not null && (v.StartsWith("ATIF-v", StringComparison.Ordinal) || v.StartsWith("VSCode-Copilot-Trajectory-", StringComparison.Ordinal));

    /// <summary>JSONL when the first line is a whole object; else (an indented file, an array) the whole file.</summary>
    public IEnumerable<RawRecord> Split(Stream content, InputFile file)
    {
        var peek = new PeekedStream(content);
        return peek.FirstLineIsWhole() ? JsonLines.Split(peek, file) : WholeFile.Split(peek, file);
    }

    public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
    {
        using var doc = Json.Parse(record.Bytes);
        var root = doc.RootElement;
        var list = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
        var traces = new List<Trace>();
        var folder = Path.GetDirectoryName(Path.GetFullPath(record.File.Path)) ?? ".";
        foreach (var trajectory in list)
        {
            if (trajectory.ValueKind != JsonValueKind.Object || !IsAtif(trajectory))
                throw new BadRecordException($"an ATIF trajectory is an object with an 'ATIF-v…' schema_version and steps, not {Json.Kind(trajectory)}");
            var id = Json.String(trajectory, "session_id") ?? Json.String(trajectory, "trajectory_id") ?? FileStem.Of(record.File.Path);
            Map(trajectory, id, null, folder, traces, depth: 0);
        }
        return traces;
    }

    private static void Map(JsonElement t, string id, string? parent, string folder, List<Trace> traces, int depth)
    {
        var messages = new List<Message>();
        var actions = new List<Action>();
        var children = new List<(string Id, JsonElement Trajectory)>();
        var models = new List<string>();
        var stepUsage = Usage.Unknown;
        var anyMetrics = false;
        string? task = null;
        var turn = 0;
        DateTimeOffset? started = null;
        foreach (var step in Json.Array(t, "steps"))
        {
            if (step.ValueKind != JsonValueKind.Object) throw new BadRecordException($"a step must be a JSON object, not {Json.Kind(step)}");
            var source = Json.String(step, "source");
            var text = MessageText(step);
            var at = Json.Timestamp(step, "timestamp");
            started ??= at;
            if (source != "agent")
            {
                if (source == "user" && task is null) task = text;
                messages.Add(new Message { Role = source == "system" ? Role.System : Role.User, Text = text, Turn = turn, Timestamp = at });
                continue;
            }
            turn++;
            if (Json.String(step, "model_name") is { } model && !models.Contains(model)) models.Add(model);
            var usage = step.TryGetProperty("metrics", out var metrics) && metrics.ValueKind == JsonValueKind.Object ? Metrics(metrics, "") : null;
            if (usage is not null) { stepUsage = stepUsage.Add(usage); anyMetrics = true; }
            var ours = JsonPath.Get(step, $"extra.{AtifExtra.Key}.calls");
            var (results, unlinked) = Results(step, children, folder);
            LinkUnnamedResults(step, actions.Count, results, unlinked);
            var calls = new List<ToolCall>();
            var written = new List<string>(); // each call's id in the file, which results name
            foreach (var call in Json.Array(step, "tool_calls"))
            {
                var callId = Json.String(call, "tool_call_id") ?? $"call_{actions.Count}";
                var name = Json.String(call, "function_name") ?? "tool";
                JsonElement? args = call.TryGetProperty("arguments", out var a) && a.ValueKind != JsonValueKind.Null ? a.Clone() : null;
                var (output, error) = results.GetValueOrDefault(callId);
                var kept = ours is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(callId, out var k) && k.ValueKind == JsonValueKind.Object ? k : (JsonElement?)null;
                var traceId = kept is { } e0 && Json.String(e0, "id") is { } had ? had : callId; // format: atif renames repeated ids
                calls.Add(new ToolCall { Id = traceId, Name = name, Arguments = args });
                written.Add(callId);
                actions.Add(new Action
                {
                    Index = actions.Count, Id = traceId, Name = name, Arguments = args, Input = args is { } x ? ChatRowMessages.Compact(x) : null,
                    Output = output, Turn = turn, Timestamp = at,
                    ExitCode = kept is { } e1 ? (int?)Json.Integer(e1, "exit_code") : TextExitCode.Of(output),
                    NativeIsError = kept is { } e2 ? Json.Boolean(e2, "native_is_error") : error,
                    Failed = kept is { } e3 && Json.Boolean(e3, "failed") == true,
                    Interrupted = kept is { } e4 && Json.Boolean(e4, "interrupted") == true,
                    Rejected = kept is { } e5 && Json.Boolean(e5, "rejected") == true,
                });
            }
            messages.Add(new Message
            {
                Role = Role.Assistant, Text = text, Thinking = Json.String(step, "reasoning_content"), ToolCalls = calls, Turn = turn,
                Usage = usage, Timestamp = at,
            });
            for (var i = 0; i < calls.Count; i++)
                if (results.TryGetValue(written[i], out var r) && r.Output is not null)
                    messages.Add(new Message { Role = Role.Tool, Text = r.Output, ToolCallId = calls[i].Id, Turn = turn, Timestamp = at });
            // Feedback no call can take (a step without calls, or whose calls all have results, or a result naming a call
            // the step does not have, as partial transcripts do): the environment's text, shown to the model as user
            // text, as other readers keep observations that answer no action.
            foreach (var (callId, r) in results)
                if (!written.Contains(callId) && r.Output is not null) unlinked.Add(r.Output);
            if (unlinked.Count > 0)
                messages.Add(new Message { Role = Role.User, Kind = MessageKind.Injected, Text = string.Join("\n", unlinked), Turn = turn, Timestamp = at });
        }
        var agentModel = JsonPath.GetString(t, "agent.model_name");
        if (agentModel is not null && !models.Contains(agentModel)) models.Insert(0, agentModel);
        // final_metrics is the run's own total; per-step sums stand in when it has no token figure.
        var final = t.TryGetProperty("final_metrics", out var fm) && fm.ValueKind == JsonValueKind.Object ? Metrics(fm, "total_") : null;
        var ourExtra = JsonPath.Get(t, $"extra.{AtifExtra.Key}");
        traces.Add(new Trace
        {
            Id = id,
            Format = Name,
            Agent = JsonPath.GetString(t, "agent.name"),
            Model = agentModel ?? models.FirstOrDefault(),
            Models = models,
            Task = task,
            StartedAt = started,
            Messages = messages,
            Actions = actions,
            Usage = final is { TotalTokens: not null } || final?.CostUsd is not null ? final : anyMetrics ? stepUsage : Usage.Unknown,
            // Written by format: atif: the metadata the trace had (none when it had none); else the trajectory's own fields.
            Metadata = ourExtra is { } e ? e.TryGetProperty("metadata", out var meta) ? meta.Clone() : null : RootMetadata(t),
            Turns = turn,
            ParentId = parent,
            Kind = parent is null ? TraceKind.Main : TraceKind.Subagent,
            NativeOutcome = ourExtra is { } n ? Json.String(n, "native_outcome") : null,
        });
        if (depth >= 8) return; // a reference cycle stops here
        foreach (var (childId, child) in children) Map(child, $"{id}#agent={childId}", id, folder, traces, depth + 1);
        foreach (var embedded in Json.Array(t, "subagent_trajectories"))
            if (embedded.ValueKind == JsonValueKind.Object && !children.Any(c => c.Id == (Json.String(embedded, "trajectory_id") ?? Json.String(embedded, "session_id"))))
                Map(embedded, $"{id}#agent={Json.String(embedded, "trajectory_id") ?? Json.String(embedded, "session_id")}", id, folder, traces, depth + 1);
    }

    /// <summary>
    /// Results with no <c>source_call_id</c> in a step with calls: Harbor's own agents write every result so. As many
    /// results as calls without a result of their own answer those calls in order (one per call, as a computer-use
    /// agent writes them); otherwise they are together the output of the step's last call without a result (terminus-2
    /// sends all of a step's keystrokes, then reads the terminal once). Those no call can take stay in
    /// <paramref name="unlinked"/>.
    /// </summary>
    private static void LinkUnnamedResults(JsonElement step, int firstIndex, Dictionary<string, (string? Output, bool? Error)> results, List<string> unlinked)
    {
        if (unlinked.Count == 0) return;
        var open = Json.Array(step, "tool_calls").Select((c, i) => Json.String(c, "tool_call_id") ?? $"call_{firstIndex + i}")
            .Where(id => !results.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (open.Count == 0) return;
        if (open.Count == unlinked.Count)
            for (var i = 0; i < open.Count; i++) results[open[i]] = (unlinked[i], null);
        else results[open[^1]] = (string.Join("\n", unlinked), null);
        unlinked.Clear();
    }

    /// <summary>
    /// The step's results by <c>source_call_id</c>, and the text of those that name no call (in order); sub-agent
    /// references whose file exists are queued as children.
    /// </summary>
    private static (Dictionary<string, (string? Output, bool? Error)> ByCall, List<string> Unlinked) Results(JsonElement step, List<(string, JsonElement)> children, string folder)
    {
        var results = new Dictionary<string, (string?, bool?)>(StringComparer.Ordinal);
        var unlinked = new List<string>();
        if (JsonPath.Get(step, "observation.results") is not { ValueKind: JsonValueKind.Array } list) return (results, unlinked);
        foreach (var r in list.EnumerateArray())
        {
            foreach (var reference in Json.Array(r, "subagent_trajectory_ref"))
                if (Json.String(reference, "trajectory_path") is { } path && File.Exists(Path.Combine(folder, path)))
                {
                    using var child = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, path)));
                    children.Add((Json.String(reference, "session_id") ?? FileStem.Of(path), child.RootElement.Clone()));
                }
            var content = r.TryGetProperty("content", out var c) ? c.ValueKind == JsonValueKind.String ? c.GetString() : ContentText(c) : null;
            if (Json.String(r, "source_call_id") is not { } callId)
            {
                if (content is not null) unlinked.Add(content);
                continue;
            }
            bool? error = r.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object ? true : null; // VS Code's error {message, code}
            results[callId] = results.TryGetValue(callId, out var before) ? (before.Item1 + "\n" + content, before.Item2 ?? error) : (content, error);
        }
        return (results, unlinked);
    }

    private static string? MessageText(JsonElement step) =>
        step.TryGetProperty("message", out var m) ? m.ValueKind == JsonValueKind.String ? m.GetString() : ContentText(m) : null;

    /// <summary>v1.6+ multimodal content: the text of <c>{type: "text", text}</c> parts.</summary>
    private static string? ContentText(JsonElement value) =>
        value.ValueKind != JsonValueKind.Array ? null
            : string.Join("\n", value.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.Object ? Json.String(p, "text") : null).Where(s => s is not null));

    /// <summary>ATIF metrics: <c>prompt_tokens</c> includes <c>cached_tokens</c>; cache writes and reasoning are provider extras.</summary>
    private static Usage Metrics(JsonElement m, string prefix)
    {
        var prompt = Json.Integer(m, prefix + "prompt_tokens");
        var cached = Json.Integer(m, prefix + "cached_tokens");
        var extra = m.TryGetProperty("extra", out var x) && x.ValueKind == JsonValueKind.Object ? x : default;
        return new Usage
        {
            InputTokens = prompt is { } p ? p - (cached ?? 0) : null,
            CacheReadTokens = cached,
            OutputTokens = Json.Integer(m, prefix + "completion_tokens"),
            // ADP's ATIF-v1.7 (schema/atif.py) names a step's cost `cost`; the RFC's `cost_usd` wins when both are there.
            CostUsd = Number(m, prefix + "cost_usd") ?? (prefix.Length == 0 ? Number(m, "cost") : null),
            CacheWriteTokens = extra.ValueKind == JsonValueKind.Object ? Json.Integer(extra, "cache_creation_input_tokens") : null,
            ReasoningTokens = extra.ValueKind == JsonValueKind.Object ? Json.Integer(extra, "reasoning_tokens") : null,
            ApiCalls = extra.ValueKind == JsonValueKind.Object && Json.Integer(extra, "api_calls") is { } n ? (int)n : null,
            Approximate = extra.ValueKind == JsonValueKind.Object && Json.Boolean(extra, "approximate") == true,
        };
    }

    private static decimal? Number(JsonElement m, string key) =>
        m.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDecimal() : null;

    /// <summary>What the trajectory says about itself besides its steps: version, agent, notes, final metrics, extra.</summary>
    private static JsonElement RootMetadata(JsonElement t)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            foreach (var p in t.EnumerateObject())
                if (p.Name is not ("steps" or "subagent_trajectories")) p.WriteTo(w);
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.ToArray(), Json.Rebuilt);
        return doc.RootElement.Clone();
    }
}

/// <summary>The key under which <c>format: atif</c> keeps the tool's own fields in ATIF <c>extra</c> objects.</summary>
internal static class AtifExtra
{
    public const string Key = "trace_curate";
}
