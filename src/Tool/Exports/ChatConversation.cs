using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Exports;

/// <summary>
/// One tool call ready to render: sanitised id and name, arguments as an object, and the output truncated to
/// <paramref name="maxOutputChars"/> (0: no limit). The output is decoded only when a writer asks for it as a string:
/// JSON writers call <see cref="WriteOutput"/>, which copies the record's own bytes when they are what it would write.
/// The arguments are parsed only when a writer asks for them as an object: OpenAI's string and the tool schemas are
/// taken from the record's bytes where those are the writer's compact spelling (<see cref="VerbatimArguments"/>).
/// </summary>
internal sealed class ChatCall(Action action, string id, string name, int maxOutputChars)
{
    private string? _output;
    private JsonElement? _arguments;
    private VerbatimArguments? _verbatim;
    private bool _verbatimRead;

    /// <summary>The record's own bytes of the arguments when they are the writer's spelling; looked at once, on first need.</summary>
    private VerbatimArguments? Verbatim
    {
        get
        {
            if (_verbatimRead) return _verbatim;
            _verbatimRead = true;
            return _verbatim = _arguments is null && action.PendingRawArguments is { } raw ? VerbatimArguments.TryRead(raw.Raw) : null;
        }
    }

    public Action Action => action;

    public string Id => id;

    public string Name => name;

    public JsonElement Arguments => _arguments ??= ChatConversation.Arguments(action);

    /// <summary>The arguments' keys in order with the JSON kind of each value (<see cref="ToolSchemas"/>).</summary>
    public IReadOnlyList<(string Key, string? Kind)> ArgumentKinds => Verbatim?.Properties ?? ToolSchemas.KindsOf(Arguments);

    /// <summary>The arguments as compact JSON text written as the string property <paramref name="property"/> (OpenAI's <c>arguments</c>).</summary>
    public void WriteArgumentsString(Utf8JsonWriter w, string property)
    {
        // Asked first (OpenAI writes each call's arguments before the record's tools): checked, escaped and read for the
        // schemas in one pass; anything that pass refuses takes the reference path below.
        if (!_verbatimRead && _arguments is null && action.PendingRawArguments is { } raw)
        {
            _verbatimRead = true;
            if ((_verbatim = VerbatimArgumentsPass.TryRead(raw.Raw, out var quoted)) is not null)
            {
                w.WritePropertyName(property);
                w.WriteRawValue(quoted, skipInputValidation: true);
                return;
            }
            _verbatim = VerbatimArguments.TryRead(raw.Raw);
        }
        if (Verbatim is not { } verbatim)
        {
            // Arguments parsed before they were rendered (Claude Code's Task calls, read for their sub-agents' prompts)
            // still have their document's bytes: the same one pass takes them when they are the writer's spelling.
            var arguments = Arguments;
            if (VerbatimArgumentsPass.TryQuote(JsonMarshal.GetRawUtf8Value(arguments), out var quoted))
            {
                w.WritePropertyName(property);
                w.WriteRawValue(quoted, skipInputValidation: true);
                return;
            }
            ChatConversation.WriteCompactString(w, property, arguments);
            return;
        }
        var compact = verbatim.Bytes.Span;
        if (!WriterVerbatim.TryWriteString(w, property, compact)) w.WriteString(property, compact);
    }

    /// <summary>Sub-agents this call started, with their conversations, when the output inlines them (<c>subagents: inline</c>).</summary>
    public IReadOnlyList<InlinedSubagent> Subagents { get; init; } = [];

    /// <summary>The source's own error flag where it has one, else <see cref="Action.Failed"/> (Anthropic <c>is_error</c>).</summary>
    public bool IsError => Action.NativeIsError ?? Action.Failed;

    /// <summary>The output, truncated (§0 observation length).</summary>
    public string Output => _output ??= ChatConversation.Truncate(action.Output!, maxOutputChars);

    /// <summary>
    /// Writes the output as the string property <paramref name="property"/>. Rendering a chat record decoded every output
    /// to UTF-16 and escaped it back to the same bytes; most outputs are short of the truncation limit (a UTF-8 byte
    /// count bounds the decoded length from above) and already in the writer's spelling, and for them the record's bytes
    /// are the answer (<see cref="WriterVerbatim"/>); longer ones in that spelling are cut from the bytes
    /// (<see cref="VerbatimTruncation"/>).
    /// </summary>
    public void WriteOutput(Utf8JsonWriter w, string property)
    {
        if (_output is null && action.PendingRawOutput is { } raw)
        {
            if (maxOutputChars <= 0 || raw.Inner.Length <= maxOutputChars)
            {
                if (WriterVerbatim.Holds(raw.Inner))
                {
                    w.WritePropertyName(property);
                    w.WriteRawValue(raw.Quoted, skipInputValidation: true);
                    return;
                }
            }
            else if (VerbatimTruncation.TryWrite(w, property, raw.Quoted, maxOutputChars)) return;
        }
        WriterVerbatim.WriteString(w, property, Output);
    }
}

/// <summary>A sub-agent's trace and conversation, rendered after the parent's call that started it.</summary>
internal sealed record InlinedSubagent(Trace Trace, ChatConversation Conversation);

/// <summary>A user turn (<see cref="Role.User"/>, text only) or an assistant turn (text, thinking, calls with their results).</summary>
internal sealed record ChatTurn(Role Role, string? Text, string? Thinking, IReadOnlyList<ChatCall> Calls);

/// <summary>
/// The turns every training format renders (output-formats §0 "What becomes a turn"): the task as the first user turn;
/// later normal user text; assistant text, thinking (only when asked) and calls in order, each call with its result.
/// Harness messages (meta, commands, injected context, summaries), another run's side-chain messages and calls without a
/// result are left out (a trace whose messages are all side-chain is a sub-agent's own run, and is rendered);
/// an assistant turn left empty is dropped; consecutive user turns are merged, and so is an assistant text turn with
/// the assistant turn right after it; trailing user turns are trimmed. Formats decide how the last calls end a record.
/// </summary>
internal sealed partial class ChatConversation
{
    /// <summary>§0 default for <c>max_observation_chars</c>; 0 means no limit.</summary>
    public const int DefaultMaxObservationChars = 16_000;

    private ChatConversation(string? system, IReadOnlyList<ChatTurn> turns)
    {
        System = system;
        Turns = turns;
    }

    public string? System { get; }

    public IReadOnlyList<ChatTurn> Turns { get; }

    /// <summary>Every call of every turn, in order.</summary>
    public IEnumerable<ChatCall> Calls
    {
        get
        {
            // A loop into one list, not SelectMany's enumerators: the tool schemas ask this of every record.
            var all = new List<ChatCall>();
            foreach (var turn in Turns) all.AddRange(turn.Calls);
            return all;
        }
    }

    /// <summary>Whether some assistant turn made more than one call (OpenAI's <c>parallel_tool_calls</c>).</summary>
    public bool HasParallelCalls
    {
        get
        {
            foreach (var turn in Turns)
                if (turn.Calls.Count > 1) return true;
            return false;
        }
    }

    /// <summary>The conversation of a trace, or null when no assistant turn is left (rejected as <c>no_assistant_turn</c>).</summary>
    public static ChatConversation? Build(Trace trace, ExportOptions options) => Build(trace, options, [], null);

    /// <summary>
    /// As <see cref="Build(Trace, ExportOptions)"/>, attaching each of <paramref name="subagents"/> to the call that started
    /// it (<see cref="Subagents.ParentCallId"/>) and adding it to <paramref name="inlined"/>. A sub-agent whose call is
    /// not in the conversation (unknown, or dropped for lack of a result) or that has no assistant turn is not attached.
    /// One level: a sub-agent's own sub-agents are not looked for.
    /// </summary>
    public static ChatConversation? Build(Trace trace, ExportOptions options, IReadOnlyList<Trace> subagents, List<Trace>? inlined)
    {
        var turns = new List<ChatTurn>();
        var matcher = new CallMatcher(trace);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var keepSummaries = options.Get("compaction") == "keep";
        var max = options.MaxObservationChars ?? DefaultMaxObservationChars;
        string? system = options.SystemPrompt;
        var messages = trace.Messages;
        // Side-chain messages inside a main run belong to another run (a sub-agent, exported as its own trace); a
        // sub-agent's own trace is all side-chain, and those messages are its conversation.
        var ownRunOnly = false;
        for (var i = 0; i < messages.Count && !ownRunOnly; i++) ownRunOnly = !messages[i].IsSidechain;
        var placed = subagents.Count == 0 ? null : new List<Trace>(); // most records inline nothing: no list for them
        // Loops over the lists, not LINQ and closures: this runs for every message of every record rendered.
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            if (m.IsSidechain && ownRunOnly) continue;
            switch (m.Role)
            {
                case Role.System:
                    system ??= m.Text;
                    break;
                case Role.User when m.Kind == MessageKind.Normal || (keepSummaries && m.Kind is MessageKind.CompactionSummary or MessageKind.BranchSummary):
                    if (!string.IsNullOrWhiteSpace(m.Text)) AddUser(turns, m.Text);
                    break;
                case Role.Assistant:
                    var calls = ResultCalls(matcher.Match(m), matcher, ids, max, subagents, options, placed);
                    var thinking = options.IncludeThinking && !string.IsNullOrWhiteSpace(m.Thinking) ? m.Thinking : null;
                    var text = string.IsNullOrWhiteSpace(m.Text) ? null : m.Text;
                    if (text is null && thinking is null && calls.Count == 0) break;
                    if (turns.Count > 0 && turns[^1] is { Role: Role.Assistant, Calls.Count: 0 } prev)
                        turns[^1] = new ChatTurn(Role.Assistant, Join(prev.Text, text), Join(prev.Thinking, thinking), calls);
                    else
                        turns.Add(new ChatTurn(Role.Assistant, text, thinking, calls));
                    break;
            }
        }
        if (trace.Task is { } task && (turns.Count == 0 || turns[0].Role != Role.User)) turns.Insert(0, new ChatTurn(Role.User, task, null, []));
        while (turns.Count > 0 && turns[^1].Role == Role.User) turns.RemoveAt(turns.Count - 1);
        if (!turns.Any(t => t.Role == Role.Assistant)) return null;
        if (placed is not null) inlined?.AddRange(placed);
        return new ChatConversation(system, turns);
    }

    /// <summary>The calls of one assistant message that have a result, ready to render; an empty array when none has.</summary>
    private static IReadOnlyList<ChatCall> ResultCalls(IReadOnlyList<Action> matched, CallMatcher matcher, HashSet<string> ids, int max,
        IReadOnlyList<Trace> subagents, ExportOptions options, List<Trace>? placed)
    {
        if (matched.Count == 0) return [];
        var calls = new List<ChatCall>(matched.Count);
        for (var i = 0; i < matched.Count; i++)
        {
            var a = matched[i];
            if (a.PendingRawOutput is null && a.Output is null) continue; // a call without a result is left out
            calls.Add(new ChatCall(a, CallId(a, matcher.CallIdOf(a), ids), ToolName(a.Name), max)
            {
                Subagents = placed is null ? [] : StartedBy(a, subagents, options, placed),
            });
        }
        return calls;
    }

    /// <summary>The sub-agents started by <paramref name="call"/> that have a conversation, in the order given.</summary>
    private static List<InlinedSubagent> StartedBy(Action call, IReadOnlyList<Trace> subagents, ExportOptions options, List<Trace> placed)
    {
        var started = new List<InlinedSubagent>();
        if (call.Id is null) return started;
        foreach (var subagent in subagents)
        {
            if (placed.Exists(p => ReferenceEquals(p, subagent)) || Subagents.ParentCallId(subagent) != call.Id) continue;
            if (Build(subagent, options) is not { } conversation) continue;
            started.Add(new InlinedSubagent(subagent, conversation));
            placed.Add(subagent);
        }
        return started;
    }

    /// <summary>§0 observation length: the first 60% and last 40% of <paramref name="max"/> characters around a marker line.</summary>
    public static string Truncate(string output, int max)
    {
        if (max <= 0 || output.Length <= max) return output;
        var head = max * 6 / 10;
        var tail = max - head;
        if (head > 0 && char.IsHighSurrogate(output[head - 1])) head--; // never split a surrogate pair
        var tailStart = output.Length - tail;
        if (tailStart < output.Length && char.IsLowSurrogate(output[tailStart])) tailStart++;
        var cut = tailStart - head;
        return string.Concat(output.AsSpan(0, head), TruncationMarker(cut), output.AsSpan(tailStart));
    }

    /// <summary>The line <see cref="Truncate"/> puts where it cut <paramref name="cut"/> characters out.</summary>
    internal static string TruncationMarker(int cut) => $"\n[… {cut} chars truncated …]\n";

    /// <summary>§0 tool names: <c>[A-Za-z0-9_-]</c>, at most 64 characters (OpenAI and Anthropic both restrict them).</summary>
    public static string ToolName(string name)
    {
        if (name.Length is > 0 and <= 64 && IsNameOnly(name)) return name; // nearly every name: no regex run per call
        var clean = NotNameChar().Replace(name, "_");
        if (clean.Length == 0) clean = "tool";
        return clean.Length > 64 ? clean[..64] : clean;
    }

    private static string CallId(Action a, string? preferred, HashSet<string> used)
    {
        var id = preferred ?? a.Id;
        // Add answers whether the id was new: one look-up where Contains then Add took two.
        if (id is not null && (IsNameOnly(id) && id.Length > 0 || IdPattern().IsMatch(id)) && used.Add(id)) return id;
        id = "call_" + a.Index.ToString(CultureInfo.InvariantCulture);
        used.Add(id);
        return id;
    }

    /// <summary>§0 arguments: the parsed object; anything else (or nothing) wrapped as <c>{"input": …}</c>.</summary>
    internal static JsonElement Arguments(Action a)
    {
        if (a.Arguments is { ValueKind: JsonValueKind.Object } args) return args;
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WritePropertyName("input");
            if (a.Arguments is { } value) value.WriteTo(w); else w.WriteStringValue(a.Input ?? "");
            w.WriteEndObject();
        }
        using var doc = JsonDocument.Parse(buffer.ToArray(), Formats.Json.Rebuilt);
        return doc.RootElement.Clone();
    }

    /// <summary>Compact JSON in the outputs' encoding (non-ASCII and quotes readable, as in every record).</summary>
    public static string Compact(JsonElement value) => global::System.Text.Encoding.UTF8.GetString(CompactUtf8(value));

    /// <summary>
    /// <see cref="Compact"/>'s text written as the string property <paramref name="property"/> (OpenAI's
    /// <c>arguments</c>), from UTF-8 to UTF-8: the string in between was decoded to UTF-16 only to be escaped back.
    /// </summary>
    public static void WriteCompactString(Utf8JsonWriter w, string property, JsonElement value)
    {
        var compact = CompactUtf8(value);
        if (!WriterVerbatim.TryWriteString(w, property, compact)) w.WriteString(property, compact);
    }

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_compact;
    [ThreadStatic] private static Utf8JsonWriter? t_compactWriter;

    /// <summary>The compact JSON's bytes, in this thread's buffer: valid until the thread's next call.</summary>
    private static ReadOnlySpan<byte> CompactUtf8(JsonElement value)
    {
        // Replaced once it has grown past 1 MB, so that one huge call does not pin its buffer for the thread's life.
        if (t_compact is not { Capacity: <= 1 << 20 }) t_compact = new ArrayBufferWriter<byte>(1 << 10);
        var buffer = t_compact;
        buffer.ResetWrittenCount();
        var writer = t_compactWriter ??= new Utf8JsonWriter(buffer, TraceJsonWriter.Options);
        writer.Reset(buffer);
        value.WriteTo(writer);
        writer.Flush();
        return buffer.WrittenSpan;
    }

    private static void AddUser(List<ChatTurn> turns, string text)
    {
        if (turns.Count > 0 && turns[^1] is { Role: Role.User } prev) turns[^1] = prev with { Text = prev.Text + "\n\n" + text };
        else turns.Add(new ChatTurn(Role.User, text, null, []));
    }

    private static string? Join(string? a, string? b) => a is null ? b : b is null ? a : a + "\n\n" + b;

    private static readonly SearchValues<char> NameChars = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");

    /// <summary>Whether every character is one of <c>[A-Za-z0-9_-]</c>: the regexes' common answer, without running them.</summary>
    private static bool IsNameOnly(string text) => !text.AsSpan().ContainsAnyExcept(NameChars);

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex NotNameChar();

    [GeneratedRegex("^[A-Za-z0-9_-]+$")]
    private static partial Regex IdPattern();
}
