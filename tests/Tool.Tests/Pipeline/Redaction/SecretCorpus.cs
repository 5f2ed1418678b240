namespace TraceCurate.Tests.Pipeline.Redaction;

/// <summary>
/// The labelled corpus for the credential rules (docs/safety.md, "Broad detection"): fake secrets of every kind, drawn
/// from a seeded generator in the shape the provider documents (prefix, length, alphabet), each embedded in a
/// realistic text: a shell session printing an env file, code, a JSON config, a log line, a curl command, a YAML
/// file, a tool's error output. The label is the kind; a sample is found when its secret is gone from the redacted text.
/// </summary>
public static class SecretCorpus
{
    private const string Upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Lower = "abcdefghijklmnopqrstuvwxyz";
    private const string Digits = "0123456789";
    private const string HexChars = "0123456789abcdef";
    private const string AlnumChars = Upper + Lower + Digits;
    private const string UrlSafe = AlnumChars + "-_";

    private static string Of(Random r, string alphabet, int n) => new(Enumerable.Range(0, n).Select(_ => alphabet[r.Next(alphabet.Length)]).ToArray());
    private static string Alnum(Random r, int n) => Of(r, AlnumChars, n);
    private static string Hex(Random r, int n) => Of(r, HexChars, n);

    /// <summary>Per kind: the variable it is usually kept in, and a generator of fake values.</summary>
    public static readonly IReadOnlyList<(string Kind, string Variable, Func<Random, string> Make)> Kinds =
    [
        ("private_key", "SSH_KEY", r => $"-----BEGIN OPENSSH PRIVATE KEY-----\n{Of(r, AlnumChars + "+/", 70)}\n{Of(r, AlnumChars + "+/", 70)}\n-----END OPENSSH PRIVATE KEY-----"),
        ("pgp_private_key", "PGP_KEY", r => $"-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n{Of(r, AlnumChars + "+/", 64)}\n={Alnum(r, 4)}\n-----END PGP PRIVATE KEY BLOCK-----"),
        ("putty_private_key", "PPK", r => $"PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nPrivate-Lines: 1\n{Of(r, AlnumChars + "+/", 44)}\nPrivate-MAC: {Hex(r, 64)}"),
        ("age_secret_key", "AGE_KEY", r => "AGE-SECRET-KEY-1" + Of(r, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L", 58)),
        ("anthropic_key", "ANTHROPIC_API_KEY", r => "sk-ant-api03-" + Of(r, UrlSafe, 93) + "AA"),
        ("openrouter_key", "OPENROUTER_API_KEY", r => "sk-or-v1-" + Hex(r, 64)),
        ("openai_key", "OPENAI_API_KEY", r => (r.Next(2) == 0 ? "sk-proj-" : "sk-") + Of(r, UrlSafe, 48)),
        ("hf_token", "HF_TOKEN", r => "hf_" + Alnum(r, 34)),
        ("groq_key", "GROQ_API_KEY", r => "gsk_" + Alnum(r, 52)),
        ("replicate_token", "REPLICATE_API_TOKEN", r => "r8_" + Alnum(r, 37)),
        ("perplexity_key", "PPLX_API_KEY", r => "pplx-" + Alnum(r, 48)),
        ("xai_key", "XAI_API_KEY", r => "xai-" + Alnum(r, 80)),
        ("langsmith_key", "LANGSMITH_API_KEY", r => $"lsv2_pt_{Hex(r, 32)}_{Hex(r, 10)}"),
        ("pinecone_key", "PINECONE_API_KEY", r => "pcsk_" + Of(r, AlnumChars + "_", 70)),
        ("cohere_key", "COHERE_API_KEY", r => Alnum(r, 40)),
        ("mistral_key", "MISTRAL_API_KEY", r => Alnum(r, 32)),
        ("wandb_key", "WANDB_API_KEY", r => Hex(r, 40)),
        ("aws_access_key", "AWS_ACCESS_KEY_ID", r => (r.Next(2) == 0 ? "AKIA" : "ASIA") + Of(r, Upper + Digits, 16)),
        ("aws_secret_key", "AWS_SECRET_ACCESS_KEY", r => Of(r, AlnumChars + "+/", 40)),
        ("gcp_service_account_key", "GOOGLE_CREDENTIALS", r => $"{{\"type\": \"service_account\", \"project_id\": \"demo-{Hex(r, 6)}\", \"private_key_id\": \"{Hex(r, 40)}\"}}"),
        ("google_key", "GOOGLE_API_KEY", r => "AIza" + Of(r, UrlSafe, 35)),
        ("google_oauth_secret", "GOOGLE_CLIENT_SECRET", r => "GOCSPX-" + Of(r, UrlSafe, 28)),
        ("google_oauth_token", "GOOGLE_ACCESS_TOKEN", r => "ya29." + Of(r, UrlSafe, 120)),
        ("firebase_fcm_key", "FCM_SERVER_KEY", r => "AAAA" + Of(r, UrlSafe, 7) + ":APA91b" + Of(r, UrlSafe, 134)),
        ("azure_storage_key", "AZURE_STORAGE_CONNECTION_STRING", r => $"DefaultEndpointsProtocol=https;AccountName=demo{Hex(r, 6)};AccountKey={Of(r, AlnumChars + "+/", 86)}==;EndpointSuffix=core.windows.net"),
        ("azure_sas_token", "AZURE_SAS_URL", r => $"https://demo.blob.core.windows.net/c/f.txt?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-01-01T00:00:00Z&sig={Of(r, AlnumChars, 43)}%3D"),
        ("azure_client_secret", "AZURE_CLIENT_SECRET", r => Of(r, AlnumChars, 3) + Digits[r.Next(10)] + "Q~" + Of(r, AlnumChars + "_~.-", 34)),
        ("digitalocean_token", "DIGITALOCEAN_TOKEN", r => "dop_v1_" + Hex(r, 64)),
        ("alibaba_key", "ALIBABA_ACCESS_KEY_ID", r => "LTAI" + Alnum(r, 20)),
        ("heroku_key", "HEROKU_API_KEY", r => "HRKU-" + Of(r, UrlSafe, 60)),
        ("cloudflare_token", "CLOUDFLARE_API_TOKEN", r => Of(r, UrlSafe, 40)),
        ("fly_token", "FLY_API_TOKEN", r => "fo1_" + Of(r, UrlSafe, 43)),
        ("vercel_token", "VERCEL_TOKEN", r => Alnum(r, 24)),
        ("netlify_token", "NETLIFY_AUTH_TOKEN", r => "nfp_" + Alnum(r, 36)),
        ("supabase_key", "SUPABASE_ACCESS_TOKEN", r => "sbp_" + Hex(r, 40)),
        ("planetscale_token", "PLANETSCALE_TOKEN", r => "pscale_tkn_" + Of(r, UrlSafe, 43)),
        ("databricks_token", "DATABRICKS_TOKEN", r => "dapi" + Hex(r, 32)),
        ("vault_token", "VAULT_TOKEN", r => "hvs." + Of(r, UrlSafe, 95)),
        ("terraform_token", "TFE_TOKEN", r => Alnum(r, 14) + ".atlasv1." + Of(r, UrlSafe, 67)),
        ("doppler_token", "DOPPLER_TOKEN", r => "dp.pt." + Alnum(r, 43)),
        ("github_token", "GITHUB_TOKEN", r => r.Next(2) == 0 ? "ghp_" + Alnum(r, 36) : "github_pat_" + Of(r, AlnumChars + "_", 82)),
        ("gitlab_token", "GITLAB_TOKEN", r => "glpat-" + Of(r, UrlSafe, 20)),
        ("bitbucket_token", "BITBUCKET_APP_PASSWORD", r => "ATBB" + Alnum(r, 32)),
        ("atlassian_token", "JIRA_API_TOKEN", r => "ATATT3xFfGF0" + Of(r, UrlSafe, 170)),
        ("circleci_token", "CIRCLECI_TOKEN", r => Hex(r, 40)),
        ("sentry_token", "SENTRY_AUTH_TOKEN", r => "sntrys_" + Of(r, AlnumChars, 100)),
        ("sentry_dsn", "SENTRY_DSN", r => $"https://{Hex(r, 32)}@o{r.Next(100000, 999999)}.ingest.sentry.io/{r.Next(1000000, 9999999)}"),
        ("grafana_token", "GRAFANA_TOKEN", r => $"glsa_{Alnum(r, 32)}_{Hex(r, 8)}"),
        ("datadog_key", "DATADOG_API_KEY", r => Hex(r, 32)),
        ("newrelic_key", "NEW_RELIC_API_KEY", r => "NRAK-" + Of(r, Upper + Digits, 27)),
        ("postman_key", "POSTMAN_API_KEY", r => $"PMAK-{Hex(r, 24)}-{Hex(r, 34)}"),
        ("linear_key", "LINEAR_API_KEY", r => "lin_api_" + Alnum(r, 40)),
        ("notion_token", "NOTION_TOKEN", r => "ntn_" + Alnum(r, 46)),
        ("figma_token", "FIGMA_TOKEN", r => "figd_" + Of(r, UrlSafe, 40)),
        ("airtable_token", "AIRTABLE_TOKEN", r => "pat" + Alnum(r, 14) + "." + Hex(r, 64)),
        ("npm_token", "NPM_TOKEN", r => "npm_" + Alnum(r, 36)),
        ("pypi_token", "PYPI_TOKEN", r => "pypi-AgEIcHlwaS5vcmc" + Of(r, UrlSafe, 140)),
        ("rubygems_key", "GEM_HOST_API_KEY", r => "rubygems_" + Hex(r, 48)),
        ("nuget_key", "NUGET_API_KEY", r => "oy2" + Of(r, Lower + Digits, 43)),
        ("docker_hub_token", "DOCKERHUB_TOKEN", r => "dckr_pat_" + Of(r, UrlSafe, 27)),
        ("crates_token", "CARGO_REGISTRY_TOKEN", r => "cio" + Alnum(r, 32)),
        ("artifactory_key", "ARTIFACTORY_API_KEY", r => "AKCp" + Alnum(r, 69)),
        ("clojars_token", "CLOJARS_TOKEN", r => "CLOJARS_" + Of(r, Lower + Digits, 60)),
        ("stripe_key", "STRIPE_SECRET_KEY", r => (r.Next(2) == 0 ? "sk_live_" : "rk_test_") + Alnum(r, 99)),
        ("square_token", "SQUARE_ACCESS_TOKEN", r => "sq0atp-" + Of(r, UrlSafe, 22)),
        ("paypal_braintree_token", "BRAINTREE_ACCESS_TOKEN", r => $"access_token$production${Of(r, Lower + Digits, 16)}${Hex(r, 32)}"),
        ("shopify_token", "SHOPIFY_ACCESS_TOKEN", r => "shpat_" + Hex(r, 32)),
        ("coinbase_key", "COINBASE_API_SECRET", r => Alnum(r, 48)),
        ("plaid_secret", "PLAID_SECRET", r => Hex(r, 30)),
        ("slack_token", "SLACK_BOT_TOKEN", r => $"xoxb-{r.Next(100000000, 999999999)}{r.Next(1000, 9999)}-{r.Next(100000000, 999999999)}{r.Next(1000, 9999)}-{Alnum(r, 24)}"),
        ("slack_webhook", "SLACK_WEBHOOK_URL", r => $"https://hooks.slack.com/services/T{Of(r, Upper + Digits, 8)}/B{Of(r, Upper + Digits, 10)}/{Alnum(r, 24)}"),
        ("discord_webhook", "DISCORD_WEBHOOK_URL", r => $"https://discord.com/api/webhooks/{r.NextInt64(100000000000000000, 999999999999999999)}/{Of(r, UrlSafe, 68)}"),
        ("discord_token", "DISCORD_BOT_TOKEN", r => "M" + Alnum(r, 25) + "." + Of(r, UrlSafe, 6) + "." + Of(r, UrlSafe, 38)),
        ("telegram_bot_token", "TELEGRAM_BOT_TOKEN", r => $"{r.Next(100000000, 999999999)}:AA{Of(r, UrlSafe, 33)}"),
        ("teams_webhook", "TEAMS_WEBHOOK_URL", r => $"https://contoso.webhook.office.com/webhookb2/{Guid(r)}@{Guid(r)}/IncomingWebhook/{Hex(r, 32)}/{Guid(r)}"),
        ("twilio_key", "TWILIO_API_KEY", r => "SK" + Hex(r, 32)),
        ("sendgrid_key", "SENDGRID_API_KEY", r => $"SG.{Of(r, UrlSafe, 22)}.{Of(r, UrlSafe, 43)}"),
        ("mailgun_key", "MAILGUN_API_KEY", r => "key-" + Hex(r, 32)),
        ("mailchimp_key", "MAILCHIMP_API_KEY", r => Hex(r, 32) + "-us" + r.Next(1, 21)),
        ("mapbox_token", "MAPBOX_SECRET_TOKEN", r => "sk.eyJ" + Of(r, UrlSafe, 60) + "." + Of(r, UrlSafe, 22)),
        ("facebook_token", "FB_ACCESS_TOKEN", r => "EAAB" + Alnum(r, 180)),
        ("dropbox_token", "DROPBOX_ACCESS_TOKEN", r => "sl." + Of(r, UrlSafe, 135)),
        ("jwt", "SESSION_JWT", r => $"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ{Of(r, UrlSafe, 60)}.{Of(r, UrlSafe, 43)}"),
        ("database_url", "DATABASE_URL", r => $"postgres://app_{Lower[r.Next(26)]}{Hex(r, 3)}:{Alnum(r, 20)}@db.internal:5432/app"),
        ("url_password", "MIRROR_URL", r => $"https://deploy:{Alnum(r, 16)}@mirror.example.net/simple"),
        ("auth_header", "AUTH_HEADER", r => "Authorization: Basic " + Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"deploy:{Alnum(r, 16)}"))),
        ("assignment", "DB_PASSWORD", r => Alnum(r, 14)),
        ("high_entropy_assignment", "INTERNAL_SIGNING_KEY", r => Alnum(r, 2) + Digits[r.Next(10)] + Alnum(r, 29)),
    ];

    private static string Guid(Random r) => $"{Hex(r, 8)}-{Hex(r, 4)}-{Hex(r, 4)}-{Hex(r, 4)}-{Hex(r, 12)}";

    /// <summary>Realistic texts around a secret: {0} the variable, {1} the value.</summary>
    private static readonly string[] Templates =
    [
        "$ cat .env\nNODE_ENV=production\n{0}={1}\nLOG_LEVEL=debug\n",
        "export {0}=\"{1}\"\nexport PATH=\"$HOME/.local/bin:$PATH\"\n",
        "import os\n\nclient = Client(\n    base_url=\"https://api.example.com\",\n)\n{0} = \"{1}\"  # TODO: move to vault\n",
        "{{\n  \"name\": \"deploy\",\n  \"env\": {{\n    \"{0}\": \"{1}\",\n    \"REGION\": \"eu-west-1\"\n  }}\n}}",
        "2026-03-14T09:21:07.412Z INFO  [worker-3] loaded config {0}={1} from environment\n2026-03-14T09:21:07.415Z INFO  [worker-3] ready",
        "services:\n  api:\n    image: acme/api:1.4.2\n    environment:\n      {0}: {1}\n      PORT: \"8080\"\n",
        "Error: request failed with status 401\n    at fetch (/srv/app/node_modules/client/index.js:88:11)\n  config: {{ {0}: '{1}', timeout: 30000 }}\n",
        "diff --git a/config/settings.py b/config/settings.py\n@@ -12,3 +12,3 @@\n-{0} = \"\"\n+{0} = \"{1}\"\n",
    ];

    /// <summary>Samples per kind: every template with several values.</summary>
    public const int SamplesPerTemplate = 8;

    public static IEnumerable<(string Kind, string Secret, string Text)> Samples(int seed = 25)
    {
        var r = new Random(seed);
        foreach (var (kind, variable, make) in Kinds)
            foreach (var template in Templates)
                for (var i = 0; i < SamplesPerTemplate; i++)
                {
                    var secret = make(r);
                    yield return (kind, Embedded(kind, secret), string.Format(System.Globalization.CultureInfo.InvariantCulture, template, variable, secret));
                }
    }

    /// <summary>The part that must be gone: the whole secret, or the secret part of a composite (the password of a URL).</summary>
    private static string Embedded(string kind, string secret) => kind switch
    {
        "database_url" => secret[(secret.IndexOf(':', 12) + 1)..secret.IndexOf('@')],
        "url_password" => secret[(secret.IndexOf(':', 8) + 1)..secret.IndexOf('@')],
        "gcp_service_account_key" => secret[(secret.IndexOf("private_key_id", StringComparison.Ordinal) + 18)..^2],
        "azure_storage_key" => secret[(secret.IndexOf("AccountKey=", StringComparison.Ordinal) + 11)..secret.IndexOf(";EndpointSuffix", StringComparison.Ordinal)],
        "azure_sas_token" => secret[(secret.IndexOf("sig=", StringComparison.Ordinal) + 4)..],
        "auth_header" => secret["Authorization: Basic ".Length..],
        "sentry_dsn" => secret[8..40],
        _ => secret,
    };
}
