using System.Text.Json;
using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// A <c>session_meta</c> the streaming pass (<see cref="CodexFastLine"/>) read: the fields the trace takes from it (its
/// id, start and fork parent, each a string or null, the start a timestamp), and its payload, parsed into the trace's
/// metadata only when something reads it (<c>inspect</c> never does). A payload whose <c>source</c> is an object (a
/// sub-agent's) is parsed at once instead, as the document path reads its lineage.
/// </summary>
internal sealed record CodexScannedMeta(Deferred<JsonElement?> Payload, string? Id, DateTimeOffset? Started, string? ForkedFrom)
{
    /// <summary>As <see cref="CodexItems.Lineage"/> reads a payload whose <c>source</c> is not an object.</summary>
    public (TraceKind Kind, string? Parent) Lineage => ForkedFrom is { } fork ? (TraceKind.Fork, fork) : (TraceKind.Main, null);
}
