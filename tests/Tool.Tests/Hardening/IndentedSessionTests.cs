using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Codex and Pi sessions written as indented (multi-line) JSON, with bytes that are not UTF-8 put inside them: every
/// line of such a file is a damaged line to the session readers, and the bad bytes are bad text. Whatever the mix,
/// a read must end in traces with the damage counted, or a diagnostic naming the file and a line, never an exception
/// such as <see cref="InvalidOperationException"/> (a fuzz finding), with bad records failing or skipped.
/// </summary>
public sealed class IndentedSessionTests
{
    private static readonly byte[][] NotUtf8 = [[0xFF], [0xC3, 0x28], [0x80], [0xED, 0xA0, 0x80]];

    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var format in new[] { "codex", "pi" })
            foreach (var file in Directory.EnumerateFiles(RepoPaths.Samples(format)).Order(StringComparer.Ordinal).Take(2))
                for (var seed = 0; seed < 6; seed++)
                    data.Add(Path.Combine(format, Path.GetFileName(file)), seed);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void An_indented_session_with_bytes_that_are_not_utf8_is_read_or_refused_with_a_diagnostic(string sample, int seed)
    {
        var format = Path.GetDirectoryName(sample)!;
        var bytes = Indented(File.ReadAllBytes(Path.Combine(RepoPaths.Samples(format), Path.GetFileName(sample))), seed);
        using var scratch = new TempFolder();
        var input = scratch.File("indented-" + seed + ".jsonl");
        File.WriteAllBytes(input, bytes);
        var readers = new[] { FormatRegistry.Find("codex")!, FormatRegistry.Find("pi")! };
        var found = ReaderFuzz.Check(input, Malformed.Why(bytes, mutation: "indented"), readers);
        Assert.True(found.Count == 0, string.Join("\n", found));
        FuzzHarness.AssertEveryReaderEndsCleanly(scratch, input, $"indented-{format}-{seed}", readers);
    }

    /// <summary>
    /// Each line re-written indented (one record over many lines) or, for even seeds past 0, the whole file as one
    /// indented array; then bytes that are not UTF-8 put inside a string value (seed 4: the first one; seed 5: a key).
    /// </summary>
    private static byte[] Indented(byte[] sample, int seed)
    {
        var rng = new Random(seed);
        var options = new JsonSerializerOptions { WriteIndented = true };
        var nodes = Encoding.UTF8.GetString(sample).Split('\n').Where(l => l.Trim().Length > 0).Select(l => JsonNode.Parse(l)).ToList();
        var text = seed % 2 == 0 && seed > 0
            ? new JsonArray(nodes.Select(n => n?.DeepClone()).ToArray()).ToJsonString(options)
            : string.Join("\n", nodes.Select(n => n!.ToJsonString(options)));
        var lines = Encoding.UTF8.GetBytes(text + "\n").ToList();
        // Inside a string value of a line past the first: just after an opening quote that follows ": ".
        var spots = Enumerable.Range(0, lines.Count - 2).Where(i => lines[i] == ':' && lines[i + 1] == ' ' && lines[i + 2] == '"').ToList();
        var at = spots.Count > 1 ? spots[1 + rng.Next(spots.Count - 1)] + 3 : lines.Count / 2;
        if (seed == 4 && spots.Count > 0) at = spots[0] + 3; // the first string value, on the first lines of the file
        if (seed == 5) at = Enumerable.Range(0, lines.Count - 3).First(i => lines[i] == '\n' && lines[i + 1] == ' ' && lines[i + 2] == ' ' && lines[i + 3] == '"') + 4; // inside a key
        lines.InsertRange(at, NotUtf8[seed % NotUtf8.Length]);
        if (seed >= 3 && spots.Count > 4) lines.InsertRange(spots[^1] + 3, NotUtf8[(seed + 1) % NotUtf8.Length]); // a second bad line
        return [.. lines];
    }
}
