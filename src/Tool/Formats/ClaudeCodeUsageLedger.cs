using TraceCurate.Traces;

namespace TraceCurate.Formats;

/// <summary>
/// Counts Claude Code usage once per <c>(message.id, requestId)</c> over a whole file (input-formats §4, "Streaming
/// duplication"): the traces of one file share a ledger, so a response whose lines appear in two traces, or again
/// after a resume, is counted by the first trace that claims it. A response without <c>message.id</c> cannot be
/// recognised again and is always counted.
/// </summary>
internal sealed class ClaudeCodeUsageLedger
{
    private readonly HashSet<(string, string)> _claimed = [];

    /// <summary>The usage of the responses not claimed before, claiming them.</summary>
    public Usage Claim(List<ClaudeCodeMessageMerger> responses)
    {
        var total = Usage.Unknown;
        foreach (var response in responses)
        {
            for (var r = 0; r < response.RequestCount; r++)
            {
                var (requestId, usage) = response.Request(r);
                if (response.MessageId is not null && !_claimed.Add((response.MessageId, requestId))) continue;
                total = total.Add(usage);
            }
        }
        return total;
    }
}
