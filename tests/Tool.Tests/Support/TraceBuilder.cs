using System.Globalization;
using TraceCurate.Traces;
using Action = TraceCurate.Traces.Action;

namespace TraceCurate.Tests.Support;

/// <summary>
/// Hand-made traces whose messages and actions agree: each <see cref="Turn"/> is one assistant message with its calls,
/// one tool message per call, and one action per call (id <c>call_N</c>, N the action index), as a reader would build
/// them. <see cref="Analyzed"/> runs the analysis layer, as the pipeline does after reading.
/// </summary>
public sealed class TraceBuilder(string? task = "fix the failing test", string format = "test")
{
    private readonly List<Message> _messages = task is null ? [] : [new Message { Role = Role.User, Text = task }];
    private readonly List<Action> _actions = [];
    private int _turn;

    public string Id { get; set; } = "t1";

    public string? Cwd { get; set; }

    /// <summary>One call: tool name, arguments as JSON, output (null = no result), exit code (null = unknown).</summary>
    public static Call Bash(string command, string output = "", int? exit = 0) =>
        new("bash", global::System.Text.Json.JsonSerializer.Serialize(new { command }), output, exit);

    public TraceBuilder User(string text, MessageKind kind = MessageKind.Normal)
    {
        _messages.Add(new Message { Role = Role.User, Text = text, Kind = kind, Turn = _turn });
        return this;
    }

    public TraceBuilder System(string text)
    {
        _messages.Insert(0, new Message { Role = Role.System, Text = text });
        return this;
    }

    public TraceBuilder Turn(string? text, params Call[] calls) => Turn(text, null, null, calls);

    public TraceBuilder Turn(string? text, string? thinking, string? stopReason, params Call[] calls)
    {
        _turn++;
        var toolCalls = new List<ToolCall>();
        var results = new List<Message>();
        foreach (var call in calls)
        {
            var id = "call_" + _actions.Count.ToString(CultureInfo.InvariantCulture);
            var args = call.Json is null ? (global::System.Text.Json.JsonElement?)null : Some.Json(call.Json);
            toolCalls.Add(new ToolCall { Id = id, Name = call.Name, Arguments = args });
            _actions.Add(new Action
            {
                Index = _actions.Count, Id = id, Name = call.Name, Arguments = args, Input = call.Json, Output = call.Output,
                ExitCode = call.Exit, NativeIsError = call.NativeIsError, Failed = call.NativeIsError == true || call.Exit is not (null or 0), Turn = _turn,
            });
            if (call.Output is not null) results.Add(new Message { Role = Role.Tool, Text = call.Output, ToolCallId = id, Turn = _turn });
        }
        _messages.Add(new Message { Role = Role.Assistant, Text = text, Thinking = thinking, ToolCalls = toolCalls, Turn = _turn, StopReason = stopReason });
        _messages.AddRange(results);
        return this;
    }

    public Trace Build() => new()
    {
        Id = Id,
        Format = format,
        Task = task,
        Messages = _messages.ToList(),
        Actions = _actions.ToList(),
        Turns = _turn,
        Cwd = Cwd,
        StartedAt = new DateTimeOffset(2026, 3, 28, 14, 0, 0, TimeSpan.Zero),
    };

    public Trace Analyzed() => TraceAnalyzer.Analyze(Build());

    /// <summary>A tool call for <see cref="Turn(string?, Call[])"/>.</summary>
    public sealed record Call(string Name, string? Json, string? Output, int? Exit)
    {
        public bool? NativeIsError { get; init; }
    }
}
