using TraceCurate.Tests.Support;
using System.Security.Cryptography;
using System.Text;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Hostile variants of trace files for the fuzz tests: cut, bit-flipped, broken UTF-8, odd line ends, plus synthetic
/// files (deep nesting, huge numbers, duplicate keys, wrong types, empty, binary). Every variant is a pure function
/// of its seed file, its name and a random generator seeded from that name with SHA-256, so a failure reproduces.
/// </summary>
internal static class Mutations
{
    /// <summary>What is done to every seed file.</summary>
    public static readonly string[] OfSeed =
    [
        "truncate-a", "truncate-b", "flip-bytes-a", "flip-bytes-b", "invalid-utf8", "crlf-and-lone-cr", "no-newlines", "gzip-then-flip",
    ];

    /// <summary>
    /// The mutations of the reader-level fuzz cases besides <see cref="OfSeed"/> (<see cref="MoreMutations"/>): bytes and
    /// lines moved, JSON values of the wrong type, nesting and strings past the limits, two lines spliced into one, cut
    /// compressed streams. Adding one here adds it to every format's cases.
    /// </summary>
    public static readonly string[] MoreOfSeed =
    [
        "insert-bytes", "delete-bytes", "duplicate-line", "delete-line", "swap-lines", "swap-type", "deep-nesting",
        "huge-string", "splice-lines", "cut-inside-line", "gzip-truncate", "zstd-truncate",
    ];

    /// <summary>Every mutation the reader-level cases draw from.</summary>
    public static readonly string[] AllOfSeed = [.. OfSeed, "nul-bytes", .. MoreOfSeed];

    /// <summary>Files made from nothing, named for what they hold.</summary>
    public static readonly string[] Synthetic =
    [
        "empty", "only-newlines", "only-bom", "whitespace-lines", "binary-random", "binary-zeros", "deep-array-nesting",
        "deep-object-nesting", "deep-python-literal-tool-input", "huge-numbers", "duplicate-keys", "wrong-types-top-level",
        "wrong-types-nested", "json-array-not-lines", "json-scalars-per-line", "unicode-escapes-lone-surrogates",
        "very-long-strings", "many-tiny-lines",
    ];

    public static Random RandomFor(string name) => new(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(name)), 0));

    public static byte[] OfSeedFile(byte[] seed, string mutation, string seedName) =>
        Apply(seed, mutation, RandomFor(seedName + "/" + mutation));

    /// <summary>Applies one mutation of <see cref="OfSeed"/> or <see cref="MoreOfSeed"/> with the given generator.</summary>
    public static byte[] Apply(byte[] seed, string mutation, Random rng)
    {
        if (Array.IndexOf(MoreOfSeed, mutation) >= 0) return MoreMutations.Apply(seed, mutation, rng);
        var bytes = (byte[])seed.Clone();
        switch (mutation)
        {
            case var m when m.StartsWith("truncate", StringComparison.Ordinal):
                return bytes[..(bytes.Length == 0 ? 0 : rng.Next(bytes.Length))];
            case var m when m.StartsWith("flip-bytes", StringComparison.Ordinal):
                for (var i = 0; i < Math.Max(1, bytes.Length / 500); i++)
                    if (bytes.Length > 0) bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                return bytes;
            case "invalid-utf8":
                return Insert(bytes, rng, [[0xC3, 0x28], [0xFF], [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]);
            case "nul-bytes":
                return Insert(bytes, rng, [[0x00], [0x00, 0x00, 0x00]]);
            case "gzip-then-flip":
                // Readers see gzip through the detector's decompression; a corrupt deflate stream must not crash the run.
                var packed = new MemoryStream();
                using (var gz = new System.IO.Compression.GZipStream(packed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
                    gz.Write(bytes);
                var zipped = packed.ToArray();
                for (var i = 0; i < 4 && zipped.Length > 20; i++) zipped[10 + rng.Next(zipped.Length - 20)] ^= 0xFF;
                return zipped;
            case "crlf-and-lone-cr":
                return Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\n", rng.Next(2) == 0 ? "\r\n" : "\r"));
            case "no-newlines":
                return bytes.Where(b => b != (byte)'\n').ToArray();
            default:
                throw new ArgumentException("unknown mutation " + mutation);
        }
    }

    public static byte[] Make(string name)
    {
        var rng = RandomFor(name);
        const string ok = "{\"trace_id\":\"ok\",\"prompt\":\"p\",\"spans\":[],\"llm_steps\":[]}";
        return name switch
        {
            "empty" => [],
            "only-newlines" => "\n\n\n\r\n"u8.ToArray(),
            "only-bom" => [0xEF, 0xBB, 0xBF],
            "whitespace-lines" => " \n\t\n   \r\n"u8.ToArray(),
            "binary-random" => Bytes(rng, 64 * 1024),
            "binary-zeros" => new byte[32 * 1024],
            "deep-array-nesting" => Utf8($"{{\"trace_id\":\"deep\",\"spans\":[],\"llm_steps\":[],\"metadata\":{new string('[', 100_000)}{new string(']', 100_000)}}}\n{ok}\n"),
            "deep-object-nesting" => Utf8($"{{\"trace_id\":\"deep\",\"spans\":[],\"llm_steps\":[],\"metadata\":{string.Concat(Enumerable.Repeat("{\"a\":", 50_000))}1{new string('}', 50_000)}}}\n{ok}\n"),
            "deep-python-literal-tool-input" => Utf8($"{{\"trace_id\":\"py\",\"spans\":[{{\"span_id\":\"s\",\"tool_name\":\"t\",\"tool_input\":\"{new string('[', 100_000)}\"}}],\"llm_steps\":[]}}\n{ok}\n"),
            "huge-numbers" => Utf8(string.Join("\n",
                "{\"trace_id\":\"n1\",\"spans\":[],\"llm_steps\":[],\"total_duration_ms\":1e308}",
                "{\"trace_id\":\"n2\",\"spans\":[{\"span_id\":\"s\",\"tool_name\":\"t\",\"start_ns\":9.9e30,\"duration_ms\":-1e300,\"exit_code\":99999999999999999999999}],\"llm_steps\":[]}",
                "{\"trace_id\":\"n3\",\"spans\":[],\"llm_steps\":[{\"step_number\":1e400,\"input_tokens\":123456789012345678901234567890}]}",
                "{\"trace_id\":\"n4\",\"spans\":[{\"span_id\":\"s\",\"tool_name\":\"t\",\"start_ns\":-9223372036854775808,\"exit_code\":-2147483649}],\"llm_steps\":[{\"step_number\":-1}]}",
                "{\"id\":\"n5\",\"format\":\"x\",\"messages\":[],\"actions\":[{\"index\":99999999999,\"duration_ms\":1e308}],\"usage\":{\"cost_usd\":1e308,\"api_calls\":1e20},\"turns\":1e10}",
                ok)),
            "duplicate-keys" => Utf8("{\"trace_id\":\"a\",\"trace_id\":\"b\",\"spans\":[],\"spans\":{},\"llm_steps\":[],\"llm_steps\":[]}\n" +
                                     "{\"id\":\"a\",\"id\":1,\"format\":\"f\",\"messages\":[],\"actions\":[],\"usage\":{},\"usage\":[]}\n" + ok + "\n"),
            "wrong-types-top-level" => Utf8(string.Join("\n",
                "{\"trace_id\":5,\"spans\":[],\"llm_steps\":[]}", "{\"trace_id\":\"x\",\"spans\":\"no\",\"llm_steps\":3}",
                "{\"trace_id\":\"x\",\"spans\":[],\"llm_steps\":[],\"timestamp_utc\":7,\"metadata\":\"m\",\"model\":[1]}",
                "{\"id\":[],\"format\":{},\"messages\":\"m\",\"actions\":1,\"usage\":true}", "[]", "null", ok)),
            "wrong-types-nested" => Utf8(string.Join("\n",
                "{\"trace_id\":\"x\",\"spans\":[1,\"s\",null,[]],\"llm_steps\":[1,null,{\"tool_calls\":\"c\"},{\"tool_calls\":[1,{\"function\":5}]}]}",
                "{\"trace_id\":\"y\",\"spans\":[{\"telemetry\":[],\"tool_input\":5,\"tool_name\":{}}],\"llm_steps\":[{\"tool_calls\":[{\"function\":{\"name\":1,\"arguments\":\"{bad\"}}]}]}",
                "{\"id\":\"z\",\"format\":\"f\",\"messages\":[1,{\"role\":\"nobody\"},{\"role\":5}],\"actions\":[\"a\",{\"telemetry\":1}],\"usage\":{\"input_tokens\":\"many\"}}",
                ok)),
            "json-array-not-lines" => Utf8("[" + string.Join(",", Enumerable.Repeat(ok, 3)) + "]"),
            "json-scalars-per-line" => Utf8("1\n\"s\"\ntrue\nnull\n-0\n1e999\n" + ok + "\n"),
            "unicode-escapes-lone-surrogates" => Utf8("{\"trace_id\":\"\\ud800\",\"prompt\":\"\\udfff\\u0000\\uFFFF\",\"spans\":[{\"span_id\":\"\\ud83d\",\"tool_name\":\"t\\ud800\",\"tool_input\":\"'\\\\U99999999'\"}],\"llm_steps\":[{\"model_output\":\"\\ude00x\"}]}\n" + ok + "\n"),
            "very-long-strings" => Utf8($"{{\"trace_id\":\"{new string('i', 1 << 20)}\",\"prompt\":\"{new string('p', 4 << 20)}\",\"spans\":[],\"llm_steps\":[]}}\n"),
            "many-tiny-lines" => Utf8(string.Concat(Enumerable.Range(0, 20_000).Select(i => i % 3 == 0 ? "{}\n" : i % 3 == 1 ? ok + "\n" : "x\n"))),
            _ => throw new ArgumentException("unknown synthetic file " + name),
        };
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static byte[] Bytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    private static byte[] Insert(byte[] bytes, Random rng, byte[][] pieces)
    {
        var result = new List<byte>(bytes);
        for (var i = 0; i < Math.Max(3, bytes.Length / 2000); i++)
            result.InsertRange(rng.Next(result.Count + 1), pieces[rng.Next(pieces.Length)]);
        return result.ToArray();
    }
}
