namespace TraceCurate.Steps.Redaction;

/// <summary>
/// The credential detectors (docs/safety.md, "Broad detection"): one per kind, written from the token formats the
/// providers document (fixed prefixes, lengths, alphabets). Prefix rules need no context; a kind without a prefix of
/// its own is found only next to its name (<c>DATADOG_API_KEY=…</c>). Every rule has hints (literals one of which every
/// match contains, compared ignoring case), so most texts skip its regex. Order matters: specific before generic
/// (<c>sk-ant-</c> before <c>sk-</c>, database URLs before any URL with a password, the assignment rules last).
/// </summary>
internal static class CredentialRules
{
    /// <summary>A value that follows a name: <c>NAME=v</c>, <c>NAME: v</c>, <c>"name": "v"</c>, <c>name = 'v'</c>.</summary>
    private const string After = @"[A-Za-z0-9_.-]*[""']?\s*[:=]\s*[""']?";

    /// <summary>A context rule: the name (a regex fragment) then a value of the given alphabet; group 1 is the value.</summary>
    private static string Named(string name, string value) => $@"(?i)\b[A-Za-z0-9_.-]*{name}{After}({value})(?![A-Za-z0-9])";

    public static readonly IReadOnlyList<Detector> All =
    [
        // Keys and key files.
        new("private_key", ["PRIVATE KEY-----"], @"-----BEGIN (?:[A-Z0-9 ]+ )?PRIVATE KEY-----[\s\S]*?-----END (?:[A-Z0-9 ]+ )?PRIVATE KEY-----"),
        new("pgp_private_key", ["PGP PRIVATE KEY BLOCK"], @"-----BEGIN PGP PRIVATE KEY BLOCK-----[\s\S]*?-----END PGP PRIVATE KEY BLOCK-----"),
        new("putty_private_key", ["PuTTY-User-Key-File"], @"PuTTY-User-Key-File-\d: [\s\S]*?Private-MAC: [0-9a-f]+"),
        new("age_secret_key", ["AGE-SECRET-KEY-1"], @"\bAGE-SECRET-KEY-1[0-9A-Z]{58}(?![A-Za-z0-9_-])"),

        // Model providers.
        new("anthropic_key", ["sk-ant-"], @"\bsk-ant-[A-Za-z0-9_-]{20,}"),
        new("openrouter_key", ["sk-or-v1-"], @"\bsk-or-v1-[a-f0-9]{64}(?![A-Za-z0-9_-])"),
        new("openai_key", ["sk-"], @"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}"),
        new("hf_token", ["hf_", "api_org_"], @"\bhf_[A-Za-z0-9]{30,}(?![A-Za-z0-9_-])", @"\bapi_org_[A-Za-z0-9]{30,}(?![A-Za-z0-9_-])"),
        new("groq_key", ["gsk_"], @"\bgsk_[A-Za-z0-9]{48,}(?![A-Za-z0-9_-])"),
        new("replicate_token", ["r8_"], @"\br8_[A-Za-z0-9]{37}(?![A-Za-z0-9_-])"),
        new("perplexity_key", ["pplx-"], @"\bpplx-[A-Za-z0-9]{48}(?![A-Za-z0-9_-])"),
        new("xai_key", ["xai-"], @"\bxai-[A-Za-z0-9]{70,}(?![A-Za-z0-9_-])"),
        new("langsmith_key", ["lsv2_"], @"\blsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}(?![A-Za-z0-9_-])"),
        new("pinecone_key", ["pcsk_"], @"\bpcsk_[A-Za-z0-9_]{50,}(?![A-Za-z0-9_-])"),
        new("cohere_key", ["cohere", "co_api"], Named("(?:cohere|co_api)", "[A-Za-z0-9]{40}")),
        new("mistral_key", ["mistral"], Named("mistral", "[A-Za-z0-9]{32}")),
        new("wandb_key", ["wandb"], Named("wandb", "[a-f0-9]{40}")),

        // Cloud providers.
        new("aws_access_key", ["AKIA", "ASIA", "ABIA", "ACCA"], @"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}(?![A-Za-z0-9_-])"),
        new("aws_secret_key", ["aws_secret", "secret_access_key", "SecretAccessKey"], Named("(?:aws_?secret|secret_?access_?key)", "[A-Za-z0-9/+]{40}")),
        new("gcp_service_account_key", ["private_key_id"], @"""private_key_id""\s*:\s*""([a-f0-9]{40})"""),
        new("google_key", ["AIza"], @"\bAIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])"),
        new("google_oauth_secret", ["GOCSPX-"], @"\bGOCSPX-[A-Za-z0-9_-]{28}(?![A-Za-z0-9_-])"),
        new("google_oauth_token", ["ya29."], @"\bya29\.[A-Za-z0-9_-]{30,}"),
        new("firebase_fcm_key", ["APA91b"], @"\bAAAA[A-Za-z0-9_-]{7}:APA91b[A-Za-z0-9_-]{100,}"),
        new("azure_storage_key", ["AccountKey="], @"AccountKey=([A-Za-z0-9+/]{86}==)"),
        new("azure_sas_token", ["sig="], @"[?&]sv=\d{4}-\d\d-\d\d[^\s""']*?&sig=([A-Za-z0-9%+/=]{30,})"),
        new("azure_client_secret", ["Q~"], @"(?<![A-Za-z0-9_~.-])[A-Za-z0-9_~.-]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![A-Za-z0-9_~.-])"),
        new("digitalocean_token", ["dop_v1_", "doo_v1_", "dor_v1_"], @"\bdo[opr]_v1_[a-f0-9]{64}(?![A-Za-z0-9_-])"),
        new("alibaba_key", ["LTAI"], @"\bLTAI[A-Za-z0-9]{20}(?![A-Za-z0-9_-])"),
        new("heroku_key", ["HRKU-", "heroku"], @"\bHRKU-[A-Za-z0-9_-]{60}(?![A-Za-z0-9_-])", Named("heroku", "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")),
        new("cloudflare_token", ["cloudflare", "cf_api"], Named("(?:cloudflare|cf_api)", "[A-Za-z0-9_-]{40}")),
        new("fly_token", ["fo1_", "fm2_", "fm1"], @"\bfo1_[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])", @"\bfm[12][ar]?_[A-Za-z0-9+/=_-]{100,}"),
        new("vercel_token", ["vercel"], Named("vercel", "[A-Za-z0-9]{24}")),
        new("netlify_token", ["nfp_", "netlify"], @"\bnfp_[A-Za-z0-9]{36}(?![A-Za-z0-9_-])", Named("netlify", "[A-Za-z0-9_-]{40,}")),
        new("supabase_key", ["sbp_", "sb_secret_"], @"\bsbp_[a-f0-9]{40}(?![A-Za-z0-9_-])", @"\bsb_secret_[A-Za-z0-9_-]{30,}"),
        new("planetscale_token", ["pscale_"], @"\bpscale_(?:tkn|oauth|pw)_[A-Za-z0-9_.-]{32,64}"),
        new("databricks_token", ["dapi"], @"\bdapi[a-f0-9]{32}(?:-\d)?(?![A-Za-z0-9_-])"),
        new("vault_token", ["hvs.", "hvb."], @"\bhv[sb]\.[A-Za-z0-9_-]{90,}"),
        new("terraform_token", [".atlasv1."], @"\b[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,}"),
        new("doppler_token", ["dp.pt.", "dp.st.", "dp.sa."], @"\bdp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}(?![A-Za-z0-9_-])"),

        // Code hosts and CI.
        new("github_token", ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"], @"\bgh[pousr]_[A-Za-z0-9]{36,}(?![A-Za-z0-9_-])", @"\bgithub_pat_[A-Za-z0-9_]{22,}(?![A-Za-z0-9_-])"),
        new("gitlab_token", ["glpat-", "gldt-", "glptt-", "glrt-", "gloas-", "GR1348941"], @"\b(?:glpat|gldt|glrt|gloas)-[A-Za-z0-9_-]{20,}", @"\bglptt-[a-f0-9]{40}(?![A-Za-z0-9_-])", @"\bGR1348941[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])"),
        new("bitbucket_token", ["ATBB"], @"\bATBB[A-Za-z0-9_=.-]{28,}"),
        new("atlassian_token", ["ATATT3"], @"\bATATT3[A-Za-z0-9_=-]{50,}"),
        new("circleci_token", ["circle"], Named("circle(?:ci)?[_-]?(?:token|api)", "[a-f0-9]{40}")),
        new("sentry_token", ["sntrys_", "sntryu_"], @"\bsntry[su]_[A-Za-z0-9+/=_]{50,}"),
        new("sentry_dsn", ["sentry"], @"https://([a-f0-9]{32})@[a-z0-9.-]*sentry\.io/\d+"),
        new("grafana_token", ["glsa_", "glc_"], @"\bglsa_[A-Za-z0-9]{32}_[a-f0-9]{8}(?![A-Za-z0-9_-])", @"\bglc_[A-Za-z0-9+/=]{32,}"),
        new("datadog_key", ["datadog", "dd_api", "dd_app"], Named("(?:datadog|dd)_?(?:api|app)(?:lication)?_?key", "[a-f0-9]{32,40}")),
        new("newrelic_key", ["NRAK-", "NRII-", "NRJS-"], @"\bNR(?:AK|II|JS)-[A-Z0-9]{27}(?![A-Za-z0-9_-])"),
        new("postman_key", ["PMAK-"], @"\bPMAK-[a-f0-9]{24}-[a-f0-9]{34}(?![A-Za-z0-9_-])"),
        new("linear_key", ["lin_api_"], @"\blin_api_[A-Za-z0-9]{40}(?![A-Za-z0-9_-])"),
        new("notion_token", ["ntn_", "secret_"], @"\bntn_[A-Za-z0-9]{46}(?![A-Za-z0-9_-])", @"\bsecret_[A-Za-z0-9]{43}(?![A-Za-z0-9_-])"),
        new("figma_token", ["figd_"], @"\bfigd_[A-Za-z0-9_-]{40}(?![A-Za-z0-9_-])"),
        new("airtable_token", ["pat"], @"\bpat[A-Za-z0-9]{14}\.[a-f0-9]{64}(?![A-Za-z0-9_-])"),

        // Package registries.
        new("npm_token", ["npm_"], @"\bnpm_[A-Za-z0-9]{36}(?![A-Za-z0-9_-])"),
        new("pypi_token", ["pypi-Ag"], @"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}"),
        new("rubygems_key", ["rubygems_"], @"\brubygems_[a-f0-9]{48}(?![A-Za-z0-9_-])"),
        new("nuget_key", ["oy2"], @"\boy2[a-z0-9]{43}(?![A-Za-z0-9_-])"),
        new("docker_hub_token", ["dckr_pat_", "dckr_oat_"], @"\bdckr_(?:pat|oat)_[A-Za-z0-9_-]{27,}"),
        new("crates_token", ["cio"], @"\bcio[A-Za-z0-9]{32}(?![A-Za-z0-9_-])"),
        new("artifactory_key", ["AKCp"], @"\bAKCp[A-Za-z0-9]{69}(?![A-Za-z0-9_-])"),
        new("clojars_token", ["CLOJARS_"], @"\bCLOJARS_[a-z0-9]{60}(?![A-Za-z0-9_-])"),

        // Payments.
        new("stripe_key", ["_live_", "_test_", "whsec_"], @"\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}(?![A-Za-z0-9_-])", @"\bwhsec_[A-Za-z0-9]{24,}(?![A-Za-z0-9_-])"),
        new("square_token", ["sq0atp-", "sq0csp-", "EAAA"], @"\bsq0atp-[A-Za-z0-9_-]{22}(?![A-Za-z0-9_-])", @"\bsq0csp-[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])", @"\bEAAA[A-Za-z0-9_-]{60}(?![A-Za-z0-9_-])"),
        new("paypal_braintree_token", ["access_token$"], @"access_token\$(?:production|sandbox)\$[a-z0-9]{16}\$[a-f0-9]{32}"),
        new("shopify_token", ["shpat_", "shpca_", "shppa_", "shpss_"], @"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}(?![A-Za-z0-9_-])"),
        new("coinbase_key", ["coinbase"], Named("coinbase", "[A-Za-z0-9]{32,64}")),
        new("plaid_secret", ["plaid"], Named("plaid", "[a-f0-9]{30}")),

        // Messaging and mail.
        new("slack_token", ["xox", "xapp-"], @"\bxox[abposre]-[A-Za-z0-9-]{10,}(?![A-Za-z0-9_-])", @"\bxapp-\d-[A-Z0-9]+-\d+-[a-f0-9]+(?![A-Za-z0-9_-])"),
        new("slack_webhook", ["hooks.slack.com"], @"https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]+"),
        new("discord_webhook", ["discord"], @"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_-]+"),
        new("discord_token", ["discord"], Named("discord", @"[MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,40}")),
        new("telegram_bot_token", [":AA"], @"\b\d{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])"),
        new("teams_webhook", ["webhook.office.com"], @"https://[a-z0-9-]+\.webhook\.office\.com/webhookb2/[^\s""'<>]+"),
        new("twilio_key", ["twilio"], Named("twilio", "(?:SK|AC)?[0-9a-f]{32}")),
        new("sendgrid_key", ["SG."], @"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])"),
        new("mailgun_key", ["key-", "mailgun"], @"\bkey-[0-9a-f]{32}(?![A-Za-z0-9_-])", Named("mailgun", "[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8}")),
        new("mailchimp_key", ["-us"], @"\b[0-9a-f]{32}-us\d{1,2}(?![A-Za-z0-9_-])"),
        new("mapbox_token", ["sk.eyJ", "pk.eyJ"], @"\b[sp]k\.eyJ[A-Za-z0-9_-]{50,}\.[A-Za-z0-9_-]{20,}"),
        new("facebook_token", ["EAAB", "EAAC", "EAAG", "EAAI"], @"\bEAA[BCGI][A-Za-z0-9]{80,}(?![A-Za-z0-9_-])"),
        new("dropbox_token", ["sl."], @"\bsl\.[A-Za-z0-9_-]{130,}"),

        // Tokens, URLs and headers of any service.
        new("jwt", ["eyJ"], @"\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}"),
        new("database_url", ["://"], @"\b(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|clickhouse|cockroachdb|neo4j(?:\+s)?)://[^\s:/@""']+:([^\s@/""']+)@"),
        new("url_password", ["://"], @"\b[a-z][a-z0-9+.-]*://[^\s:/@""']+:([^\s@/""']+)@"),
        new("auth_header", ["Basic ", "Bearer ", "Token "], @"(?i)\bAuthorization[""']?\s*[:=]\s*[""']?(?:Basic|Bearer|Token) ([A-Za-z0-9._~+/=-]{12,})", @"(?i)\b(?:Basic|Bearer) ([A-Za-z0-9._~+/-]{20,}=*)(?=[\s""']|$)"),
        new("assignment", ["pass", "secret", "token", "key"], @"(?i)(?:\b|_)(?:password|passwd|secret|token|api[_-]?key|access[_-]?key)\b[""']?\s*[:=]\s*[""']?([^\s""']{8,})"),
        new("high_entropy_assignment", ["secret", "token", "key", "pass", "credential", "auth"], HighEntropy.IsSecretLike,
            @"(?i)\b[A-Za-z0-9_.-]*(?:secret|token|api_?key|apikey|access_?key|private_?key|passw(?:or)?d|credential|auth_?key|signing_?key)[A-Za-z0-9_-]*[""']?\s*[:=]\s*[""']?([A-Za-z0-9+/=_\-.~]{16,200})"),
    ];
}
