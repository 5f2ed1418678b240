using System.IO.Compression;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// Inputs that can be read only once (issue 28): a pipe on standard input, a process substitution, a FIFO, a device.
/// Detection used to read their head and close them, so the reader found the stream empty: 0 traces, exit 0. Each test
/// runs the tool as a user would (bash for real pipes) and compares the traces read with the lines of the raw file.
/// </summary>
public sealed class StreamInputTests
{
    [RequiresFact("bash")]
    public void A_file_piped_to_inspect_on_dev_stdin_is_read_whole()
    {
        using var s = new TempFolder();
        var result = InputCases.Bash($"cat '{InputCases.Sample}' | $TOOL inspect --json /dev/stdin", s.Path);
        Assert.True(result.ExitCode == 0, result.Err);
        var input = Assert.Single(InputCases.Inputs(result.Out));
        Assert.Equal(InputCases.SampleLines.Length, input.GetProperty("traces").GetInt32());
        Assert.Equal(InputCases.SampleLines.Length, input.GetProperty("records").GetInt32());
    }

    [RequiresFact("bash")]
    public void A_gzip_stream_piped_to_inspect_is_detected_and_read_whole()
    {
        using var s = new TempFolder();
        var gz = s.File("in.jsonl.gz");
        using (var file = File.Create(gz))
        using (var zip = new GZipStream(file, CompressionLevel.Optimal))
            zip.Write(File.ReadAllBytes(InputCases.Sample));
        var result = InputCases.Bash("cat in.jsonl.gz | $TOOL inspect --json /dev/stdin", s.Path);
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Equal(InputCases.SampleLines.Length, Assert.Single(InputCases.Inputs(result.Out)).GetProperty("traces").GetInt32());
    }

    [RequiresFact("bash")]
    public void A_run_over_a_process_substitution_writes_every_record()
    {
        using var s = new TempFolder();
        File.Copy(InputCases.Sample, s.File("in.jsonl"));
        s.Write("r.yaml", "name: piped\noutputs:\n  - path: kept.jsonl\n    format: original\n");
        var result = InputCases.Bash("$TOOL run r.yaml --out out -i <(cat in.jsonl)", s.Path);
        Assert.True(result.ExitCode == 0, result.Err);
        // format: original copies each record's bytes: the output is the input's lines, all of them, in order.
        Assert.Equal(InputCases.SampleLines, File.ReadAllLines(s.File("out/kept.jsonl")));
    }

    [RequiresFact("bash", "mkfifo")]
    public void A_fifo_named_as_an_input_is_read_whole_and_does_not_hang()
    {
        using var s = new TempFolder();
        File.Copy(InputCases.Sample, s.File("in.jsonl"));
        var result = InputCases.Bash("mkfifo pipe && (cat in.jsonl > pipe &) && $TOOL inspect --json pipe", s.Path, TimeSpan.FromSeconds(90));
        Assert.True(result.ExitCode == 0, result.Err);
        Assert.Equal(InputCases.SampleLines.Length, Assert.Single(InputCases.Inputs(result.Out)).GetProperty("traces").GetInt32());
    }

    [RequiresFact("mkfifo")]
    public void A_fifo_inside_an_input_folder_is_an_error_naming_it_not_a_hang()
    {
        using var s = new TempFolder();
        Directory.CreateDirectory(s.File("traces"));
        File.Copy(InputCases.Sample, s.File("traces/a.jsonl"));
        Assert.Equal(0, Processes.Run("mkfifo", [s.File("traces/b.fifo")]).ExitCode);
        var (exit, _, err) = InputCases.Within(TimeSpan.FromSeconds(60), () => InputCases.Cli("inspect", s.File("traces")));
        Assert.Equal(1, exit);
        Assert.Contains($"{s.File("traces/b.fifo")}: error TC0015: input '{s.File("traces")}' holds a pipe, device or socket", err);
    }

    [RequiresFact("/dev/zero")]
    public void Dev_zero_with_a_forced_format_stops_at_the_record_limit_even_when_skipping()
    {
        using var s = new TempFolder();
        var recipe = s.Write("r.yaml", "name: zero\noutputs:\n  - path: kept.jsonl\n    format: original\n");
        foreach (var format in new[] { "agenttrace", "codex" }) // a line format and a whole-file session format
        {
            var (exit, _, err) = InputCases.Within(TimeSpan.FromSeconds(60), () => InputCases.Cli(
                "run", recipe, "--out", s.File("out"), "-i", "/dev/zero", "--format", format, "--skip-bad-records", "--max-record-bytes", "1048576"));
            Assert.Equal(1, exit);
            Assert.Contains("/dev/zero(1): error TC0004: the record is longer than the 1 MiB limit", err);
            Assert.Contains("cannot be skipped", err);
            Assert.False(File.Exists(s.File("out/kept.jsonl")));
        }
    }
}
