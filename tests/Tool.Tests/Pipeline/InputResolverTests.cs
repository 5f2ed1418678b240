using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Reading;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

/// <summary>Inputs as files, folders (recursive) and globs, with detected or forced formats (issue 3, items 5 and 6).</summary>
public sealed class InputResolverTests : IDisposable
{
    private const string AgentTraceLine = """{"trace_id":"t1","spans":[],"llm_steps":[]}""";
    private const string CodexLine = """{"timestamp":"2026-01-01T00:00:00Z","type":"session_meta","payload":{"id":"c1"}}""";

    private readonly TempFolder _dir = new();

    public InputResolverTests()
    {
        _dir.Write("logs/b.jsonl", AgentTraceLine + "\n");
        _dir.Write("logs/a.jsonl", AgentTraceLine + "\n");
        _dir.Write("logs/deep/er/c.jsonl", CodexLine + "\n");
        _dir.Write("logs/deep/rollout-9.jsonl", CodexLine + "\n");
        _dir.Write("logs/.hidden.jsonl", "not json at all\n");
        _dir.Write("logs/.git/objects/x.jsonl", "not json at all\n");
    }

    public void Dispose() => _dir.Dispose();

    private IReadOnlyList<InputFile> Resolve(string? forced, params InputSpec[] specs) => InputResolver.Resolve(specs, forced);

    private InputSpec Spec(string pattern, string? format = null) =>
        new(pattern, _dir.Path, new RecipePosition(_dir.File("recipe.yaml"), 3, 5)) { Format = format };

    private IEnumerable<string> Names(IReadOnlyList<InputFile> files) =>
        files.Select(f => Path.GetRelativePath(_dir.Path, f.Path).Replace('\\', '/'));

    [Fact]
    public void A_folder_is_read_recursively_in_ordinal_order_without_hidden_files_or_folders()
    {
        var files = Resolve(null, Spec("logs"));
        Assert.Equal(["logs/a.jsonl", "logs/b.jsonl", "logs/deep/er/c.jsonl", "logs/deep/rollout-9.jsonl"], Names(files));
        Assert.Equal(["agenttrace", "agenttrace", "codex", "codex"], files.Select(f => f.Reader.Format));
    }

    [Fact]
    public void A_single_star_stays_in_one_folder_and_a_double_star_crosses_folders()
    {
        Assert.Equal(["logs/a.jsonl", "logs/b.jsonl"], Names(Resolve(null, Spec("logs/*.jsonl"))));
        Assert.Equal(["logs/deep/er/c.jsonl", "logs/deep/rollout-9.jsonl"], Names(Resolve(null, Spec("logs/deep/**/*.jsonl"))));
        Assert.Equal(["logs/deep/rollout-9.jsonl"], Names(Resolve(null, Spec("logs/**/rollout-?.jsonl"))));
        Assert.Equal(4, Resolve(null, Spec("logs/**")).Count); // hidden files and .git are skipped by wildcards too
    }

    [Fact]
    public void A_pattern_that_spells_the_dot_matches_hidden_files()
    {
        var files = Resolve("agenttrace", Spec("logs/.hidden.jsonl"), Spec("logs/.h*.jsonl"));
        Assert.Equal(["logs/.hidden.jsonl"], Names(files)); // named by two patterns, read once
    }

    [Fact]
    public void A_file_named_by_two_entries_is_read_once()
    {
        var files = Resolve(null, Spec("logs/a.jsonl"), Spec("logs/*.jsonl"), Spec("logs"));
        Assert.Equal(4, files.Count);
        Assert.Equal(files.Count, files.Select(f => f.Path).Distinct().Count());
    }

    [Fact]
    public void A_forced_format_replaces_detection_for_its_entry_and_beats_the_command_line_format()
    {
        var files = Resolve("codex", Spec("logs/a.jsonl", "agenttrace"), Spec("logs/b.jsonl"));
        Assert.Equal(["agenttrace", "codex"], files.Select(f => f.Reader.Format));
    }

    [Fact]
    public void A_pattern_that_matches_nothing_is_an_error_at_its_recipe_position()
    {
        var e = Assert.Throws<TraceCurateException>(() => Resolve(null, Spec("missing/*.jsonl")));
        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(DiagnosticCodes.InputNotFound, d.Code);
        Assert.Equal((3L, 5), (d.Line, d.Column));
        Assert.Contains("missing/*.jsonl", d.Message);
        Assert.Throws<TraceCurateException>(() => Resolve(null, Spec("empty-folder-that-does-not-exist")));
    }

    [Fact]
    public void An_unknown_forced_format_is_an_error_listing_the_known_ones()
    {
        var e = Assert.Throws<TraceCurateException>(() => Resolve("parquet-ish", Spec("logs/a.jsonl")));
        Assert.Contains("swe-agent", e.Diagnostics[0].Message);
        Assert.Equal(DiagnosticCodes.UnknownFormat, e.Diagnostics[0].Code);
    }

    [Fact]
    public void A_file_of_no_known_format_in_a_folder_is_an_error_naming_that_file()
    {
        var stray = _dir.Write("logs/README.md", "# notes\n");
        var e = Assert.Throws<TraceCurateException>(() => Resolve(null, Spec("logs")));
        Assert.Equal(stray, e.Diagnostics[0].Path);
        Assert.Equal(DiagnosticCodes.UnknownFormat, e.Diagnostics[0].Code);
    }

    [Fact]
    public void Files_detected_in_parallel_keep_their_order_and_the_first_bad_one_in_order_is_the_error()
    {
        // Many files, so that detection runs on several threads; their readers must stay with their own files.
        for (var k = 0; k < 200; k++) _dir.Write($"many/{k:D3}.jsonl", (k % 2 == 0 ? AgentTraceLine : CodexLine) + "\n");
        var files = Resolve(null, Spec("many"));
        Assert.Equal(Enumerable.Range(0, 200).Select(k => $"many/{k:D3}.jsonl"), Names(files));
        Assert.All(files.Select((f, k) => (f, k)), x => Assert.Equal(x.k % 2 == 0 ? "agenttrace" : "codex", x.f.Reader.Format));
        // Two files of no known format: the one first in input order is named, as when they were detected one by one.
        var first = _dir.Write("many/050.md", "# notes\n");
        _dir.Write("many/150.md", "# more notes\n");
        var e = Assert.Throws<TraceCurateException>(() => Resolve(null, Spec("many")));
        Assert.Equal(first, e.Diagnostics[0].Path);
    }

    [Fact]
    public void Each_file_length_is_the_size_of_the_file_or_of_the_one_a_link_names()
    {
        // The walk's statx reports the size the reading plans with; FileInfo of the file (or of a link's target) is the reference.
        _dir.Write("sized/long.jsonl", string.Concat(Enumerable.Repeat(CodexLine + "\n", 300)));
        _dir.Write("sized/empty-ish.jsonl", CodexLine);
        var linked = _dir.File("sized/link.jsonl");
        try
        {
            File.CreateSymbolicLink(linked, _dir.File("sized/long.jsonl"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            linked = null; // no symbolic links here: the plain files still count
        }
        foreach (var spec in new[] { Spec("sized"), Spec("sized/*.jsonl"), Spec("sized/long.jsonl"), Spec("sized", "codex") })
        {
            var files = Resolve(null, spec);
            Assert.NotEmpty(files);
            Assert.All(files, f => Assert.Equal(SizeOf(f.Path), f.Length));
            Assert.All(files, f => Assert.True(f.Length > 0));
        }
        if (linked is not null) Assert.Equal(new FileInfo(_dir.File("sized/long.jsonl")).Length, Resolve(null, Spec("sized/link.jsonl")).Single().Length);
    }

    /// <summary>The size of the file a path names, through links (FileInfo alone gives a link's own size, which the resolver once took).</summary>
    private static long SizeOf(string path) => ((FileInfo?)new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true) ?? new FileInfo(path)).Length;

    [Fact]
    public void A_broken_gzip_file_is_a_diagnostic_naming_it_not_a_crash()
    {
        // A gzip header, then a deflate block of the reserved type 11: the stream is corrupt from its first block.
        var broken = _dir.Write("logs/z.jsonl.gz", [0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff]);
        var e = Assert.Throws<TraceCurateException>(() => Resolve(null, Spec("logs/z.jsonl.gz")));
        Assert.Equal(broken, e.Diagnostics[0].Path);
        Assert.Equal(DiagnosticCodes.InputUnreadable, e.Diagnostics[0].Code);
    }

    [Fact]
    public void Relative_patterns_resolve_against_the_entry_base_folder()
    {
        var nested = new InputSpec("../logs/a.jsonl", _dir.File("recipes"), new RecipePosition("--input", 0, 0));
        Assert.Equal(["logs/a.jsonl"], Names(Resolve(null, nested)));
    }
}
