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
    public Usage Claim(IEnumerable<ClaudeCodeMessageMerger> responses)
    {
        var total = Usage.Unknown;
        foreach (var response in responses)
        {
            foreach (var (messageId, requestId, usage) in response.UsageByRequest)
                if (messageId is null || _claimed.Add((messageId, requestId))) total = total.Add(usage);
        }
        return total;
    }
}
