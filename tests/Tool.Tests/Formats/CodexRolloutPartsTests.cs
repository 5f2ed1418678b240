using System.Text;
using TraceCurate.Formats;
using static TraceCurate.Tests.Formats.SessionPartsTests;

namespace TraceCurate.Tests.Formats;

/// <summary>
/// A large Codex rollout read in parts (<see cref="CodexRolloutParts"/>) reads as in one pass: the same trace, read
/// report, warnings and first error. Parts of 300 bytes cut these files in hundreds of places, more than the parts
/// read ahead of the one applied, on two and three threads; the samples and the corpus's rollouts are read so in
/// <see cref="SessionPartsTests"/>.
/// </summary>
public sealed class CodexRolloutPartsTests
{
    private const string Meta = """{"timestamp":"2025-10-14T10:02:41.500Z","type":"session_meta","payload":{"id":"s-1","timestamp":"2025-10-14T10:02:41.470Z","cwd":"/w","originator":"codex_cli_rs","cli_version":"0.46.0","source":"cli"}}""";

    /// <summary>
    /// Line <paramref name="i"/> of a rollout's turns: the lines the streaming pass reads (messages, turn contexts, calls
    /// and their outputs, token counts, reasoning) and some it leaves to the document path (a compaction, a local shell
    /// call, a line type no reader knows, a message whose content is a string).
    /// </summary>
    internal static string RolloutLine(int i)
    {
        var at = $"\"timestamp\":\"2025-10-14T10:{i / 60 % 60:00}:{i % 60:00}.000Z\"";
        return (i % 12) switch
        {
            0 => $"{{{at},\"type\":\"response_item\",\"payload\":{{\"type\":\"message\",\"role\":\"user\",\"content\":[{{\"type\":\"input_text\",\"text\":\"step {i} caf\\u00e9\"}}]}}}}",
            1 => $"{{{at},\"type\":\"turn_context\",\"payload\":{{\"cwd\":\"/w\",\"model\":\"gpt-5-codex-{i % 5}\",\"summary\":\"auto\"}}}}",
            2 => $"{{{at},\"type\":\"response_item\",\"payload\":{{\"type\":\"reasoning\",\"summary\":[{{\"type\":\"summary_text\",\"text\":\"think {i}\"}}]}}}}",
            3 => $"{{{at},\"type\":\"response_item\",\"payload\":{{\"type\":\"function_call\",\"name\":\"shell\",\"arguments\":\"{{\\\"command\\\":[\\\"ls\\\",\\\"{i}\\\"]}}\",\"call_id\":\"c{i}\"}}}}",
            4 => $"{{{at},\"type\":\"event_msg\",\"payload\":{{\"type\":\"token_count\",\"info\":{{\"total_token_usage\":{{\"input_tokens\":{i * 10},\"cached_input_tokens\":{i},\"output_tokens\":{i},\"reasoning_output_tokens\":1}}}}}}}}",
            5 => $"{{{at},\"type\":\"response_item\",\"payload\":{{\"type\":\"function_call_output\",\"call_id\":\"c{i - 2}\",\"output\":\"{{\\\"output\\\":\\\"out {i}\\\",\\\"metadata\\\":{{\\\"exit_code\\\":{i % 2},\\\"duration_seconds\\\":0.5}}}}\"}}}}",
            6 => $"{{{at},\"type\":\"response_item\",\"payload\":{{\"type\":\"custom_tool_call\",\"name\":\"apply_patch\",\"input\":\"*** Begin Patch {i}\",\"call_id\":\"p{i}\"}}}}",
            7 => $"{{{at},\"type\":\"response_item\",\"payload\":{{\"type\":\"custom_tool_call_output\",\"call_id\":\"p{i - 1}\",\"output\":\"done {i}\"}}}}",
            8 when i % 48 == 8 => $"{{{at},\"type\":\"compacted\",\"payload\":{{\"message\":\"summary up to {i}\"}}}}",
            8 => $"{{{at},\"type\":\"response_item\",\"payload\":{{\"type\":\"local_shell_call\",\"call_id\":\"l{i}\",\"action\":{{\"type\":\"exec\",\"command\":[\"pwd\"]}}}}}}",
            9 => $"{{{at},\"type\":\"not_a_rollout_type_{i % 2}\",\"payload\":{{\"n\":{i}}}}}",
            10 => $"{{{at},\"type\":\"response_item\",\"payload\":{{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{{\"type\":\"output_text\",\"text\":\"answer {i}\"}}]}}}}",
            _ => $"{{{at},\"type\":\"event_msg\",\"payload\":{{\"type\":\"task_complete\"}}}}",
        };
    }

    private static byte[] Rollout(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    [Fact]
    public void A_long_rollout_of_every_kind_of_line_reads_the_same_in_parts()
    {
        var bytes = Rollout(new[] { Meta }.Concat(Enumerable.Range(0, 1500).Select(RolloutLine)));
        Assert.True(Parts("/r.jsonl", bytes, 300)!.Count > 500);
        var (_, actual) = AssertSameInParts("/r.jsonl", bytes, format: "codex");
        Assert.Null(actual.Error);
        // The document path's lines are in it: the unknown line types are counted and said.
        Assert.Contains(actual.Report!.NotUnderstood.Keys, k => k.StartsWith("not_a_rollout_type_", StringComparison.Ordinal));
        // The last call of each kind and the last compaction's summary: the parts at the end of the file were applied.
        var trace = actual.Traces.Single();
        Assert.Contains("\"c1491\"", trace);
        Assert.Contains("\"p1494\"", trace);
        Assert.Contains("\"l1484\"", trace);
        Assert.Contains("summary up to 1448", trace);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Damaged_lines_in_every_part_give_the_one_pass_report_warnings_and_error(bool skipBad)
    {
        var lines = new List<string> { Meta };
        for (var i = 0; i < 1500; i++)
        {
            var line = RolloutLine(i);
            lines.Add((i % 13) switch
            {
                3 => line[..^4], // cut short inside the file: a bad line
                5 => line + RolloutLine(i + 1), // two records on one line: both read
                7 => "   ",
                9 => "[1,2]", // not an object: the session warns and goes on
                _ => line,
            });
        }
        var bytes = Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n" + RolloutLine(0)[..40]);
        var (_, actual) = AssertSameInParts("/r.jsonl", bytes, skipBad, format: "codex");
        if (skipBad)
        {
            Assert.Null(actual.Error);
            Assert.True(actual.Report!.LinesSkipped > 100);
            Assert.Equal(1, actual.Report.SkippedByReason[ReadReport.Truncated]);
        }
        else Assert.StartsWith("5:", actual.Error); // line 5 is the rollout's line 3 + the meta, cut short
    }

    [Fact]
    public void A_line_the_session_refuses_is_the_error_before_a_bad_line_in_a_later_part()
    {
        var lines = new[] { Meta }.Concat(Enumerable.Range(0, 600).Select(RolloutLine)).ToList();
        // A function call without a call_id (the document path's "missing field"), then bad JSON far after it.
        lines[300] = """{"timestamp":"2025-10-14T10:00:00.000Z","type":"response_item","payload":{"type":"function_call","name":"shell","arguments":"{}"}}""";
        lines[500] = "{not json";
        var (expected, actual) = AssertSameInParts("/r.jsonl", Rollout(lines), format: "codex");
        Assert.StartsWith("301:", expected.Error);
        Assert.Contains("call_id", actual.Error);

        // The other way round: the bad line first is the error.
        lines[100] = "{not json";
        (_, actual) = AssertSameInParts("/r.jsonl", Rollout(lines), format: "codex");
        Assert.StartsWith("101:", actual.Error);
    }

    [Theory]
    [InlineData("cli")]
    [InlineData("""{"subagent":{"thread_spawn":{"parent_thread_id":"p-9","depth":1}}}""")]
    public void A_first_session_meta_in_a_later_part_is_the_session_s_and_a_later_one_changes_only_times(string source)
    {
        var sourceJson = source.StartsWith('{') ? source : $"\"{source}\"";
        var first = Meta.Replace("\"source\":\"cli\"", $"\"source\":{sourceJson}", StringComparison.Ordinal);
        // Its start not a timestamp: the first meta's is refused, a later one's payload is not read.
        var later = Meta.Replace("\"id\":\"s-1\",\"timestamp\":\"2025-10-14T10:02:41.470Z\"", "\"id\":\"s-2\",\"timestamp\":\"not a time\"", StringComparison.Ordinal)
            .Replace("\"cwd\":\"/w\"", "\"cwd\":\"/elsewhere\"", StringComparison.Ordinal);
        var turns = Enumerable.Range(0, 400).Select(RolloutLine).ToList();
        var lines = Enumerable.Repeat("      ", 300).Append(first).Concat(turns.Take(200)).Append(later).Concat(turns.Skip(200)).ToList();
        var bytes = Rollout(lines);
        Assert.True(Parts("/r.jsonl", bytes, 300)![0].Bytes.Span.Trim(" \n"u8).IsEmpty);
        var (_, actual) = AssertSameInParts("/r.jsonl", bytes, format: "codex");
        Assert.Null(actual.Error);
        Assert.Contains("\"id\":\"s-1\"", actual.Traces.Single());
        Assert.DoesNotContain("s-2", actual.Traces.Single());

        // The refused meta first: the one-pass error, from the document path, in parts too.
        var refusedFirst = Enumerable.Repeat("      ", 300).Append(later).Concat(turns).ToList();
        (_, actual) = AssertSameInParts("/r.jsonl", Rollout(refusedFirst), format: "codex");
        Assert.NotNull(actual.Error);
    }

    [Fact]
    public void A_file_of_no_rollout_line_is_refused_in_parts_as_in_one_pass()
    {
        var lines = Enumerable.Range(0, 300).Select(i => $"{{\"n\":{i},\"note\":\"not a rollout line\"}}");
        var (_, actual) = AssertSameInParts("/r.jsonl", Rollout(lines), format: "codex");
        Assert.Contains("no line is a Codex rollout line", actual.Error);
    }
}
