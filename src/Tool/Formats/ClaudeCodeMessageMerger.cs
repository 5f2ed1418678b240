using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// One API response of Claude Code, merged from its streamed lines (input-formats §4, "Streaming duplication"): every
/// line holds one content block and repeats the response's <c>usage</c>. Blocks are kept in line order; usage is
/// counted once per <c>(message.id, requestId)</c>, input-side figures from the first line and <c>output_tokens</c> as
/// the maximum over the lines (streamed values are lower bounds, so the usage is marked approximate).
/// </summary>
internal sealed class ClaudeCodeMessageMerger(string? messageId, int turn, DateTimeOffset? timestamp)
{
    // Each text block's text: a string, or (read by the streaming pass) a long one's bytes, decoded when the message's text is read.
    private readonly List<object> _texts = [];
    private readonly List<string> _thinking = [];

    // The usage per requestId ("" for a line without one), in the order first seen: nearly every response has one
    // request, held here without a dictionary; a second (a retried request) and later ones go in _laterRequests.
    private string? _firstRequest;
    private Usage? _firstUsage;
    private Dictionary<string, Usage>? _laterRequests;

    public string? MessageId { get; } = messageId;

    public int Turn { get; } = turn;

    public List<ToolCall> Calls { get; } = [];

    // Per call: its input text when the streaming pass read the line (decoded when read); null for a call read from a
    // document, whose input is its arguments' raw text.
    private readonly List<Deferred<string?>?> _inputs = [];

    /// <summary>The input text of call <paramref name="index"/>, when it was read without a document; else null (read it from <see cref="ToolCall.Arguments"/>).</summary>
    public Deferred<string?>? InputOf(int index) => _inputs[index];

    public string? StopReason { get; private set; }

    /// <summary>Locally generated messages (<c>model: "&lt;synthetic&gt;"</c>) count for neither models nor usage.</summary>
    public bool Synthetic { get; private set; } = true;

    public void AddLine(JsonElement message, string? requestId)
    {
        var model = Json.String(message, "model");
        Synthetic &= model == "<synthetic>";
        StopReason = Json.String(message, "stop_reason") ?? StopReason;
        if (model != "<synthetic>" && message.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object)
            AddUsage(Json.Integer(u, "input_tokens"), Json.Integer(u, "output_tokens"), Json.Integer(u, "cache_read_input_tokens"),
                Json.Integer(u, "cache_creation_input_tokens"), requestId);
        foreach (var block in Json.Array(message, "content").Where(b => b.ValueKind == JsonValueKind.Object))
        {
            switch (Json.String(block, "type"))
            {
                case "text":
                    _texts.Add(Json.String(block, "text") ?? "");
                    break;
                case "thinking":
                    _thinking.Add(Json.String(block, "thinking") ?? "");
                    break;
                case "tool_use":
                    // A line repeated under a new uuid (a resumed session) must not add the call twice.
                    if (Json.String(block, "id") is { } callId && Calls.Any(c => c.Id == callId)) break;
                    JsonElement? input = block.TryGetProperty("input", out var i) && i.ValueKind != JsonValueKind.Null ? i.Clone() : null;
                    Calls.Add(new ToolCall { Id = Json.String(block, "id"), Name = Json.String(block, "name") ?? "", Arguments = input });
                    _inputs.Add(null);
                    break;
            }
        }
    }

    /// <summary>As <see cref="AddLine(JsonElement, string?)"/>, for a line the streaming pass read (its fields already checked).</summary>
    public void AddLine(ClaudeCodeFastLine line)
    {
        var model = line.Model;
        Synthetic &= model == "<synthetic>";
        StopReason = line.StopReason ?? StopReason;
        if (model != "<synthetic>" && line.Usage is { } u) AddUsage(u.Input, u.Output, u.CacheRead, u.CacheWrite, line.RequestId);
        foreach (var block in line.Blocks)
        {
            switch (block.Kind)
            {
                case ClaudeCodeFastLine.BlockKind.Text:
                    _texts.Add((object?)block.RawText ?? block.ShortText ?? "");
                    break;
                case ClaudeCodeFastLine.BlockKind.Thinking:
                    _thinking.Add(block.Thinking ?? "");
                    break;
                case ClaudeCodeFastLine.BlockKind.ToolUse:
                    if (block.Id is { } callId && Calls.Any(c => c.Id == callId)) break;
                    // The input stays the line's bytes: parsed (arguments) or decoded (input text) when a step or writer reads it.
                    var arguments = block.Input.IsEmpty ? Deferred<JsonElement?>.Of(null) : Deferred<JsonElement?>.Lazy(new LazyJson.Element(block.Input));
                    Calls.Add(new ToolCall { Id = block.Id, Name = block.Name ?? "", DeferredArguments = arguments });
                    _inputs.Add(block.Input.IsEmpty ? Deferred<string?>.Of(null) : Deferred<string?>.Lazy(new ClaudeCodeFastLine.InputText(block.Input)));
                    break;
            }
        }
    }

    private void AddUsage(long? input, long? output, long? cacheRead, long? cacheWrite, string? requestId)
    {
        var key = requestId ?? "";
        if (_firstUsage is null)
        {
            _firstRequest = key;
            _firstUsage = NewUsage(input, output, cacheRead, cacheWrite);
        }
        else if (key == _firstRequest) _firstUsage = Streamed(_firstUsage, output);
        else
        {
            _laterRequests ??= new Dictionary<string, Usage>(StringComparer.Ordinal);
            _laterRequests[key] = _laterRequests.TryGetValue(key, out var seen) ? Streamed(seen, output) : NewUsage(input, output, cacheRead, cacheWrite);
        }
    }

    private static Usage NewUsage(long? input, long? output, long? cacheRead, long? cacheWrite) => new()
    {
        InputTokens = input,
        OutputTokens = output,
        CacheReadTokens = cacheRead,
        CacheWriteTokens = cacheWrite,
        ApiCalls = 1,
        Approximate = true,
    };

    /// <summary>A request's usage after one more of its streamed lines: input-side figures from the first, the largest output (a new record only when it grows).</summary>
    private static Usage Streamed(Usage seen, long? output) =>
        Max(seen.OutputTokens, output) is var largest && largest == seen.OutputTokens ? seen : seen with { OutputTokens = largest };

    /// <summary>How many request ids the response's lines carried (<see cref="Request"/> gives each).</summary>
    public int RequestCount => _firstUsage is null ? 0 : 1 + (_laterRequests?.Count ?? 0);

    /// <summary>The usage of the response's <paramref name="index"/>th request id ("" for lines without one), in the order first seen.</summary>
    public (string RequestId, Usage Usage) Request(int index)
    {
        if (index == 0) return (_firstRequest!, _firstUsage!);
        var k = 1;
        foreach (var (key, usage) in _laterRequests!)
            if (k++ == index) return (key, usage);
        throw new ArgumentOutOfRangeException(nameof(index));
    }

    /// <summary>The response's usage; null when no line carried one (or the response is synthetic).</summary>
    public Usage? Usage
    {
        get
        {
            if (_firstUsage is null || _laterRequests is null) return _firstUsage;
            var total = _firstUsage;
            foreach (var usage in _laterRequests.Values) total = total.Add(usage);
            return total;
        }
    }

    public Message ToMessage(bool sidechain) => new()
    {
        Role = Role.Assistant,
        IsSidechain = sidechain,
        DeferredText = _texts.Count == 0 ? Deferred<string?>.Of(null)
            : _texts.Count == 1 && _texts[0] is Utf8JsonText raw ? Deferred<string?>.Lazy(raw)
            : _texts.TrueForAll(t => t is string) ? Deferred<string?>.Of(string.Join("\n", _texts.Cast<string>()))
            : Deferred<string?>.Lazy(new JoinedText([.. _texts])),
        Thinking = _thinking.Count > 0 ? string.Join("\n", _thinking) : null,
        ToolCalls = Calls,
        Turn = Turn,
        StopReason = StopReason,
        Usage = Usage,
        Timestamp = timestamp,
    };

    /// <summary>Text blocks joined by newlines, those left as the line's bytes decoded when the text is first read.</summary>
    private sealed class JoinedText(object[] parts) : LazyValue<string?>
    {
        protected override string? Compute() => string.Join("\n", parts.Select(p => p as string ?? ((Utf8JsonText)p).Value));
    }

    private static long? Max(long? a, long? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}
