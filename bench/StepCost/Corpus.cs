using System.Text.Json.Nodes;

namespace TraceCurate.Bench;

/// <summary>
/// A generated AgentTrace corpus: the project's samples repeated with new ids and a varied prompt, one in ten with a
/// planted secret, so dedup keeps everything and redaction has something to replace; plus a reference set for
/// decontamination that matches nothing.
/// </summary>
internal static class Corpus
{
    public static readonly (string Name, string Step)[] Steps =
    [
        ("baseline", "where: true"),
        ("where", "where: t.Actions.Count >= 2 || t.Task.Contains(\"never\")"),
        ("map", "map: t with { Messages = t.Messages.Where(m => m.Role != Role.System).ToList() }"),
        ("redact", "redact: [secrets, emails, home-paths]"),
        ("dedup-exact", "dedup: exact"),
        ("dedup-near", "dedup: near"),
        ("cap", "cap: {per: t.Meta(\"task_id\"), max: 1000000}"),
        ("decontaminate", "decontaminate: {against: [refs.jsonl], field: text, ngram: 8}"),
        ("sample", "sample: {rate: 0.999, seed: 1}"),
        ("split", "split: {seed: 1, parts: {train: 0.9, test: 0.1}}"),
    ];

    public static void Write(string folder, int count)
    {
        var samples = Root().SelectMany(f => File.ReadAllLines(f)).Where(l => l.Length > 0).ToArray();
        using (var corpus = new StreamWriter(Path.Combine(folder, "corpus.jsonl")))
        {
            for (var i = 0; i < count; i++)
            {
                var o = JsonNode.Parse(samples[i % samples.Length])!.AsObject();
                o["trace_id"] = $"bench-{i:D7}";
                var prompt = o["prompt"]!.GetValue<string>() + $" (variant {i}, word{i % 97} word{i % 89})";
                if (i % 10 == 0) prompt += $" contact ops{i}@example.com, key sk-proj-{i:D8}AbCdEfGhIjKlMnOp, cwd /home/user{i}/work";
                o["prompt"] = prompt;
                corpus.WriteLine(o.ToJsonString());
            }
        }
        using var refs = new StreamWriter(Path.Combine(folder, "refs.jsonl"));
        for (var i = 0; i < 500; i++)
            refs.WriteLine(new JsonObject { ["text"] = $"benchmark problem {i}: compute the checksum of the array number {i} using modular arithmetic and report it" }.ToJsonString());
    }

    private static IEnumerable<string> Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Tool.sln")))
                return Directory.GetFiles(Path.Combine(dir.FullName, "samples", "agenttrace"), "*.jsonl").Order(StringComparer.Ordinal);
        throw new InvalidOperationException("run from inside the repository: samples/agenttrace not found");
    }
}
