using System.Text.Json;

namespace TraceCurate.Traces;

/// <summary>
/// One tool call joined with its result. <see cref="Failed"/> is true only for failures the agent caused
/// (not user interrupts or rejections, which are <see cref="Interrupted"/> and <see cref="Rejected"/>).
/// </summary>
public sealed record Action
{
    /// <summary>0-based position in call order.</summary>
    public int Index { get; init; }

    public string? Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The arguments as JSON, or null when the raw input could not be parsed.</summary>
    public JsonElement? Arguments { get => _arguments.Value; init => _arguments = Deferred<JsonElement?>.Of(value); }

    /// <summary>For readers: compute <see cref="Arguments"/> on first read.</summary>
    internal Func<JsonElement?> LazyArguments { init => _arguments = Deferred<JsonElement?>.Lazy(value); }

    private readonly Deferred<JsonElement?> _arguments;

    /// <summary>For this assembly's readers: a value or a <see cref="LazyValue{T}"/>, no delegate between.</summary>
    internal Deferred<JsonElement?> DeferredArguments { init => _arguments = value; }

    /// <summary>The arguments still held as JSON bytes by their reader (nothing has parsed them), else null.</summary>
    internal RawJsonValue? PendingRawArguments => _arguments.Pending as RawJsonValue;

    /// <summary>The raw input text as the format wrote it (for AgentTrace, a Python repr).</summary>
    public string? Input { get => _input.Value; init => _input = Deferred<string?>.Of(value); }

    /// <summary>For readers: compute <see cref="Input"/> on first read.</summary>
    internal Func<string?> LazyInput { init => _input = Deferred<string?>.Lazy(value); }

    private readonly Deferred<string?> _input;

    /// <summary>For this assembly's readers: a value or a <see cref="LazyValue{T}"/>, no delegate between.</summary>
    internal Deferred<string?> DeferredInput { init => _input = value; }

    /// <summary>The input while it is still its reader's undecoded arguments bytes (<see cref="RawArgumentsText"/>), else null.</summary>
    internal RawArgumentsText? PendingRawInput => _input.Pending as RawArgumentsText;

    /// <summary>The tool's output text; null when the call has no result.</summary>
    public string? Output { get => _output.Value; init => _output = Deferred<string?>.Of(value); }

    /// <summary>For readers: compute <see cref="Output"/> on first read.</summary>
    internal Func<string?> LazyOutput { init => _output = Deferred<string?>.Lazy(value); }

    private readonly Deferred<string?> _output;

    /// <summary>For this assembly's readers: a value or a <see cref="LazyValue{T}"/>, no delegate between.</summary>
    internal Deferred<string?> DeferredOutput { init => _output = value; }

    /// <summary>
    /// The output's characters, without caching a string when the reader kept it as JSON bytes and nothing has read it
    /// yet (the classifier looks at every output; most recipes never read one). Empty span and false when null.
    /// </summary>
    internal bool TryLendOutput(out TextLease text)
    {
        if (PendingRawOutput is { } raw)
        {
            text = raw.Lend();
            return true;
        }
        var output = Output;
        text = output is null ? default : new TextLease(output);
        return output is not null;
    }

    /// <summary>The output still held as JSON bytes by its reader (nothing has read it), else null.</summary>
    internal Utf8JsonText? PendingRawOutput => _output.Pending as Utf8JsonText;

    public bool Failed { get; init; }

    /// <summary>The exit code, where the format records one or writes it in the output; null when unknown.</summary>
    public int? ExitCode { get; init; }

    public TimeSpan? Duration { get; init; }

    /// <summary>Process telemetry of the call; null where the format has none.</summary>
    public Telemetry? Telemetry { get; init; }

    /// <summary>The assistant turn that made the call.</summary>
    public int Turn { get; init; }

    /// <summary>The format's own error flag (<c>isError</c>, <c>is_error</c>), when it has one.</summary>
    public bool? NativeIsError { get; init; }

    /// <summary>Why the action counts as failed or not (see docs/analysis.md); null when not classified.</summary>
    public string? ErrorClass { get => _errorClass.Value; init => _errorClass = Deferred<string?>.Of(value); }

    /// <summary>
    /// For the classifier: a failure whose class (which §9.3 pattern the output shows) is worked out on first read;
    /// <see cref="Failed"/> is already known, and most recipes never ask which failure it was.
    /// </summary>
    internal Func<string?> LazyErrorClass { init => _errorClass = Deferred<string?>.Lazy(value); }

    /// <summary>Whether <see cref="ErrorClass"/> is a failure's class not worked out yet (see <see cref="LazyErrorClass"/>).</summary>
    internal bool ErrorClassPending => _errorClass.Pending is not null;

    private readonly Deferred<string?> _errorClass;

    /// <summary>Stopped by the user or the harness (abort, queued message), not by the agent's mistake.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The user refused to let the call run.</summary>
    public bool Rejected { get; init; }

    public DateTimeOffset? Timestamp { get; init; }
}
