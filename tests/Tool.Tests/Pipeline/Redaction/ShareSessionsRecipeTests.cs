using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using TraceCurate.Pipeline;
using TraceCurate.Steps.Redaction;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Redaction;

/// <summary>
/// recipes/share-sessions.yaml over a folder of Claude Code, Codex and Pi sessions: the Hub folder holds the redacted
/// sessions and a manifest whose hashes match the files; no user name or planted secret is left; a re-run on a grown
/// folder adds the new session and leaves the published ones byte-identical.
/// </summary>
public sealed partial class ShareSessionsRecipeTests
{
    private const string Secret = "sk-live-looking-but-fake-0a9b8c7d6e5f";

    private static RunResult Share(TempFolder folder) =>
        RecipeJob.Run(Path.Combine(RepoPaths.Root, "recipes", "share-sessions.yaml"), new RunOptions
        {
            OutDir = folder["out"], Cache = RecipeRun.Cache, Inputs = [folder["sessions"]],
            Secrets = CommandLineSecrets.Read([], [folder["secrets.env"]], folder.Path),
        });

    [Fact]
    public void Sessions_are_shared_redacted_with_a_matching_manifest_and_a_grown_folder_keeps_published_bytes()
    {
        using var folder = new TempFolder();
        folder.Write("secrets.env", $"OPENAI_API_KEY=\"{Secret}\"\n");
        var samples = Path.Combine(RepoPaths.Root, "samples");
        var copies = new[] { "claude-code/cart-rounding.jsonl", "claude-code/no-parent-links.jsonl", "pi/fix-grid-snap.jsonl" }
            .Concat(Directory.GetFiles(Path.Combine(samples, "codex")).Order(StringComparer.Ordinal).Select(f => "codex/" + Path.GetFileName(f)).Take(1)).ToList();
        foreach (var c in copies)
        {
            var text = File.ReadAllText(Path.Combine(samples, c));
            // Plant the user's secret in the first string value of the second line (an ordinary field of the format).
            if (c.StartsWith("claude-code/cart", StringComparison.Ordinal)) text = text.Replace("find out why and fix it", "find out why and fix it; key " + Secret, StringComparison.Ordinal);
            folder.Write("sessions/" + Path.GetFileName(c), text);
        }
        var users = copies.SelectMany(c => HomeUser().Matches(File.ReadAllText(Path.Combine(samples, c))).Select(m => m.Groups[1].Value))
            .Where(u => u is not ("runner" or "user")).Distinct().ToList();
        Assert.NotEmpty(users);

        Share(folder);
        var sessions = Directory.GetFiles(folder["out/hf/sessions"]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(copies.Count, sessions.Count);
        var rows = ManifestRows(folder);
        Assert.Equal(sessions.Count, rows.Count);
        foreach (var row in rows.Values)
        {
            var file = folder["out/hf/" + row.GetProperty("file").GetString()];
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file))), row.GetProperty("sha256").GetString());
            Assert.Contains(row.GetProperty("agent").GetString(), new[] { "claude-code", "codex", "pi" });
        }
        var published = string.Concat(Directory.GetFiles(folder["out/hf"], "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        Assert.DoesNotContain(Secret, published);
        foreach (var user in users) Assert.DoesNotMatch($@"(?<![A-Za-z0-9]){Regex.Escape(user)}(?![A-Za-z0-9])", published);
        var before = sessions.ToDictionary(path => Path.GetFileName(path)!, File.ReadAllBytes);

        // The folder grows by one session; the published ones come out byte for byte the same.
        var added = Directory.GetFiles(Path.Combine(samples, "codex")).Order(StringComparer.Ordinal).Last();
        File.Copy(added, folder["sessions/" + Path.GetFileName(added)]);
        Share(folder);
        var after = Directory.GetFiles(folder["out/hf/sessions"]).ToDictionary(path => Path.GetFileName(path)!, File.ReadAllBytes);
        Assert.Equal(before.Count + 1, after.Count);
        foreach (var (name, bytes) in before) Assert.Equal(bytes, after[name]);
        var grown = ManifestRows(folder);
        foreach (var (session, row) in rows) Assert.Equal(row.GetRawText(), grown[session].GetRawText());
    }

    private static Dictionary<string, JsonElement> ManifestRows(TempFolder folder) =>
        File.ReadAllLines(folder["out/hf/manifest.jsonl"]).Select(l => JsonDocument.Parse(l).RootElement)
            .ToDictionary(r => r.GetProperty("file").GetString()!);

    [GeneratedRegex(@"/(?:home|Users)/([A-Za-z0-9._-]+)")]
    private static partial Regex HomeUser();
}
