using TraceCurate.Formats;
using TraceCurate.Pipeline;
using TraceCurate.Tests.Formats;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

/// <summary>
/// End-to-end reading: the tool's own <c>trace</c> output read back (recipes chain), <c>.gz</c> inputs, and inputs and
/// formats given on the command line instead of in the recipe.
/// </summary>
public sealed class ChainedRecipeTests : IDisposable
{
    private readonly TempFolder _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Samples(string format) => RepoPaths.Samples(format).Replace('\\', '/');

    [Fact]
    public void Reading_the_trace_output_back_gives_the_same_traces_byte_for_byte()
    {
        var first = RecipeRun.RunLogged(_dir, $"""
            name: first
            inputs: ["{Samples("agenttrace")}", "{Samples("codex")}", "{Samples("swe-agent")}", "{Samples("mini-swe-agent")}", "{Samples("pi")}", "{Samples("claude-code")}"]
            outputs:
              - path: traces.jsonl
                format: trace
            """, recipeName: "first.yaml");
        var firstOutput = Path.Combine(first.OutDir, "traces.jsonl");
        var second = RecipeRun.RunLogged(_dir, $"""
            name: second
            inputs: ["{firstOutput.Replace('\\', '/')}"]
            outputs:
              - path: traces.jsonl
                format: trace
            """, recipeName: "second.yaml");

        Assert.Equal("trace", Assert.Single(second.Result.Inputs).File.Reader.Format); // detected, not forced
        var before = File.ReadAllBytes(firstOutput);
        Assert.True(before.Length > 0);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(second.OutDir, "traces.jsonl")));
        var formats = ReaderRun.File(new TraceJsonlReader(), firstOutput).Select(t => t.Format).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(["agenttrace", "claude-code", "codex", "mini-swe-agent", "pi", "swe-agent"], formats); // each trace keeps the format it was first read from
    }

    [Fact]
    public void A_gzip_input_reads_like_the_plain_file()
    {
        var sample = Directory.EnumerateFiles(RepoPaths.Samples("codex")).Order(StringComparer.Ordinal).First();
        _dir.Write("plain/s.jsonl", File.ReadAllBytes(sample));
        _dir.Write("packed/s.jsonl.gz", FormatDetectorTests.Gzip(File.ReadAllBytes(sample)));
        const string recipe = "name: NAME\ninputs: [DIR/]\noutputs:\n  - path: t.jsonl\n    format: trace\n";
        var plain = RecipeRun.RunLogged(_dir, recipe.Replace("NAME", "p").Replace("DIR", "plain"), recipeName: "p.yaml");
        var packed = RecipeRun.RunLogged(_dir, recipe.Replace("NAME", "g").Replace("DIR", "packed"), recipeName: "g.yaml");
        Assert.Equal(File.ReadAllBytes(Path.Combine(plain.OutDir, "t.jsonl")), File.ReadAllBytes(Path.Combine(packed.OutDir, "t.jsonl")));
        Assert.Equal("codex", packed.Result.Inputs[0].File.Reader.Format);
        Assert.Equal(new FileInfo(_dir.File("packed/s.jsonl.gz")).Length, packed.Result.Inputs[0].Bytes); // hashed as stored
    }

    [Fact]
    public void Command_line_inputs_replace_the_recipe_inputs_and_format_forces_the_reader()
    {
        const string recipe = "name: cli\ninputs: [does/not/exist]\noutputs:\n  - path: t.jsonl\n    format: trace\n";
        var swe = Samples("swe-agent") + "/*.traj";
        var run = RecipeRun.RunLogged(_dir, recipe, new RunOptions { Inputs = [swe] });
        Assert.Equal(1, run.Result.TracesRead);
        Assert.Equal("swe-agent", run.Result.Inputs[0].File.Reader.Format);

        // Forcing the wrong reader is the user's call: the file is then a bad record of that format, not a crash.
        var e = Assert.Throws<Diagnostics.TraceCurateException>(() =>
            RecipeRun.RunLogged(_dir, recipe, new RunOptions { Inputs = [swe], Format = "codex" }, "forced.yaml"));
        Assert.Contains("example__timekit-17.traj", e.Diagnostics[0].ToString());
    }

    [Fact]
    public void The_all_formats_recipe_reads_each_sample_as_the_format_of_its_folder()
    {
        var result = RecipeJob.Run(Path.Combine(RepoPaths.Root, "recipes", "all-formats.yaml"),
            new RunOptions { OutDir = _dir.File("all"), Cache = TraceCurate.Scripting.CompileCache.Disabled, Threads = 2 });
        // A sample may sit in a subfolder of its format's folder (a Claude Code session folder with sub-agent files).
        string FormatFolder(string path) => Path.GetRelativePath(RepoPaths.Samples(), path).Split(Path.DirectorySeparatorChar)[0];
        Assert.All(result.Inputs, i => Assert.Equal(FormatFolder(i.File.Path), i.File.Reader.Format));
        foreach (var format in new[] { "agenttrace", "codex", "swe-agent", "mini-swe-agent", "pi", "claude-code", "openhands", "openhands-output" })
            Assert.Equal(Directory.EnumerateFiles(RepoPaths.Samples(format), "*", SearchOption.AllDirectories).Count(f => !f.EndsWith(".meta.json", StringComparison.Ordinal)),
                result.Inputs.Count(i => i.File.Reader.Format == format)); // a sub-agent's meta file is read with its agent file
        Assert.Equal(result.TracesRead, File.ReadAllLines(Path.Combine(_dir.File("all"), "traces.jsonl")).Length);
    }
}
