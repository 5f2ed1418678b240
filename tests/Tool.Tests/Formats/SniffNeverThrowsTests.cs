using System.Text;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// <see cref="ITraceReader.Sniff"/> must never throw (its contract): detection runs every reader over the first bytes of
/// any file a folder holds. Invalid UTF-8 inside JSON strings once crashed the Pi sniff (<c>GetString</c> throws on it).
/// </summary>
public sealed class SniffNeverThrowsTests
{
    public static readonly TheoryData<string> Heads = new()
    {
        "{\"type\":\"\xc0\"}", // the 15-byte file that crashed the Pi sniff
        "{\"type\":\"session\",\"id\":\"\xc0\",\"cwd\":\"\xff\",\"version\":\"\xc0\"}\n{\"type\":\"\xc0\",\"message\":{\"role\":\"\xff\"}}",
        "{\"timestamp\":\"\xc0\",\"type\":\"\xc0\",\"payload\":{}}\n{\"id\":\"\xc0\",\"timestamp\":\"\xc0\"}\n{\"record_type\":\"\xc0\"}",
        "{\"id\":\"a\",\"timestamp\":\"b\"}\n{\"type\":\"\xc0\",\"role\":\"\xc0\",\"call_id\":\"\xc0\"}",
        "[{\"role\":\"\xc0\",\"content\":\"\xff<returncode>\",\"extra\":\"\xc0\"}]",
        "{\"trajectory_format\":\"\xc0\",\"messages\":[],\"info\":{\"mini_version\":\"\xc0\"}}",
        "{\"\xc0\":1,\"trajectory\":[{\"\xc0\":\"\xff\"}],\"history\":[{\"agent\":\"\xc0\"}]}",
        "{\"history\":[{\"\xff\":\"\xc0\"}],\"info\":{\"\xc0\":1}}",
        "{\"sessionId\":\"\xc0\",\"uuid\":\"\xc0\",\"type\":\"\xc0\",\"message\":\"\xc0\"}\n{\"type\":\"summary\",\"leafUuid\":\"\xc0\"}",
        "{\"trace_id\":\"\xc0\",\"spans\":\"\xc0\",\"llm_steps\":\"\xc0\"}\n{\"id\":\"\xc0\",\"format\":\"\xc0\",\"messages\":\"\xc0\"}",
        "PAR1\xc0\xff",
        "\xef\xbb\xbf{\"type\":\"session\"",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "{\"a\":" + new string('[', 300) + new string(']', 300) + "}",
    };

    [Theory]
    [MemberData(nameof(Heads))]
    public void No_reader_throws_on_invalid_utf8_or_odd_json(string text)
    {
        var bytes = Encoding.Latin1.GetBytes(text); // each char is one byte: \xc0 and \xff stay invalid UTF-8
        foreach (var complete in new[] { true, false })
            SniffAll(new FormatHead("x.jsonl", bytes, complete));
    }

    [Fact]
    public void No_reader_throws_on_any_prefix_or_damaged_copy_of_real_files()
    {
        var random = new Random(20);
        var files = new[] { "agenttrace", "codex", "swe-agent", "mini-swe-agent", "pi", "claude-code" }
            .SelectMany(f => Directory.EnumerateFiles(RepoPaths.Samples(f)))
            .Concat(Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "tests", "Tool.Tests", "Fixtures", "foreign"), "*.json*"))
            .Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file).AsSpan(0, Math.Min(File.ReadAllBytes(file).Length, 8192)).ToArray();
            for (var cut = 0; cut <= bytes.Length; cut += Math.Max(1, bytes.Length / 97))
                SniffAll(new FormatHead(Path.GetFileName(file), bytes.AsMemory(0, cut), complete: cut == bytes.Length));
            for (var k = 0; k < 40; k++)
            {
                var damaged = (byte[])bytes.Clone();
                for (var n = 0; n < 8; n++) damaged[random.Next(damaged.Length)] = (byte)random.Next(256);
                SniffAll(new FormatHead(Path.GetFileName(file), damaged, complete: true));
            }
        }
    }

    private static void SniffAll(FormatHead head)
    {
        foreach (var reader in FormatRegistry.Readers)
        {
            var e = Record.Exception(() => reader.Sniff(head));
            Assert.True(e is null, $"{reader.Format}'s sniff threw {e?.GetType().Name}: {e?.Message}");
        }
    }
}
