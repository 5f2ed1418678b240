using System.IO.Compression;
using System.Text;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Damaged compressed inputs (issue 28): a truncated <c>.gz</c> used to read as a shorter file (the records after the cut
/// lost, exit 0); a CRC-32 mismatch was reported as "unsupported compression method"; a corrupt gzip or Parquet file
/// with a forced format crashed <c>inspect</c> with a stack trace. Each is now an error (exit 1, TC0015) naming the
/// file and the line where reading stopped, even under <c>--skip-bad-records</c>: what follows the damage is unknown,
/// so it cannot be counted as skipped records.
/// </summary>
public sealed class CompressedInputTests
{
    /// <summary>400 distinct AgentTrace lines (the sample's, with fresh ids), so the compressed file is many blocks long.</summary>
    private static string[] ManyLines()
    {
        var lines = InputCases.SampleLines;
        var random = new Random(400); // seeded: ids that do not compress away, the same on every run
        return Enumerable.Range(0, 400).Select(i =>
            lines[i % lines.Length].Replace("\"trace_id\": \"", $"\"trace_id\": \"n{i:D4}-{random.NextInt64():x16}-")).ToArray();
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var zip = new GZipStream(buffer, CompressionLevel.Optimal)) zip.Write(Encoding.UTF8.GetBytes(text));
        return buffer.ToArray();
    }

    /// <summary>How many whole lines the first <paramref name="bytes"/> of a gzip file decode to, by decoding them alone.</summary>
    private static int WholeLinesIn(byte[] bytes)
    {
        using var zip = new DeflateStream(new MemoryStream(bytes, 10, bytes.Length - 10), CompressionMode.Decompress);
        var text = new MemoryStream();
        try { zip.CopyTo(text); } catch (InvalidDataException) { /* strict validation: the cut is reached */ }
        return text.ToArray().Count(b => b == (byte)'\n');
    }

    [Fact]
    public void A_truncated_gz_is_an_error_at_the_line_where_it_stops_for_run_and_inspect_even_when_skipping()
    {
        using var s = new TempFolder();
        var lines = ManyLines();
        var whole = Gzip(string.Concat(lines.Select(l => l + "\n")));
        var cut = whole[..(whole.Length * 6 / 10)];
        var path = s.File("in.jsonl.gz");
        File.WriteAllBytes(path, cut);
        var decodable = WholeLinesIn(cut);
        Assert.InRange(decodable, 1, lines.Length - 1); // the cut loses records: that is what must not pass silently

        var inspect = InputCases.Cli("inspect", path, "--skip-bad-records");
        var recipe = s.Write("r.yaml", "name: gz\noutputs:\n  - path: kept.jsonl\n    format: original\n");
        var run = InputCases.Cli("run", recipe, "--out", s.File("out"), "-i", path, "--skip-bad-records");
        foreach (var (exit, _, err) in new[] { inspect, run })
        {
            Assert.Equal(1, exit);
            var match = System.Text.RegularExpressions.Regex.Match(err, @"in\.jsonl\.gz\((\d+)\): error TC0015: the gzip stream ends before its end marker.*truncated");
            Assert.True(match.Success, err);
            Assert.InRange(long.Parse(match.Groups[1].Value), 1, decodable + 1); // at or before the first line it could not finish
        }
        Assert.False(File.Exists(s.File("out/kept.jsonl"))); // no output that looks complete
    }

    [Fact]
    public void A_gz_with_a_bad_crc_says_crc_mismatch_not_unsupported_compression_method()
    {
        using var s = new TempFolder();
        var bytes = Gzip(string.Concat(ManyLines().Select(l => l + "\n")));
        bytes[^6] ^= 0xFF; // a byte of the stored CRC-32 (RFC 1952: CRC32, then ISIZE, at the end)
        var path = s.File("crc.jsonl.gz");
        File.WriteAllBytes(path, bytes);
        var (exit, _, err) = InputCases.Cli("inspect", path);
        Assert.Equal(1, exit);
        Assert.Matches(@"crc\.jsonl\.gz\(\d+\): error TC0015: CRC-32 mismatch", err);
        Assert.DoesNotContain("unsupported compression method", err);
    }

    [Fact]
    public void A_corrupt_gz_with_a_forced_format_is_an_error_for_inspect_not_a_crash()
    {
        using var s = new TempFolder();
        var bytes = Gzip(string.Concat(ManyLines().Select(l => l + "\n")));
        for (var i = bytes.Length / 2; i < bytes.Length / 2 + 64; i++) bytes[i] ^= 0x5A; // damage in the middle of the data
        var path = s.File("bad.jsonl.gz");
        File.WriteAllBytes(path, bytes);
        // The damaged blocks may decode to garbage lines first: bad records at their lines. Skipping them, the check at
        // the end of the stream still fails the read: the file is not taken for a complete one.
        var (exit, _, err) = InputCases.Cli("inspect", "--format", "agenttrace", path);
        Assert.Equal(1, exit);
        Assert.Matches(@"bad\.jsonl\.gz\(\d+(,\d+)?\): error TC00(04|15): ", err);
        var skipping = InputCases.Cli("inspect", "--format", "agenttrace", "--skip-bad-records", path);
        Assert.Equal(1, skipping.Exit);
        Assert.Matches(@"bad\.jsonl\.gz\(\d+\): error TC0015: (the gzip data is damaged|the data decodes|CRC-32 mismatch)", skipping.Err);
        Assert.DoesNotContain("unsupported compression method", skipping.Err);
    }

    [Fact]
    public void Corrupt_parquet_files_with_a_forced_format_end_in_a_diagnostic_never_a_crash()
    {
        using var s = new TempFolder();
        var parquet = s.File("good.parquet");
        var export = InputCases.Cli("export", InputCases.Sample, "-f", "agenttrace-parquet", "-o", parquet);
        Assert.True(export.Exit == 0, export.Err);
        var good = File.ReadAllBytes(parquet);
        var random = new Random(28);
        for (var i = 0; i < 40; i++)
        {
            var bytes = (byte[])good.Clone();
            for (var k = random.Next(1, 9); k > 0; k--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            var path = s.File($"bad-{i}.parquet");
            File.WriteAllBytes(path, bytes);
            var (exit, output, err) = InputCases.Cli("inspect", "--json", "--format", "agenttrace-parquet", path);
            if (exit == 0)
            {
                // Damage the reader cannot see (a statistics byte, say): then every row must still be there.
                Assert.Equal(InputCases.SampleLines.Length, Assert.Single(InputCases.Inputs(output)).GetProperty("traces").GetInt32());
                continue;
            }
            Assert.Equal(1, exit);
            Assert.Matches($@"bad-{i}\.parquet(\(\d+(,\d+)?\))?: error TC00(04|06|15): ", err);
        }
    }
}
