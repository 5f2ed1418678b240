using System.Text.Json.Nodes;

namespace TraceCurate.Tests.Support;

/// <summary>AgentTrace JSONL lines built from the project's samples, edited as JSON so they stay valid records.</summary>
public static class AgentTraceLines
{
    /// <summary>Every sample record (mbpp then nl2bash), as in samples/agenttrace.</summary>
    public static string[] Samples() =>
        [.. RepoPaths.SampleLines("agenttrace/mbpp.jsonl"), .. RepoPaths.SampleLines("agenttrace/nl2bash.jsonl")];

    /// <summary>A copy of a record with its JSON changed by <paramref name="edit"/>.</summary>
    public static string Edit(string line, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(line)!.AsObject();
        edit(node);
        return node.ToJsonString();
    }

    public static string Id(string line) => JsonNode.Parse(line)!["trace_id"]!.GetValue<string>();

    /// <summary><paramref name="count"/> records cycling through the samples, with ids gen-0000, gen-0001, ….</summary>
    public static List<string> Generated(int count)
    {
        var samples = Samples();
        return Enumerable.Range(0, count)
            .Select(i => Edit(samples[i % samples.Length], o => o["trace_id"] = $"gen-{i:D4}"))
            .ToList();
    }
}
