namespace TraceCurate.Traces;

/// <summary>One message of the conversation, in order.</summary>
public sealed record Message
{
    public required Role Role { get; init; }

    public string? Text { get => _text.Value; init => _text = Deferred<string?>.Of(value); }

    /// <summary>For readers: compute <see cref="Text"/> on first read.</summary>
    internal Func<string?> LazyText { init => _text = Deferred<string?>.Lazy(value); }

    private readonly Deferred<string?> _text;

    /// <summary>For this assembly's readers: a value or a <see cref="LazyValue{T}"/>, no delegate between.</summary>
    internal Deferred<string?> DeferredText { init => _text = value; }

    /// <summary>The model's reasoning (thinking blocks, reasoning_content), when the format keeps it.</summary>
    public string? Thinking { get => _thinking.Value; init => _thinking = Deferred<string?>.Of(value); }

    /// <summary>For readers: compute <see cref="Thinking"/> on first read.</summary>
    internal Func<string?> LazyThinking { init => _thinking = Deferred<string?>.Lazy(value); }

    private readonly Deferred<string?> _thinking;

    /// <summary>For this assembly's readers: a value or a <see cref="LazyValue{T}"/>, no delegate between.</summary>
    internal Deferred<string?> DeferredThinking { init => _thinking = value; }

    /// <summary>The tool calls this (assistant) message made.</summary>
    public IReadOnlyList<ToolCall> ToolCalls { get; init; } = [];

    /// <summary>For a tool message: the id of the call it answers.</summary>
    public string? ToolCallId { get; init; }

    public MessageKind Kind { get; init; } = MessageKind.Normal;

    /// <summary>The assistant turn this message belongs to (1-based; 0 before the first turn).</summary>
    public int Turn { get; init; }

    public bool IsSidechain { get; init; }

    public string? StopReason { get; init; }

    /// <summary>Usage of the model response that produced this message, when the format records it per message.</summary>
    public Usage? Usage { get; init; }

    public DateTimeOffset? Timestamp { get; init; }
}

public enum Role
{
    System,
    User,
    Assistant,
    Tool,
}

/// <summary>
/// Why a message is there: a normal turn, or something the harness put into the conversation (a slash command, an
/// injected reminder, a compaction or branch summary).
/// </summary>
public enum MessageKind
{
    Normal,
    Meta,
    Command,
    Injected,
    CompactionSummary,
    BranchSummary,
    Custom,
}
