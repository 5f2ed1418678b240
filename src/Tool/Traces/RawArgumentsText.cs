using System.Text;

namespace TraceCurate.Traces;

/// <summary>
/// A tool call's input text that is its arguments' JSON bytes decoded as they stand (what
/// <see cref="System.Text.Json.JsonElement.GetRawText"/> gives), worked out when read. The analysis may look at the bytes
/// instead of the text (<see cref="Raw"/>): a reader that keeps the input this way says that its input and its pending
/// arguments are the same bytes.
/// </summary>
internal sealed class RawArgumentsText(ReadOnlyMemory<byte> raw) : LazyValue<string?>
{
    /// <summary>The arguments' JSON bytes, as the reader kept them.</summary>
    public ReadOnlyMemory<byte> Raw => raw;

    protected override string? Compute() => Encoding.UTF8.GetString(raw.Span);
}
