using System.Text.Json;
using TraceCurate.Formats;
using TraceCurate.Traces;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Hardening;

/// <summary>
/// The fuzz oracle (<see cref="ReaderFuzz"/>, <see cref="Malformed"/>) can fail: readers built to break each rule of the
/// contract are caught, and a well-behaved read of the same file is not. Without these, a fuzz run that finds nothing
/// could be an oracle that looks at nothing.
/// </summary>
public sealed class FuzzOracleTests
{
    private const string Good = "{\"id\":\"a\"}\n{\"id\":\"b\"}\n";
    private const string Damaged = "{\"id\":\"a\"}\n{\"id\":\"b\",\n{\"id\":\"c\"}\n";

    [Fact]
    public void The_judge_calls_a_line_that_is_not_json_damaged_and_whole_documents_and_json_lines_well_formed()
    {
        Assert.Null(Malformed.Why("{\n  \"a\": [1,\n 2]\n}\n"u8.ToArray(), "x"));
        Assert.Null(Malformed.Why(System.Text.Encoding.UTF8.GetBytes(Good), "x"));
        Assert.Equal("line 2 is not JSON", Malformed.Why(System.Text.Encoding.UTF8.GetBytes(Damaged), "x")?.Split(" (")[0]);
        Assert.StartsWith("invalid UTF-8", Malformed.Why([.. "{\"id\":\""u8, 0xC0, .. "\"}\n"u8], "x"));
        Assert.NotNull(Malformed.Why(MoreMutations.Gzip("{}\n"u8.ToArray())[..10], "gzip-truncate"));
    }

    [Fact]
    public void A_reader_that_drops_a_damaged_line_without_a_word_fails_the_oracle()
    {
        var found = Check(Damaged, new LineReader(onBadLine: LineReader.Drop));
        Assert.Contains(found, f => f.Contains("without any diagnostic"));
    }

    [Fact]
    public void A_reader_that_reports_the_damaged_line_as_a_bad_record_passes_and_so_does_a_good_file()
    {
        Assert.Empty(Check(Damaged, new LineReader(onBadLine: LineReader.Refuse)));
        Assert.Empty(Check(Good, new LineReader(onBadLine: LineReader.Drop)));
    }

    [Fact]
    public void A_reader_that_throws_a_programming_error_fails_the_oracle_though_the_pipeline_makes_it_a_diagnostic()
    {
        var found = Check(Damaged, new LineReader(onBadLine: () => throw new NullReferenceException("oops")));
        Assert.Contains(found, f => f.Contains("a programming error became the diagnostic") && f.Contains("NullReferenceException"));
    }

    [Fact]
    public void A_lazy_field_that_fails_after_parse_fails_the_oracle()
    {
        var found = Check(Good, new LineReader(onBadLine: LineReader.Drop) { LazyTextThrows = true });
        Assert.Contains(found, f => f.Contains("a lazily decoded field") && f.Contains("FormatException"));
    }

    [Fact]
    public void The_safety_page_quotes_the_case_count_ci_runs_and_every_format()
    {
        var page = File.ReadAllText(Path.Combine(Support.RepoPaths.Root, "docs", "safety.md"));
        var invariant = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Contains(string.Create(invariant, $"**{FuzzCases.CiCasesPerFormat:N0} cases per format** in CI"), page);
        var formats = FuzzCases.Formats.ToList();
        Assert.Contains($"for each of the {formats.Count}", page);
        foreach (var format in formats) Assert.Contains($"`{format}`", page);
        Assert.Contains(string.Create(invariant, $"{FuzzCases.CiCasesPerFormat * formats.Count:N0} mutated files"), page);
    }

    private static List<string> Check(string content, ITraceReader reader)
    {
        using var scratch = new TempFolder();
        var input = scratch.Write("in.jsonl", content);
        var bytes = File.ReadAllBytes(input);
        return ReaderFuzz.Check(input, Malformed.Why(bytes, "x"), [reader]);
    }

    /// <summary>One trace per JSON line; what it does with a line that is not JSON is the test's choice.</summary>
    private sealed class LineReader(System.Action onBadLine) : ITraceReader
    {
        public static readonly System.Action Drop = () => { };
        public static readonly System.Action Refuse = () => throw new Diagnostics.BadRecordException("not JSON");

        public bool LazyTextThrows { get; init; }

        public string Format => "oracle-test";

        public bool Sniff(FormatHead head) => false;

        public IEnumerable<RawRecord> Split(Stream content, InputFile file) => JsonLines.Split(content, file);

        public IEnumerable<Trace> Parse(RawRecord record, ReadOptions options)
        {
            try
            {
                using var doc = JsonDocument.Parse(record.Bytes);
            }
            catch (JsonException)
            {
                onBadLine();
                return [];
            }
            var lazyThrows = LazyTextThrows;
            return
            [
                new Trace
                {
                    Id = $"line-{record.Line}", Format = Format,
                    LazyMessages = () => [new Message { Role = Role.User, LazyText = () => lazyThrows ? throw new FormatException("late") : "t" }],
                },
            ];
        }
    }
}
