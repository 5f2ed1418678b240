using Xunit.Abstractions;
using System.Globalization;
using System.Text;
using TraceCurate.Steps.Redaction;

namespace TraceCurate.Tests.Pipeline.Redaction;

/// <summary>
/// Per-kind recall of the credential rules on the generated labelled corpus (<see cref="SecretCorpus"/>): a sample is
/// found when its secret is gone from the redacted text. The table is printed (and quoted in docs/safety.md).
/// </summary>
public sealed class DetectorRecallTests(ITestOutputHelper output)
{
    public const double MinRecall = 0.98;

    [Fact]
    public void Every_credential_kind_has_a_labelled_generator_and_there_are_at_least_sixty()
    {
        var rules = CredentialRules.All.Select(d => d.Kind).ToHashSet();
        var labelled = SecretCorpus.Kinds.Select(k => k.Kind).ToHashSet();
        Assert.Empty(rules.Except(labelled));
        Assert.Empty(labelled.Except(rules));
        Assert.True(rules.Count >= 60, $"only {rules.Count} credential kinds");
    }

    [Fact]
    public void Recall_is_at_least_98_percent_for_every_kind()
    {
        var redactor = new Redactor(BuiltInDetectors.All);
        var table = new StringBuilder("| kind | samples | found | recall | named as its kind |\n|---|---:|---:|---:|---:|\n");
        var failures = new List<string>();
        foreach (var kind in SecretCorpus.Samples().GroupBy(s => s.Kind))
        {
            int n = 0, found = 0, named = 0;
            string? missed = null;
            foreach (var (_, secret, text) in kind)
            {
                n++;
                var redacted = redactor.Text(text);
                if (!redacted.Contains(secret, StringComparison.Ordinal)) found++;
                if (redacted.Contains($"<redacted:{kind.Key}>", StringComparison.Ordinal)) named++;
                else missed ??= redacted;
            }
            var recall = found / (double)n;
            table.Append(CultureInfo.InvariantCulture, $"| `{kind.Key}` | {n} | {found} | {recall:P1} | {named / (double)n:P1} |\n");
            if (recall < MinRecall) failures.Add($"{kind.Key}: {recall:P1}; first miss:\n{missed}");
        }
        output.WriteLine(table.ToString());
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }

    [Fact]
    public void Text_without_secrets_is_left_alone()
    {
        var redactor = new Redactor(CredentialRules.All);
        string[] clean =
        [
            "commit 3f9a1c2e7b4d8a6f0e1c2b3a4d5e6f708192a3b4\nAuthor: A <a@example.org>",
            "sha256:9f86d081884c7d659a2fea0a0e1b1f1ab2b0e5b0c6a7b8f1e2d3c4b5a6978877",
            "toolu_01A09q90qw90lq917835lq9 call_Xy7kP2mQ9rT4vW1zB8nC3dF5 msg_01XFDUDYJgAACzvnptvVoYEL",
            "session 1af7fc5e-8455-4414-9ccd-011d40f70b2a resumed",
            "reserveTokens: this.settingsManager.getCompactionReserveTokens(),",
            "tokenizer_path = models/llama-3-tokenizer.json",
            "\"cache_creation_input_tokens\": 1234, \"output_tokens\": 56",
        ];
        foreach (var text in clean) Assert.Equal(text, redactor.Text(text));
    }

    [Fact]
    public void A_marker_is_never_read_as_part_of_a_secret_and_does_not_hide_one_beside_it()
    {
        var redactor = new Redactor(BuiltInDetectors.All);
        Assert.Equal("https://<redacted:sentry_dsn>@o1.ingest.sentry.io/2", redactor.Text("https://<redacted:sentry_dsn>@o1.ingest.sentry.io/2"));
        Assert.Equal("postgres://<redacted:user>:<redacted:database_url>@db:5432/app", redactor.Text("postgres://<redacted:user>:Hunter2Pass@db:5432/app"));
    }
}
