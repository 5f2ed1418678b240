using TraceCurate.Diagnostics;
using TraceCurate.Formats;
using TraceCurate.Inspect;
using TraceCurate.Reading;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Reading;

/// <summary>
/// Inputs resolved on their own thread while reading starts (<see cref="ResolvingInputs"/>, used by <c>inspect</c> and
/// <c>report</c>): the inputs given out are those <see cref="InputResolver.Resolve(IEnumerable{InputSpec}, string?, bool, ICollection{string}?)"/>
/// returns, in its order, and what the user is told (errors, the files skipped, warnings) is what resolving every input
/// before reading told: a resolution error wins over a bad record in an earlier file, and the skipped list comes first.
/// The folders are larger than one detection chunk (128 files), so inputs are given out while others are detected.
/// </summary>
public sealed class ResolvingInputsTests : IDisposable
{
    private const int Copies = 300;

    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Sample(string format, string name) => File.ReadAllText(RepoPaths.Samples(format, name));

    /// <summary>
    /// s/codex/rNNN.jsonl: <see cref="Copies"/> copies of a Codex session, of which r002 has its last line cut and r005 a
    /// malformed line; s/mixed: Pi and AgentTrace files; s/zz/notes.txt: text no reader claims (last in input order).
    /// </summary>
    private string Folder()
    {
        var codex = Sample("codex", "rollout-2025-10-14T09-12-03-0199a3c2-5b1e-7d40-9f1a-3c2b8e4d7a10.jsonl");
        var lines = codex.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var i = 0; i < Copies; i++) _dir.Write($"s/codex/r{i:D3}.jsonl", codex);
        _dir.Write("s/codex/r002.jsonl", codex.TrimEnd('\n')[..^20]);
        lines.Insert(2, "{\"bad json");
        _dir.Write("s/codex/r005.jsonl", string.Concat(lines.Select(l => l + "\n")));
        _dir.Write("s/mixed/a-pi.jsonl", Sample("pi", "fix-grid-snap.jsonl"));
        _dir.Write("s/mixed/b-agenttrace.jsonl", Sample("agenttrace", "mbpp.jsonl"));
        _dir.Write("s/zz/notes.txt", "not a trace\n");
        return _dir.File("s");
    }

    private InputSpec Spec(string pattern, string? format = null) =>
        new(pattern, _dir.Path, new RecipePosition("INPUT", 0, 0)) { Format = format };

    [Fact]
    public void The_inputs_given_out_are_the_resolved_list_in_its_order()
    {
        Folder();
        InputSpec[] specs = [Spec("s"), Spec("s/mixed/a-pi.jsonl"), Spec("s/zz/notes.txt", "agenttrace"), Spec("s/mixed/*.jsonl")];
        var skipped = new List<string>();
        var reference = InputResolver.Resolve(specs, null, skipUnknown: true, skipped);

        using var resolving = ResolvingInputs.Start(specs, null, skipUnknown: true);
        var givenOut = resolving.InOrder().ToList();
        var all = resolving.Wait();

        Assert.Equal(Copies + 2, reference.Count); // notes.txt skipped in the folder, and then not read again when named
        Assert.Equal(reference.Select(f => (f.Path, f.Reader.Format, f.Length)), givenOut.Select(f => (f.Path, f.Reader.Format, f.Length)));
        Assert.Equal(reference.Select(f => (f.Path, f.Reader.Format)), all.Select(f => (f.Path, f.Reader.Format)));
        Assert.Equal(skipped, resolving.Skipped);
        Assert.Equal([_dir.File("s/zz/notes.txt")], skipped);
        for (var i = 0; i < all.Count; i++) Assert.Equal(all[i].Path, resolving[i].Path);
    }

    [Fact]
    public void Inputs_not_kept_are_the_same_inputs_and_those_released_are_no_longer_held()
    {
        Folder();
        InputSpec[] specs = [Spec("s"), Spec("s/mixed/a-pi.jsonl")];
        var reference = InputResolver.Resolve(specs, null, skipUnknown: true);

        using var resolving = ResolvingInputs.Start(specs, null, skipUnknown: true, keepInputs: false);
        var givenOut = new List<(string, string)>();
        var index = 0;
        foreach (var input in resolving.InOrder())
        {
            givenOut.Add((input.Path, input.Reader.Format));
            Assert.Same(input, resolving[index]);
            if (index > 0) resolving.Release(index); // the one before is done with
            if (index > 0) Assert.Throws<InvalidOperationException>(() => resolving[index - 1]);
            index++;
        }

        Assert.Equal(reference.Select(f => (f.Path, f.Reader.Format)), givenOut);
        Assert.Equal(reference.Count, resolving.WaitForCount());
        Assert.Equal(reference.Count, resolving.Count);
        Assert.Throws<InvalidOperationException>(() => resolving.Wait()); // the list was not kept
        Assert.Equal(reference[^1].Path, resolving[reference.Count - 1].Path); // not released: still there
    }

    [Fact]
    public void A_failed_resolution_ends_the_inputs_and_its_error_is_the_one_resolving_first_throws()
    {
        Folder();
        InputSpec[] specs = [Spec("s")];
        var expected = Assert.Throws<TraceCurateException>(() => InputResolver.Resolve(specs, null));

        using var resolving = ResolvingInputs.Start(specs, null, skipUnknown: false);
        var givenOut = new List<InputFile>();
        Assert.Throws<OperationCanceledException>(() =>
        {
            foreach (var input in resolving.InOrder()) givenOut.Add(input);
        });
        var error = Assert.Throws<TraceCurateException>(() => resolving.Wait());
        using var notKept = ResolvingInputs.Start(specs, null, skipUnknown: false, keepInputs: false);
        Assert.Equal(expected.Message, Assert.Throws<TraceCurateException>(() => notKept.WaitForCount()).Message);

        Assert.Equal(expected.Message, error.Message);
        Assert.Equal(DiagnosticCodes.UnknownFormat, Assert.Single(error.Diagnostics).Code);
        // What was given out before the error are the first of the files before notes.txt, a detection chunk or more.
        var before = InputResolver.Resolve(specs, null, skipUnknown: true);
        Assert.InRange(givenOut.Count, 128, before.Count - 1);
        Assert.Equal(before.Take(givenOut.Count).Select(f => f.Path), givenOut.Select(f => f.Path));
    }

    [Fact]
    public void Inspect_reports_a_later_file_of_no_format_before_an_earlier_bad_record_and_logs_nothing()
    {
        var folder = Folder();
        var log = new StringWriter();

        var error = Assert.Throws<TraceCurateException>(() =>
            InspectJob.Run(new InspectOptions { Inputs = [folder], Threads = 2, Log = log }));

        Assert.Equal(DiagnosticCodes.UnknownFormat, Assert.Single(error.Diagnostics).Code);
        Assert.Equal(_dir.File("s/zz/notes.txt"), error.Diagnostics[0].Path);
        Assert.Equal("", log.ToString()); // not the warning of r002's cut line, read before notes.txt was detected
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Inspect_logs_the_skipped_files_before_the_warnings_of_reading_and_names_every_input_in_order(int threads)
    {
        var folder = Folder();
        var log = new StringWriter();

        var inspection = InspectJob.Run(new InspectOptions
        {
            Inputs = [folder], Threads = threads, Log = log, SkipUnknown = true, SkipBadRecords = true,
        });

        var lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("skipped 1 file(s) that no reader claims (--skip-unknown):", lines[0]);
        Assert.EndsWith("notes.txt", lines[1]);
        Assert.Contains("r002.jsonl", lines[2]); // the cut last line
        Assert.Contains("r005.jsonl", lines[3]); // the malformed line, skipped
        Assert.Equal(4, lines.Length);
        var expected = InputResolver.Resolve([Spec("s")], null, skipUnknown: true).Select(f => DisplayPath.For(f.Path)).ToList();
        Assert.Equal(expected, inspection.Inputs.Select(i => i.Path));
        Assert.Equal(Copies + 2, inspection.Inputs.Count);
        Assert.All(inspection.Inputs, i => Assert.True(i.Records > 0, i.Path));
    }
}
