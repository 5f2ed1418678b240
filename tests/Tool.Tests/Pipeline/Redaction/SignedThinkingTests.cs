using System.Text.Json;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline.Redaction;

/// <summary>
/// A redacted Claude Code or Pi session keeps its JSON shape: a signed thinking block whose text changed is left out
/// with its signature, every other line keeps its keys and ids, and our reader reads it with the same tool calls
/// and results paired as before.
/// </summary>
public sealed class SignedThinkingTests
{
    [Theory]
    [InlineData("claude-code/cart-rounding.jsonl", "EqQBCkYIBxgCKkDx3", "The sum is computed in floating point")]
    [InlineData("pi/fix-grid-snap.jsonl", "EqQBCkYIAxgCKkB", "Snap rounds toward zero")]
    public void A_signed_thinking_block_whose_text_changed_is_dropped_and_the_session_still_reads(string sample, string signature, string thinking)
    {
        using var folder = new TempFolder();
        var text = File.ReadAllText(Path.Combine(RepoPaths.Root, "samples", sample));
        Assert.Contains(signature, text);
        var name = Path.GetFileName(sample);
        folder.Write("in/" + name, text.Replace(thinking, "Token ghp_0123456789abcdefghijABCDEFGHIJ012345 is set. " + thinking, StringComparison.Ordinal));
        RecipeRun.Run(folder, """
            name: signed
            inputs: [in]
            steps:
              - {name: scrub, redact: [all]}
            outputs: [{path: sessions/, format: original}, {path: t.jsonl, format: trace}]
            """);
        var written = File.ReadAllText(folder["out/sessions/" + name]);
        Assert.DoesNotContain(signature, written);
        Assert.DoesNotContain(thinking, written);
        Assert.DoesNotContain("ghp_", written);
        // Every line is still one JSON object with the same keys.
        var before = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var after = written.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(before.Length, after.Length);
        for (var i = 0; i < before.Length; i++)
            Assert.Equal(Keys(before[i]), Keys(after[i]));

        // Read back: the same actions, each with its result, as the unredacted sample.
        RecipeRun.Run(folder, """
            name: reread
            inputs: [out/sessions]
            steps: [{where: 'true'}]
            outputs: [{path: t.jsonl, format: trace}]
            """, outDir: "reread");
        Assert.Equal(Actions(folder["out/t.jsonl"]), Actions(folder["reread/t.jsonl"]));
        Assert.NotEmpty(Actions(folder["reread/t.jsonl"]));
    }

    private static string Keys(string line) =>
        string.Join(",", JsonDocument.Parse(line).RootElement.EnumerateObject().Select(p => p.Name));

    private static List<string> Actions(string traceJsonl) =>
        File.ReadLines(traceJsonl).SelectMany(l => JsonDocument.Parse(l).RootElement.GetProperty("actions").EnumerateArray()
            .Select(a => $"{a.GetProperty("id").GetString()} {a.GetProperty("name").GetString()} {a.GetProperty("output").ValueKind}")).ToList();
}
