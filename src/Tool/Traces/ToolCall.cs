using System.Text.Json;

namespace TraceCurate.Traces;

/// <summary>A tool call as the model wrote it: id, tool name and arguments (a JSON value, usually an object).</summary>
public sealed record ToolCall
{
    public string? Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The arguments as JSON, or null when they could not be parsed (see <see cref="Action.Input"/>).</summary>
    public JsonElement? Arguments { get => _arguments.Value; init => _arguments = Deferred<JsonElement?>.Of(value); }

    /// <summary>For readers: compute <see cref="Arguments"/> on first read.</summary>
    internal Func<JsonElement?> LazyArguments { init => _arguments = Deferred<JsonElement?>.Lazy(value); }

    private readonly Deferred<JsonElement?> _arguments;

    /// <summary>For this assembly's readers: a value or a <see cref="LazyValue{T}"/>, no delegate between.</summary>
    internal Deferred<JsonElement?> DeferredArguments { get => _arguments; init => _arguments = value; }
}
