using TraceCurate.Diagnostics;
using TraceCurate.Outputs;
using TraceCurate.Pipeline;
using TraceCurate.Recipes;
using TraceCurate.Tests.Support;

namespace TraceCurate.Tests.Pipeline;

/// <summary>
/// Issue 28: with <c>out/sub</c> a symbolic link to another folder, an output <c>sub/x.jsonl</c> overwrote a file outside
/// the output folder. <c>run</c> now follows the links already in the output folder before it writes anything, and
/// refuses, at the output's entry in the recipe, a path that leaves the folder or reaches another output's file.
/// </summary>
public sealed class OutputFolderLinkTests
{
    private static TempFolder WithInput()
    {
        var folder = new TempFolder();
        folder.Write("in.jsonl", AgentTraceLines.Samples());
        Directory.CreateDirectory(folder["out"]);
        return folder;
    }

    [Fact]
    public void An_output_through_a_link_that_leaves_the_output_folder_is_refused_before_anything_is_written()
    {
        using var folder = WithInput();
        folder.Write("elsewhere/x.jsonl", "precious\n");
        File.CreateSymbolicLink(folder["out/sub"], folder["elsewhere"]);

        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.Run(folder, """
            name: links
            inputs: [in.jsonl]
            outputs:
              - path: sub/x.jsonl
                format: trace
            """));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(("TC0002", folder["recipe.yaml"], 4L, 5), (d.Code, d.Path, d.Line, d.Column));
        Assert.Equal($"output 'sub/x.jsonl' would be written outside the output folder, to {folder["elsewhere/x.jsonl"]}: " +
                     $"{folder["out/sub"]} is a symbolic link that leads out of it; remove the link or choose another path", d.Message);
        Assert.Equal("precious\n", folder.Read("elsewhere/x.jsonl"));
        Assert.Equal(["sub"], Directory.EnumerateFileSystemEntries(folder["out"]).Select(Path.GetFileName));
    }

    [Fact]
    public void A_rejects_file_through_such_a_link_is_refused_at_the_rejects_key()
    {
        using var folder = WithInput();
        Directory.CreateDirectory(folder["elsewhere"]);
        File.CreateSymbolicLink(folder["out/logs"], folder["elsewhere"]);

        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.Run(folder, """
            name: links
            inputs: [in.jsonl]
            outputs: [{path: t.jsonl, format: trace}]
            rejects: logs/rejects.jsonl
            """));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal((4L, 10), (d.Line, d.Column));
        Assert.StartsWith("rejects file 'logs/rejects.jsonl' would be written outside the output folder", d.Message);
        Assert.False(File.Exists(folder["elsewhere/rejects.jsonl"]));
    }

    [Fact]
    public void Two_outputs_that_reach_one_file_through_a_link_inside_the_folder_are_refused()
    {
        using var folder = WithInput();
        Directory.CreateDirectory(folder["out/b"]);
        File.CreateSymbolicLink(folder["out/a"], "b"); // a relative link, to a folder inside the output folder

        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.Run(folder, """
            name: links
            inputs: [in.jsonl]
            outputs:
              - {path: b/x.jsonl, format: trace}
              - {path: a/x.jsonl, format: openai}
            """));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal((5L, 5), (d.Line, d.Column));
        Assert.Equal($"output 'a/x.jsonl' is the same file as 'b/x.jsonl' once the symbolic link {folder["out/a"]} is followed; choose another path", d.Message);
    }

    [Fact]
    public void An_output_that_reaches_the_manifest_through_a_link_is_refused()
    {
        using var folder = WithInput();
        File.CreateSymbolicLink(folder["out/here"], ".");

        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.Run(folder, """
            name: links
            inputs: [in.jsonl]
            outputs: [{path: here/manifest.json, format: trace}]
            """));

        Assert.StartsWith("output 'here/manifest.json' is the same file as 'manifest.json' once the symbolic link", Assert.Single(e.Diagnostics).Message);
    }

    [Fact]
    public void A_loop_of_links_in_the_output_folder_is_an_error_not_a_hang()
    {
        using var folder = WithInput();
        File.CreateSymbolicLink(folder["out/loop"], "loop");

        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.Run(folder, """
            name: links
            inputs: [in.jsonl]
            outputs: [{path: loop/x.jsonl, format: trace}]
            """));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal((3L, 11), (d.Line, d.Column));
        Assert.Equal($"output 'loop/x.jsonl' cannot be written: the symbolic links at {folder["out/loop"]} form a loop", d.Message);
    }

    [Fact]
    public void A_link_that_stays_inside_the_output_folder_and_reaches_no_other_output_passes_the_check()
    {
        using var folder = WithInput();
        Directory.CreateDirectory(folder["out/real"]);
        File.CreateSymbolicLink(folder["out/alias"], folder["out/real"]);
        var recipe = RecipeLoader.Load(folder.Write("recipe.yaml", """
            name: links
            outputs: [{path: alias/x.jsonl, format: trace}, {path: other.jsonl, format: trace}]
            rejects: real/rejects.jsonl
            """));

        OutputChecks.ThrowIfEscaping(recipe, folder["out"]); // throws on a refusal
    }

    [Fact]
    public void An_output_folder_that_is_itself_a_link_is_the_users_choice_and_is_followed()
    {
        using var folder = WithInput();
        Directory.CreateDirectory(folder["storage"]);
        File.CreateSymbolicLink(folder["out-link"], folder["storage"]);

        var result = RecipeRun.Run(folder, """
            name: links
            inputs: [in.jsonl]
            outputs: [{path: t.jsonl, format: trace}]
            """, outDir: "out-link");

        Assert.Equal(AgentTraceLines.Samples().Length, result.TracesKept);
        Assert.True(File.Exists(folder["storage/t.jsonl"]));
    }

    [Fact]
    public void Line_records_and_session_files_mixed_in_one_original_output_are_reported_at_the_output_entry()
    {
        using var folder = WithInput();
        File.Copy(RepoPaths.Samples("claude-code/cart-rounding.jsonl"), folder["session.jsonl"]);

        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.Run(folder, """
            name: mixed
            inputs: [in.jsonl, session.jsonl]
            outputs:
              - path: all.jsonl
                format: original
            """));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(("TC0008", folder["recipe.yaml"], 4L, 5), (d.Code, d.Path, d.Line, d.Column));
        Assert.StartsWith("output 'all.jsonl' (format: original) would mix line records (agenttrace) with whole session files (claude-code)", d.Message);
    }

    [Fact]
    public void A_bad_parquet_option_is_reported_at_the_output_entry()
    {
        using var folder = WithInput();

        var e = Assert.Throws<TraceCurateException>(() => RecipeRun.Run(folder, """
            name: codec
            inputs: [in.jsonl]
            outputs:
              - path: t.parquet
                format: parquet
                codec: lzo
            """));

        var d = Assert.Single(e.Diagnostics);
        Assert.Equal(("TC0008", folder["recipe.yaml"], 4L, 5), (d.Code, d.Path, d.Line, d.Column));
        Assert.Equal("output 't.parquet' (format: parquet): codec 'lzo' is not one of snappy, gzip, zstd, none", d.Message);
    }
}
