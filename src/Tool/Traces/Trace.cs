using System.Text.Json;

namespace TraceCurate.Traces;

/// <summary>
/// One agent run in the canonical model: what every reader produces and every step and writer consumes.
/// Immutable, so recipe transforms write <c>t with { … }</c>. Property names are the public API of recipe snippets.
/// </summary>
public sealed partial record Trace
{
    /// <summary>The native id (suffixed with <c>#leaf=</c> or <c>#agent=</c> when one file holds several traces).</summary>
    public required string Id { get; init; }

    /// <summary>The input format name: "agenttrace", "pi", "claude-code", "codex", "swe-agent", "trace", …</summary>
    public required string Format { get; init; }

    /// <summary>The agent that produced the run ("smolagents", "pi", "claude-code", …), when known.</summary>
    public string? Agent { get; init; }

    /// <summary>The main model; every model seen is in <see cref="Models"/>.</summary>
    public string? Model { get; init; }

    public IReadOnlyList<string> Models { get; init; } = [];

    /// <summary>The task prompt: the first real user text.</summary>
    public string? Task { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public TimeSpan? Duration { get; init; }

    public IReadOnlyList<Message> Messages { get => _messages.Value ?? []; init => _messages = Deferred<IReadOnlyList<Message>>.Of(value); }

    /// <summary>
    /// For readers: build <see cref="Messages"/> on first read. A recipe that filters on actions and metadata and writes
    /// records unchanged never reads a message, so it never pays for building them.
    /// </summary>
    internal Func<IReadOnlyList<Message>> LazyMessages { init => _messages = Deferred<IReadOnlyList<Message>>.Lazy(value); }

    private readonly Deferred<IReadOnlyList<Message>> _messages;

    public IReadOnlyList<Action> Actions { get; init; } = [];

    public Usage Usage { get; init; } = Usage.Unknown;

    /// <summary>The native header or metadata object, kept as JSON. Reach into it with <see cref="Meta"/>.</summary>
    public JsonElement? Metadata { get => _metadata.Value; init => _metadata = Deferred<JsonElement?>.Of(value); }

    /// <summary>For readers: compute <see cref="Metadata"/> on first read.</summary>
    internal Func<JsonElement?> LazyMetadata { init => _metadata = Deferred<JsonElement?>.Lazy(value); }

    private readonly Deferred<JsonElement?> _metadata;

    /// <summary>For this assembly's readers: a value or a <see cref="LazyValue{T}"/>, no delegate between.</summary>
    internal Deferred<JsonElement?> DeferredMetadata { init => _metadata = value; }

    /// <summary>Number of assistant turns (one model response = one turn).</summary>
    public int Turns { get; init; }

    /// <summary>The trace this one was spawned from (a sub-agent's parent session), if any.</summary>
    public string? ParentId { get; init; }

    public TraceKind Kind { get; init; } = TraceKind.Main;

    /// <summary>The working directory the agent ran in, where the format records it.</summary>
    public string? Cwd { get; init; }

    /// <summary>Raw outcome signals as the format spells them (an exit status, the last stop reason, …).</summary>
    public string? NativeOutcome { get; init; }

    /// <summary>Things a reader had to approximate or guess for this trace; never fatal.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>
    /// Lines of this trace's input file that could not be read and were skipped: a bad line under
    /// <c>--skip-bad-records</c> (the session is kept without it) or a cut last line. 0 for a file read whole; a line that
    /// held two records and was read as both does not count. Test it in a recipe: <c>where: t.ReadIssues == 0</c>.
    /// </summary>
    public int ReadIssues { get; init; }

    /// <summary>Where the trace came from; not part of the trace's content (ignored by dedup and the trace output).</summary>
    public TraceSource Source { get; init; } = TraceSource.None;

    /// <summary>
    /// A metadata value by dotted path (<c>t.Meta("platform.python")</c>), as a string: strings as they are, numbers and
    /// booleans in their JSON spelling, objects and arrays as compact JSON. Null when any segment is missing.
    /// A segment that is a whole number also indexes arrays (<c>"tags.0"</c>).
    /// </summary>
    public string? Meta(string path) => JsonPath.GetString(Metadata, path);
}
