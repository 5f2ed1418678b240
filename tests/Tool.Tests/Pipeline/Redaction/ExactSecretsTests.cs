using System.Text.Json;
using TraceCurate.Pipeline;
using TraceCurate.Steps.Redaction;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Redaction;

/// <summary>
/// Exact secrets: values from an env file (<c>secrets_from</c>), the recipe (<c>secrets</c>) and the command line are
/// replaced wherever they occur, plain, URL-encoded or JSON-escaped, and appear in no file of the output folder
/// (outputs, manifest, findings, rejects) nor in the run's log.
/// </summary>
public sealed class ExactSecretsTests
{
    private const string FromEnvFile = "Zq9/x+T0k\"en&Abc-from-env";
    private const string FromRecipe = "recipe-literal-7Hk2!pQ";
    private const string FromCommandLine = "cli secret/with space+plus";

    private static IEnumerable<string> Spellings(string secret) =>
    [
        secret, Uri.EscapeDataString(secret), JsonSerializer.Serialize(secret)[1..^1],
        JsonSerializer.Serialize(secret, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })[1..^1],
        JsonSerializer.Serialize(JsonSerializer.Serialize(secret)), // escaped twice, as inside a JSON output line
    ];

    [Fact]
    public void Secrets_are_replaced_in_every_spelling_and_written_nowhere()
    {
        using var folder = new TempFolder();
        folder.Write(".env", $"# keys\nexport API_SECRET='{FromEnvFile.Replace("'", "")}'\nPATH=$HOME/bin:$PATH\nPORT=8080\nEDITOR=/usr/bin/vim\n");
        // The env file holds the value without quotes ('…' are the shell's); plant what it holds.
        const string envValue = "Zq9/x+T0k\"en&Abc-from-env";
        var secrets = new[] { envValue, FromRecipe, FromCommandLine };
        var lines = AgentTraceLines.Samples().Select((l, i) => AgentTraceLines.Edit(l, o =>
        {
            var s = secrets[i % secrets.Length];
            o["prompt"] = o["prompt"]!.GetValue<string>() + " use " + s;
            var span = o["spans"]![0]!;
            span["tool_output"] = $"GET https://api.example.com/v1?key={Uri.EscapeDataString(s)} 200\n{{\"token\": {JsonSerializer.Serialize(s)}}}";
        })).ToList();
        folder.Write("in.jsonl", lines);
        var log = new StringWriter();
        var recipe = folder.Write("recipe.yaml", $$"""
            name: exact
            inputs: [in.jsonl]
            rejects: rejects.jsonl
            steps:
              - name: scrub
                redact: {detectors: [emails], secrets_from: [.env], secrets: ['{{FromRecipe}}']}
              - where: t.Id != "none"
            outputs:
              - {path: traces.jsonl, format: trace}
              - {path: original.jsonl, format: original}
              - {path: chat.jsonl, format: openai}
            """);
        var result = RecipeJob.Run(recipe, new RunOptions
        {
            OutDir = folder["out"], Threads = 2, Cache = RecipeRun.Cache, Log = log,
            Secrets = CommandLineSecrets.Read([FromCommandLine], [], folder.Path),
        });
        Assert.True(RecipeRun.Counter(result, "scrub", "redacted.secret") >= 3 * lines.Count);
        var everything = string.Concat(Directory.GetFiles(folder["out"], "*", SearchOption.AllDirectories).Select(File.ReadAllText)) + log;
        Assert.Contains("<redacted:secret>", everything);
        foreach (var secret in secrets)
            foreach (var spelling in Spellings(secret))
                Assert.DoesNotContain(spelling, everything);
    }

    [Fact]
    public void Env_files_give_the_values_of_assignments_and_skip_references_paths_and_short_values()
    {
        var values = SecretValues.FromEnvFile(
        [
            "# comment", "export OPENAI_API_KEY=sk-test-value-123456", "DB_PASSWORD=\"pa ss word 99\"", "TOKEN='single-quoted-1'",
            "PATH=$HOME/bin:$PATH", "EDITOR=/usr/bin/vim", "PORT=8080", "DEBUG=true", "SHORT=abc", "alias ll='ls -l'",
            "NOTE=unquoted-value-x # trailing comment", "ZDOTDIR=~/.config/zsh",
        ], SecretValues.DefaultMinLength).ToList();
        Assert.Equal(["sk-test-value-123456", "pa ss word 99", "single-quoted-1", "unquoted-value-x"], values);
    }

    [Fact]
    public void A_command_line_secret_without_a_redact_step_is_refused_without_showing_it()
    {
        using var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        var recipe = folder.Write("recipe.yaml", "name: none\ninputs: [in.jsonl]\noutputs: [{path: t.jsonl, format: trace}]\n");
        var e = Assert.Throws<TraceCurate.Diagnostics.TraceCurateException>(() => RecipeJob.Run(recipe, new RunOptions
        {
            OutDir = folder["out"], Cache = RecipeRun.Cache, Secrets = new SecretList([FromCommandLine]),
        }));
        Assert.Contains("redact", e.Message);
        Assert.DoesNotContain(FromCommandLine, e.ToString());
        Assert.Equal("[1 secret value(s)]", new SecretList([FromCommandLine]).ToString());
    }
}
