using System.Text.Json;
using System.Text.Json.Nodes;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Steps;

public sealed class RedactStepTests
{
    /// <summary>One planted secret per detector kind, and the text expected in its place (hand-written from the spec's table).</summary>
    private static readonly (string Kind, string Secret, string Replacement)[] Planted =
    [
        ("private_key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA7xQk9s\n-----END RSA PRIVATE KEY-----", "<redacted:private_key>"),
        ("anthropic_key", "sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWx", "<redacted:anthropic_key>"),
        ("openai_key", "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx0123", "<redacted:openai_key>"),
        ("aws_access_key", "AKIAIOSFODNN7EXAMPLE", "<redacted:aws_access_key>"),
        ("github_token", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "<redacted:github_token>"),
        ("hf_token", "hf_abcdefghijklmnopqrstuvwxyzABCDEFGH", "<redacted:hf_token>"),
        ("slack_token", "xoxb-1234567890-abcdefghij", "<redacted:slack_token>"),
        ("google_key", "AIzaSyA1234567890abcdefghijklmnopqrstuv", "<redacted:google_key>"),
        ("jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.abcdefghijklmnop", "<redacted:jwt>"),
        ("database_url", "postgres://admin:hunter2secret@db.internal:5432/app", "postgres://admin:<redacted:database_url>@db.internal:5432/app"),
        ("url_password", "https://deploy:mirrorpass77@mirror.example.net/simple", "https://deploy:<redacted:url_password>@mirror.example.net/simple"),
        ("assignment", "password=Tr0ub4dor3xyz", "password=<redacted:assignment>"),
        ("email", "jane.doe@example.org", "<redacted:email>"),
        ("home_path", "/home/jdoe/project/main.py", "/home/<redacted:home_path>/project/main.py"),
        ("home_path", "/Users/alice/src", "/Users/<redacted:home_path>/src"),
        ("home_path", @"C:\Users\bob\repo", @"C:\Users\<redacted:home_path>\repo"),
    ];

    /// <summary>Plants secret i of the table into one text field of the samples, spreading them over fields and records.</summary>
    private static List<string> Plant(Func<int, string> text)
    {
        var lines = AgentTraceLines.Samples();
        var result = new List<string>();
        var k = 0;
        for (var r = 0; r < lines.Length; r++)
        {
            result.Add(AgentTraceLines.Edit(lines[r], o =>
            {
                // Three plants per record, in the prompt, a tool output, a model output or reasoning, and the metadata.
                for (var j = 0; j < 3; j++, k++)
                {
                    var i = k % Planted.Length;
                    var s = " " + text(i);
                    switch ((r + j) % 4)
                    {
                        case 0: o["prompt"] = o["prompt"]!.GetValue<string>() + s; break;
                        case 1: var span = o["spans"]![0]!; span["tool_output"] = span["tool_output"]!.GetValue<string>() + s; break;
                        case 2:
                            var step = o["llm_steps"]![0]!;
                            var field = step["reasoning_content"] is JsonValue ? "reasoning_content" : "model_output";
                            step[field] = (step[field]?.GetValue<string>() ?? "") + s;
                            break;
                        default: o["metadata"]!["run_id"] = o["metadata"]!["run_id"]!.GetValue<string>() + s; break;
                    }
                }
            }));
        }
        return result;
    }

    private const string RedactAll = """
        name: redact-test
        inputs: [in.jsonl]
        steps:
          - name: scrub
            redact: [secrets, emails, home-paths]
        outputs:
          - {path: traces.jsonl, format: trace}
          - {path: original.jsonl, format: original}
        """;

    [Fact]
    public void Every_planted_secret_is_replaced_and_nothing_else_changes()
    {
        using var planted = new TempFolder();
        planted.Write("in.jsonl", Plant(i => Planted[i].Secret));
        var result = RecipeRun.Run(planted, RedactAll);

        // The same records with the expected replacement written in, passed through no step at all.
        using var expected = new TempFolder();
        expected.Write("in.jsonl", Plant(i => Planted[i].Replacement));
        RecipeRun.Run(expected, RedactAll.Replace("redact: [secrets, emails, home-paths]", "where: true"));

        Assert.Equal(expected.Read("out/traces.jsonl"), planted.Read("out/traces.jsonl"));
        var outputs = planted.Read("out/traces.jsonl") + planted.Read("out/original.jsonl");
        foreach (var secret in new[] { "MIIEowIBAAKCAQEA7xQk9s", "sk-ant-api03", "sk-proj-", "AKIAIOSFODNN7EXAMPLE", "ghp_", "hf_abc", "xoxb-",
                     "AIzaSy", "eyJhbGci", "hunter2secret", "mirrorpass77", "Tr0ub4dor3xyz", "jane.doe", "jdoe", "alice", "bob" })
            Assert.DoesNotContain(secret, outputs);
        foreach (var kind in Planted.Select(p => p.Kind).Distinct())
            Assert.True(RecipeRun.Counter(result, "scrub", "redacted." + kind) > 0, $"no redacted.{kind} counted");
        Assert.Equal(0, RecipeRun.Counter(result, "scrub", "redacted.stripe_key"));
    }

    [Fact]
    public void The_original_output_is_re_serialised_with_the_redacted_strings()
    {
        using var planted = new TempFolder();
        planted.Write("in.jsonl", Plant(i => Planted[i].Secret));
        RecipeRun.Run(planted, RedactAll);
        var expectedPrompts = Plant(i => Planted[i].Replacement).Select(l => JsonNode.Parse(l)!["prompt"]!.GetValue<string>());
        var written = File.ReadAllLines(planted["out/original.jsonl"]).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("prompt").GetString());
        Assert.Equal(expectedPrompts, written);
    }

    [Fact]
    public void Unplanted_samples_pass_through_byte_for_byte()
    {
        using var folder = new TempFolder();
        var lines = AgentTraceLines.Samples();
        folder.Write("in.jsonl", lines);
        var result = RecipeRun.Run(folder, RedactAll);
        Assert.Equal(lines, File.ReadAllLines(folder["out/original.jsonl"]));
        Assert.DoesNotContain(result.Funnel.Counters(0), c => c.Key.StartsWith("redacted.", StringComparison.Ordinal));
    }

    [Fact]
    public void User_patterns_replace_only_what_they_match_and_count_under_their_name()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples().Take(1).Select(l => AgentTraceLines.Edit(l, o => o["prompt"] = "ticket ACME-12345 and jane@example.org")));
        var result = RecipeRun.Run(folder, """
            name: patterns
            inputs: [in.jsonl]
            steps:
              - name: scrub
                redact: {detectors: [], patterns: [{name: ticket, regex: 'ACME-\d+'}]}
            outputs: [{path: t.jsonl, format: trace}]
            """);
        var task = JsonDocument.Parse(File.ReadAllLines(folder["out/t.jsonl"])[0]).RootElement.GetProperty("task").GetString();
        Assert.Equal("ticket <redacted:ticket> and jane@example.org", task);
        Assert.Equal(2, RecipeRun.Counter(result, "scrub", "redacted.ticket")); // the task and the first user message
    }

    [Fact]
    public void An_unknown_detector_is_reported_at_its_position()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => RecipeRun.Run(folder, """
            name: bad
            inputs: [in.jsonl]
            steps:
              - redact: [secrets, passports]
            outputs: [{path: t.jsonl, format: trace}]
            """));
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal((4L, 23), (d.Line, d.Column));
        Assert.Contains("passports", d.Message);
    }

    [Fact]
    public void Traces_of_one_record_share_one_redacted_record()
    {
        var redactor = new TraceCurate.Steps.Redaction.Redactor(TraceCurate.Steps.Redaction.BuiltInDetectors.All);
        var source = new TraceCurate.Traces.TraceSource("in.jsonl", 1, System.Text.Encoding.UTF8.GetBytes("""{"a": "mail jane@example.org", "n": 1.50}"""));
        var first = redactor.Apply(new TraceCurate.Traces.Trace { Id = "a", Format = "x", Source = source }, new int[redactor.Detectors.Count]);
        var second = redactor.Apply(new TraceCurate.Traces.Trace { Id = "b", Format = "x", Source = source }, new int[redactor.Detectors.Count]);
        Assert.Same(first.Source, second.Source);
        Assert.Equal("""{"a":"mail <redacted:email>","n":1.50}""", System.Text.Encoding.UTF8.GetString(first.Source.Raw.Span));
    }
}
