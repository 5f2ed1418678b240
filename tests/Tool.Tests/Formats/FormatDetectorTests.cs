using System.IO.Compression;
using System.Text;
using System.Text.Json;
using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Formats;

/// <summary>Format detection from content (input-formats §9), on samples, corpus files, compressed and large files.</summary>
public sealed class FormatDetectorTests
{
    public static TheoryData<string, string> SampleFiles()
    {
        var data = new TheoryData<string, string>();
        foreach (var format in new[] { "agenttrace", "codex", "swe-agent", "mini-swe-agent", "pi", "claude-code" })
            foreach (var file in Directory.EnumerateFiles(RepoPaths.Samples(format)).Order(StringComparer.Ordinal))
                data.Add(file, format);
        return data;
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Each_sample_is_detected_as_the_format_of_its_folder_and_by_no_other_reader(string path, string format)
    {
        Assert.Equal(format, FormatDetector.Detect(path).Format);
        var head = FormatDetector.ReadHead(path);
        Assert.Equal([format], FormatRegistry.Readers.Where(r => r.Sniff(head)).Select(r => r.Format));
    }

    [CorpusFact]
    public void Corpus_codex_and_swe_agent_files_are_detected_from_their_content()
    {
        Assert.NotEmpty(RepoPaths.CorpusFiles("codex", ".jsonl"));
        Assert.NotEmpty(RepoPaths.CorpusFiles("swe-agent", ".traj"));
        foreach (var path in RepoPaths.CorpusFiles("codex", ".jsonl")) Assert.Equal("codex", FormatDetector.Detect(path).Format);
        foreach (var path in RepoPaths.CorpusFiles("swe-agent", ".traj")) Assert.Equal("swe-agent", FormatDetector.Detect(path).Format);
    }

    [Fact]
    public void A_gzip_file_is_sniffed_on_its_decompressed_bytes_whatever_its_name()
    {
        using var dir = new TempFolder();
        var sample = Directory.EnumerateFiles(RepoPaths.Samples("codex")).Order(StringComparer.Ordinal).First();
        var gz = dir.Write("session.jsonl.gz", Gzip(File.ReadAllBytes(sample)));
        var noExtension = dir.Write("session.bin", Gzip(File.ReadAllBytes(sample)));
        var plainNamedGz = dir.Write("plain.jsonl.gz", File.ReadAllBytes(sample)); // not compressed: the magic bytes decide
        Assert.All(new[] { gz, noExtension, plainNamedGz }, p => Assert.Equal("codex", FormatDetector.Detect(p).Format));
        Assert.True(FormatDetector.IsGzip(gz));
        Assert.False(FormatDetector.IsGzip(plainNamedGz));
    }

    [Fact]
    public void A_traj_larger_than_the_sniffing_head_is_still_detected()
    {
        // The head is 256 KB; a real .traj runs to megabytes, so the document is cut mid-way when sniffed.
        using var dir = new TempFolder();
        var big = new string('x', 3 * FormatHead.MaxBytes);
        var json = JsonSerializer.Serialize(new
        {
            environment = "main",
            trajectory = new[] { new { action = "ls", observation = big, thought = "look" } },
            history = Array.Empty<object>(),
            info = new { exit_status = "submitted" },
        }, new JsonSerializerOptions { WriteIndented = true });
        var path = dir.Write("big.traj", json);
        Assert.False(FormatDetector.ReadHead(path).IsComplete);
        Assert.Equal("swe-agent", FormatDetector.Detect(path).Format);
    }

    [Fact]
    public void A_first_line_longer_than_the_head_is_judged_by_its_first_keys()
    {
        // A trace of a long session, or a session_meta with long instructions, can outgrow the 256 KB head.
        using var dir = new TempFolder();
        var big = new string('y', 2 * FormatHead.MaxBytes);
        var trace = dir.Write("t.jsonl", """{"id":"s1","format":"codex","agent":"codex","messages":[{"role":"user","text":" """ + big + """ "}],"actions":[],"usage":{}}""" + "\n");
        var codex = dir.Write("c.jsonl", """{"timestamp":"2026-01-01T00:00:00Z","type":"session_meta","payload":{"id":"c1","base_instructions":" """ + big + """ "}}""" + "\n");
        var other = dir.Write("o.jsonl", $$"""{"id":"s1","kind":"note","text":"{{big}}"}""" + "\n");
        Assert.Equal("trace", FormatDetector.Detect(trace).Format);
        Assert.Equal("codex", FormatDetector.Detect(codex).Format);
        Assert.Throws<TraceCurateException>(() => FormatDetector.Detect(other));
    }

    [Fact]
    public void A_file_of_no_known_format_is_an_error_naming_it()
    {
        using var dir = new TempFolder();
        var path = dir.Write("notes.jsonl", "{\"hello\": \"world\"}\n{\"hello\": \"again\"}\n");
        var e = Assert.Throws<TraceCurateException>(() => FormatDetector.Detect(path));
        var diagnostic = Assert.Single(e.Diagnostics);
        Assert.Equal(DiagnosticCodes.UnknownFormat, diagnostic.Code);
        Assert.Equal(path, diagnostic.Path);
        Assert.Contains("codex", diagnostic.Message); // lists the known formats
    }

    [Fact]
    public void An_empty_file_and_a_binary_file_match_no_format()
    {
        using var dir = new TempFolder();
        var empty = dir.Write("empty.jsonl", "");
        var binary = dir.Write("blob.bin", [0x00, 0x01, 0x02, 0xff, 0xfe]);
        Assert.All(new[] { empty, binary }, p => Assert.Throws<TraceCurateException>(() => FormatDetector.Detect(p)));
    }

    [Fact]
    public void A_jsonl_file_whose_lines_carry_trajectory_keys_is_not_taken_for_a_swe_agent_document()
    {
        // Two JSON lines make a file JSONL (§9): rule 5 applies to documents only.
        using var dir = new TempFolder();
        var path = dir.Write("rows.jsonl", "{\"trajectory\": [], \"history\": [], \"info\": {}}\n{\"trajectory\": [], \"history\": [], \"info\": {}}\n");
        Assert.False(new SweAgentReader().Sniff(FormatDetector.ReadHead(path)));
    }

    [Fact]
    public void Codex_lines_need_a_rollout_line_type_and_an_object_payload()
    {
        var reader = new CodexReader();
        Assert.True(reader.Sniff(Head("{\"timestamp\":\"t\",\"type\":\"event_msg\",\"payload\":{}}\n")));
        Assert.False(reader.Sniff(Head("{\"timestamp\":\"t\",\"type\":\"message\",\"payload\":{}}\n")));
        Assert.False(reader.Sniff(Head("{\"timestamp\":\"t\",\"type\":\"event_msg\",\"payload\":\"x\"}\n")));
    }

    [Fact]
    public void The_tools_own_trace_output_is_detected_as_trace()
    {
        using var dir = new TempFolder();
        var recipe = """
            name: to-trace
            inputs: [INPUT]
            outputs:
              - path: t.jsonl
                format: trace
            """.Replace("INPUT", RepoPaths.Samples("agenttrace").Replace('\\', '/'));
        var run = RecipeRun.RunLogged(dir, recipe);
        Assert.Equal("trace", FormatDetector.Detect(Path.Combine(run.OutDir, "t.jsonl")).Format);
    }

    private static FormatHead Head(string text) => new("x.jsonl", Encoding.UTF8.GetBytes(text), complete: true);

    internal static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Fastest)) gz.Write(bytes);
        return buffer.ToArray();
    }
}
